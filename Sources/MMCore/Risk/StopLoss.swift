/// How a stop-loss (or `mmctl liquidate`) exits a position (roadmap Phase 3).
public enum LiquidationMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Take the opposite side now with FAK orders, no worse than mid − slippage cap.
    case market
    /// Rest a post-only order at the midpoint and reprice it as mid moves.
    case limit
    /// Cancel quotes and wait for the operator.
    case passive
}

/// Stop-loss settings of one market.
public struct StopLossSettings: Hashable, Sendable {
    public var isEnabled: Bool
    /// Trigger when unrealized P&L falls below this (negative, e.g. −10 pUSD).
    public var maxUnrealizedLoss: Money
    /// Trigger when the UTC day's P&L falls below this (negative, e.g. −50 pUSD).
    public var maxDailyLoss: Money
    /// Trigger when a one-sided position is older than this many milliseconds; `nil` disables.
    public var maxPositionAgeMilliseconds: Int64?
    public var mode: LiquidationMode
    /// Market mode: the worst price accepted, as a distance from mid in micro-pUSD.
    public var slippageCap: Int64
    public var resumeAfterLiquidation: Bool
    public var cooldownMilliseconds: Int64

    public init(
        isEnabled: Bool = false, maxUnrealizedLoss: Money = Money(micros: -10_000_000), maxDailyLoss: Money = Money(micros: -50_000_000),
        maxPositionAgeMilliseconds: Int64? = nil, mode: LiquidationMode = .market, slippageCap: Int64 = 30_000,
        resumeAfterLiquidation: Bool = false, cooldownMilliseconds: Int64 = 30 * 60_000
    ) {
        self.isEnabled = isEnabled
        self.maxUnrealizedLoss = maxUnrealizedLoss
        self.maxDailyLoss = maxDailyLoss
        self.maxPositionAgeMilliseconds = maxPositionAgeMilliseconds
        self.mode = mode
        self.slippageCap = slippageCap
        self.resumeAfterLiquidation = resumeAfterLiquidation
        self.cooldownMilliseconds = cooldownMilliseconds
    }
}

/// Why a stop fired.
public enum StopTrigger: Hashable, Sendable, CustomStringConvertible {
    case unrealizedLoss(actual: Money, limit: Money)
    case dailyLoss(actual: Money, limit: Money)
    case positionAge(milliseconds: Int64, limit: Int64)
    case operatorRequest

    public var description: String {
        switch self {
        case .unrealizedLoss(let actual, let limit): "unrealized P&L \(actual) below \(limit)"
        case .dailyLoss(let actual, let limit): "daily P&L \(actual) below \(limit)"
        case .positionAge(let ms, let limit): "one-sided position held \(ms / 1000) s, limit \(limit / 1000) s"
        case .operatorRequest: "operator request"
        }
    }
}

/// An order that exits exposure. Always a SELL of tokens we hold, so it locks no collateral.
public struct LiquidationOrder: Hashable, Sendable {
    public enum TimeInForce: String, Sendable, Hashable { case fillAndKill = "FAK", postOnlyGTC = "GTC" }
    public var outcome: Outcome
    public var side: Side
    /// The limit (limit mode) or the worst acceptable price (market mode), on `outcome`'s book.
    public var price: Price
    public var size: Quantity
    public var timeInForce: TimeInForce
}

/// What the market looks like to the stop-loss supervisor at one instant.
public struct RiskSnapshot: Sendable {
    public var inventory: Inventory
    /// The YES midpoint the P&L is marked at.
    public var mid: Price
    public var tick: TickSize
    public var unrealized: Money
    /// Realized P&L plus rewards booked on today's UTC day.
    public var realizedToday: Money
    public var nowMilliseconds: Int64
    /// Below this the remaining position cannot be sold (venue minimum size): it counts as flat.
    public var minimumSize: Quantity

    public init(inventory: Inventory, mid: Price, tick: TickSize, unrealized: Money, realizedToday: Money, nowMilliseconds: Int64, minimumSize: Quantity) {
        self.inventory = inventory
        self.mid = mid
        self.tick = tick
        self.unrealized = unrealized
        self.realizedToday = realizedToday
        self.nowMilliseconds = nowMilliseconds
        self.minimumSize = minimumSize
    }
}
