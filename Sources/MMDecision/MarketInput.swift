import MMCore

/// Everything a market's decisions depend on, as one ordered stream of values. The shell around the
/// machine (an actor in the daemon, the same actor in the backtest, a plain loop in tests) turns venue
/// messages, timer ticks, operator commands and the results of its own effects into these.
public enum MarketInput: Sendable, Hashable {
    // MARK: The market
    /// A full book snapshot for one outcome's token (a NO snapshot is used only while nothing else is known).
    case bookSnapshot(OrderBook, outcome: Outcome)
    /// Level changes on the YES book (size zero removes the level).
    case levels([LevelChange])
    /// The venue re-gridded the market.
    case tickSize(TickSize)
    /// New reward parameters from the venue (they change live).
    case rewards(RewardParameters)
    /// A trade printed in the market (anyone's), in the YES view: taker flow for the objective.
    case trade(TradePrint)
    /// The limit the shared exposure caps leave this market, and which cap binds (`nil`: none).
    case exposureLimit(Quantity, boundBy: String?)
    /// The neg-risk event's bounds on this market's legs (no arbitrage across outcomes, the worst-case-loss
    /// cap); `nil` outside an event.
    case eventLimits(EventQuoteLimits?)

    // MARK: Our orders and fills
    /// A fill of ours reported by the venue (websocket or trade sync); it is stored before it counts.
    case fillReported(MarketFill)
    /// The store's answer for a reported fill: only now does the ledger see it.
    case fillStored(MarketFill, FillStoreResult)
    /// The venue says an order of ours left the book (cancelled, expired, filled), with its status.
    case orderGone(orderID: String, status: String)
    /// The answers to a ``MarketAction/post(_:)``, one per request.
    case posted([PostResult])
    /// The answer to a ``MarketAction/cancel(orderIDs:)``.
    case cancelled(CancelResult)
    /// The venue's open orders for this market, asked for by ``MarketAction/queryOpenOrders(_:)``; `nil` when it did not answer.
    case openOrders(OpenOrdersPurpose, [VenueOrder]?)
    /// The venue-side sweep of the market cancelled these ids.
    case swept(orderIDs: [String])
    /// What the intent log and the venue hold at startup: our orders still resting are adopted or cancelled.
    case startup(open: [VenueOrder], intents: [KnownIntent])
    /// A write to the store failed after its retries: fills or intents cannot be made durable.
    case storeFailed(reason: String)
    /// A write to the store succeeded again after a failure.
    case storeHealthy

    // MARK: Time and operators
    /// The scheduler's tick: debounced requotes, stop-loss, volatility and expiry deadlines.
    case timer
    case pause
    case resume
    case halt(reason: String)
    /// The venue's heartbeat failed: withdraw everything, quote again on ``heartbeatRestored``.
    case suspendForHeartbeat
    case heartbeatRestored
    /// Stop quoting and cancel everything (graceful shutdown).
    case shutdown
    /// `mmctl liquidate --mode …`.
    case liquidate(LiquidationMode)
    /// Taker orders decided outside the market: a neg-risk event's arbitrage legs (`strategy.negRiskArbitrage`).
    case take([TakeOrder])
    /// New strategy settings (`mmctl config set`, reload).
    case settings(QuoterSettings, rebalanceThreshold: Int64)
    /// Another quoting strategy (`mmctl config set strategy.kind`, reload).
    case strategy(StrategyChoice)
}

/// A quoting strategy as a value of the input stream: two are the same when they print the same (their
/// kind and every parameter), so a replayed stream compares equal.
public struct StrategyChoice: Sendable, Hashable {
    public let strategy: any QuotingStrategy

    public init(_ strategy: any QuotingStrategy) { self.strategy = strategy }

    var identity: String { String(describing: strategy) }

    public static func == (a: Self, b: Self) -> Bool { a.identity == b.identity }
    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}

