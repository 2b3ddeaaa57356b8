import MMCore
import MMDecision

/// What a metrics scrape reads from one engine, in one actor hop (a thousand markets are read per scrape).
public struct EngineSnapshot: Sendable {
    public var market: String
    public var riskState: RiskState
    public var inventory: Inventory
    /// Realized trading P&L (sells and merges).
    public var realized: Money
    /// Mark-to-market at the current mid; zero without a mid.
    public var unrealized: Money
    /// Liquidity rewards and maker rebates credited.
    public var rewards: Money
    /// YES × mid + NO × (1 − mid); zero without a mid.
    public var positionValue: Money
    public var hasMid: Bool
    /// Orders resting at the venue now.
    public var restingOrders: Int
    /// Whether the model says the market's quotes score for rewards.
    public var isScoring: Bool
    public var isTwoSided: Bool
    /// The per-market position limit in force.
    public var limit: Quantity
    public var fillsApplied: Int
    /// Venue messages waiting in the engine's mailbox.
    public var mailboxDepth: Int
    /// Orders the venue accepted since the engine started.
    public var quotesPosted: Int = 0
    /// Time in each risk state and two-sided, as of the engine's last input.
    public var timeInState = TimeInState()
    /// Collateral the market ties up now: the position at the mid plus the resting buys (price × remaining).
    public var capital: Money = .zero
}

extension MarketEngine {
    public var snapshot: EngineSnapshot {
        let ledger = machine.ledger
        let mid = machine.book.mid
        var value = Money.zero
        if let mid {
            let inventory = ledger.inventory
            let yes = FixedPoint.multiplyDivide(inventory.yes.micros, mid.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
            let no = FixedPoint.multiplyDivide(inventory.no.micros, mid.complement.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
            value = Money(micros: yes + no)
        }
        return EngineSnapshot(
            market: market.id, riskState: machine.riskState, inventory: ledger.inventory, realized: ledger.realized,
            unrealized: mid.map { ledger.unrealized(mid: $0) } ?? .zero, rewards: ledger.rewards + ledger.rebates, positionValue: value, hasMid: mid != nil,
            restingOrders: machine.trackedOrders.count { $0.state == .live }, isScoring: machine.scoring.isScoring, isTwoSided: machine.isTwoSided,
            limit: machine.scoringLimit, fillsApplied: machine.fillsApplied, mailboxDepth: mailbox.depth, quotesPosted: machine.quotesPosted,
            timeInState: machine.timeInState, capital: value + Self.restingBuys(machine.trackedOrders))
    }
}

extension MarketEngine {
    /// Collateral our resting buy orders tie up: price × remaining, summed (sells are backed by the position).
    static func restingBuys(_ orders: [TrackedOrder]) -> Money {
        var micros: Int64 = 0
        for order in orders where order.state == .live && order.quote.side == .buy {
            micros += FixedPoint.multiplyDivide(order.quote.price.micros, order.remaining.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? 0
        }
        return Money(micros: micros)
    }
}
