import MMCore

/// What a market's state machine asks its shell to do. The shell performs each action and feeds the
/// result back as a ``MarketInput``; the machine never waits for anything.
public enum MarketAction: Sendable, Hashable {
    /// Sign these orders, store their intents in one transaction, send them as one batch, and answer
    /// with ``MarketInput/posted(_:)``.
    case post([OrderRequest])
    /// Cancel these venue ids (the shell records `cancelling`, sends, answers with ``MarketInput/cancelled(_:)``).
    case cancel(orderIDs: [String])
    /// Cancel every order of ours in the market at the venue, whatever is tracked (catches a post whose
    /// answer was lost); answer with ``MarketInput/swept(orderIDs:)``.
    case sweep
    /// Ask the venue for our open orders in the market; answer with ``MarketInput/openOrders(_:_:)``.
    case queryOpenOrders(OpenOrdersPurpose)
    /// Make this fill durable; answer with ``MarketInput/fillStored(_:_:)``.
    case storeFill(MarketFill)
    /// Record these intent-log transitions the machine decided (adoption, loss, fills).
    case recordTransitions([IntentTransition])
    /// Store the economics derived from the machine's current ledger (group-committed by the shell; latest wins).
    case saveEconomics
    /// Store a risk event (`kind` is stable text for queries, `reason` is for people).
    case riskEvent(kind: String, reason: String)
    /// The market's net exposure changed: the shared caps must know.
    case exposure(net: Quantity)
    /// Collateral a cancelled BUY no longer needs goes back to the balance pre-flight.
    case releaseCollateral(Money)
    /// Fetch the trades of ours the venue reports (after the store recovered, a fill may be missing).
    case syncTrades
    /// Markouts of our fills came due: store them with their fills.
    case recordMarkouts([MarkoutTracker.Markout])
    case log(LogRecord)
}

/// One order the machine wants at the venue.
public struct OrderRequest: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case quote(QuoteLeg)
        case liquidation
        /// A taker order decided outside the market (``TakeOrder``).
        case take
    }

    public enum TimeInForce: Sendable, Hashable {
        case goodTillCancelled
        /// Good till `expirationSeconds` (Unix seconds, as signed in the order).
        case goodTillDate(expirationSeconds: Int64)
        case fillAndKill
    }

    /// Our id, chosen before signing; the answer carries it back.
    public var clientID: String
    public var outcome: Outcome
    public var side: Side
    /// On `outcome`'s book.
    public var price: Price
    public var size: Quantity
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    public var purpose: Purpose

    public init(
        clientID: String, outcome: Outcome, side: Side, price: Price, size: Quantity, timeInForce: TimeInForce, postOnly: Bool, purpose: Purpose
    ) {
        self.clientID = clientID
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.purpose = purpose
    }

    /// What the order would cost if it were a BUY that filled in full.
    public var cost: Money {
        guard side == .buy else { return .zero }
        return Money(micros: FixedPoint.multiplyDivide(price.micros, size.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? .max)
    }
}

/// A state change of one order that the machine decided (the shell records the ones its effects cause).
public struct IntentTransition: Sendable, Hashable {
    public var orderID: String
    public var state: OrderState
    public var detail: String?

    public init(orderID: String, state: OrderState, detail: String? = nil) {
        self.orderID = orderID
        self.state = state
        self.detail = detail
    }
}

/// A log line decided by the machine; the shell adds the market and writes it through its logger.
public struct LogRecord: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case debug, info, notice, warning, error }

    public var level: Level
    public var message: String
    public var metadata: [String: String]

    public init(_ level: Level, _ message: String, _ metadata: [String: String] = [:]) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }
}