/// A trade the venue printed, seen on the YES book: a taker SELL hit the bids, a BUY lifted the asks.
public struct TradePrint: Sendable, Hashable {
    public var takerSide: Side
    public var price: Price
    public var size: Quantity

    public init(takerSide: Side, price: Price, size: Quantity) {
        self.takerSide = takerSide
        self.price = price
        self.size = size
    }
}

/// One level of the YES book set to a new size.
public struct LevelChange: Sendable, Hashable {
    public var side: Side
    public var price: Price
    public var size: Quantity

    public init(side: Side, price: Price, size: Quantity) {
        self.side = side
        self.price = price
        self.size = size
    }
}

/// A fill of ours in this market, as the venue reported it.
public struct MarketFill: Sendable, Hashable {
    public var fill: Fill
    public var assetID: String
    public var isTaker: Bool
    /// The venue's event verbatim, for the audit trail (`nil` when it came from a trade sync).
    public var raw: String?

    public init(fill: Fill, assetID: String, isTaker: Bool, raw: String? = nil) {
        self.fill = fill
        self.assetID = assetID
        self.isTaker = isTaker
        self.raw = raw
    }
}

/// What storing a fill did.
public enum FillStoreResult: Sendable, Hashable {
    case written(FillWrite)
    /// The store refused it (after its retries): the fill does not count, and quoting stops.
    case failed(reason: String)
}

/// The venue's answer to one order request of a ``MarketAction/post(_:)``.
public struct PostResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Accepted; `status` is the venue's (`live`, `matched`, `delayed`, …).
        case accepted(status: String)
        /// Refused for lack of balance or allowance.
        case refusedForBalance(message: String)
        /// Refused for any other reason.
        case refused(message: String)
        /// Sent without an answer: it may exist; the venue must be asked before anything else is sent.
        case ambiguous(message: String)
        /// Never sent (the request failed before leaving, or the intent could not be stored).
        case notSent(message: String)
        /// Kept back by the balance pre-flight: the free collateral cannot fund it.
        case keptBack(availableMicros: Int64)
    }

    public var clientID: String
    /// The venue's id (the order hash), known once signed; `nil` when it was never signed.
    public var orderID: String?
    public var outcome: Outcome

    public init(clientID: String, orderID: String?, outcome: Outcome) {
        self.clientID = clientID
        self.orderID = orderID
        self.outcome = outcome
    }
}

/// The venue's answer to a cancel.
public enum CancelResult: Sendable, Hashable {
    /// `canceled` are gone; `notCanceled` were already gone (filled or cancelled), with the venue's reason.
    case answered(canceled: [String], notCanceled: [String: String], requested: [String])
    /// No answer: the orders are still ours to cancel.
    case failed(requested: [String], message: String)
}

/// Why the machine asked for the market's open orders.
public enum OpenOrdersPurpose: Sendable, Hashable {
    /// Ambiguous submits are resolved by whether the venue lists them.
    case resolveAmbiguous
    /// After a reconnect: orders the venue no longer lists are forgotten.
    case resync
}

/// One of our orders as the venue lists it.
public struct VenueOrder: Sendable, Hashable {
    public var id: String
    public var assetID: String
    public var originalSize: Quantity
    public var sizeMatched: Quantity

    public init(id: String, assetID: String, originalSize: Quantity, sizeMatched: Quantity) {
        self.id = id
        self.assetID = assetID
        self.originalSize = originalSize
        self.sizeMatched = sizeMatched
    }
}

/// An order the intent log says may rest at the venue.
public struct KnownIntent: Sendable, Hashable {
    public var orderID: String
    public var clientID: String
    public var side: Side
    public var price: Price
    public var size: Quantity
    /// The GTD expiry (Unix seconds), when the order has one.
    public var expirationSeconds: Int64?

    public init(orderID: String, clientID: String, side: Side, price: Price, size: Quantity, expirationSeconds: Int64? = nil) {
        self.orderID = orderID
        self.clientID = clientID
        self.side = side
        self.price = price
        self.size = size
        self.expirationSeconds = expirationSeconds
    }
}
