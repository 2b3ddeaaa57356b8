import MMCore

/// A token bucket: `capacity` requests at once, refilled at `capacity` per `window`.
///
/// Pure and synchronous; the caller passes `now` in milliseconds and sleeps for the returned delay.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Int64
    public let windowMilliseconds: Int64
    /// Tokens in thousandths, so refill is exact without fractions.
    private var milliTokens: Int64
    private var lastRefill: Int64?
    /// 10^12 requests per window.
    public static let maximumCapacity: Int64 = 1_000_000_000_000

    public init(capacity: Int64, windowMilliseconds: Int64) {
        precondition(capacity > 0 && windowMilliseconds > 0)
        // Milli-token arithmetic stays far from overflow: larger limits behave as unlimited anyway.
        let capacity = min(capacity, Self.maximumCapacity)
        self.capacity = capacity
        self.windowMilliseconds = windowMilliseconds
        milliTokens = capacity * 1_000
    }

    /// Takes `cost` tokens if available and returns 0, else returns how many milliseconds to wait
    /// before trying again (nothing is taken).
    public mutating func take(_ cost: Int64 = 1, nowMilliseconds now: Int64) -> Int64 {
        refill(now)
        let needed = min(cost, capacity) * 1_000
        if milliTokens >= needed {
            milliTokens -= needed
            return 0
        }
        let missing = needed - milliTokens
        // Refill rate: capacity tokens per window = capacity*1000 milli-tokens per window ms.
        return (missing * windowMilliseconds + capacity * 1_000 - 1) / (capacity * 1_000)
    }

    /// Milliseconds until `cost` tokens are available (0 = now), taking nothing.
    public mutating func wait(_ cost: Int64 = 1, nowMilliseconds now: Int64) -> Int64 {
        refill(now)
        let needed = min(cost, capacity) * 1_000
        guard milliTokens < needed else { return 0 }
        return ((needed - milliTokens) * windowMilliseconds + capacity * 1_000 - 1) / (capacity * 1_000)
    }

    /// Takes `cost` tokens whatever is left: the bucket may go below zero (a charge known only after the
    /// work, like a cancel-all's count), and refills from there.
    public mutating func charge(_ cost: Int64, nowMilliseconds now: Int64) {
        refill(now)
        milliTokens -= min(max(cost, 0), Self.maximumCapacity) * 1_000
    }

    /// Whole tokens available now (negative after an overcharge).
    public mutating func available(nowMilliseconds now: Int64) -> Int64 {
        refill(now)
        return milliTokens >= 0 ? milliTokens / 1_000 : -((-milliTokens + 999) / 1_000)
    }

    /// Milliseconds until the bucket is full again.
    public func millisecondsToFull() -> Int64 {
        let missing = capacity * 1_000 - milliTokens
        return missing <= 0 ? 0 : (missing * windowMilliseconds + capacity * 1_000 - 1) / (capacity * 1_000)
    }

    private mutating func refill(_ now: Int64) {
        defer { lastRefill = now }
        guard let last = lastRefill, now > last else { return }
        let elapsed = min(now - last, windowMilliseconds)
        let gained = FixedPoint.multiplyDivide(elapsed, capacity * 1_000, dividingBy: windowMilliseconds, rounding: .down) ?? capacity * 1_000
        milliTokens = min(capacity * 1_000, milliTokens + gained)
    }
}

extension EndpointClass {
    /// The venue's documented per-10-second limits (Cloudflare tier), used as defaults.
    public var defaultLimitPer10Seconds: Int64 {
        switch self {
        case .postOrder: 5_000
        case .postOrders: 2_000
        case .cancelOrder: 5_000
        case .cancelOrders: 2_000
        case .cancelAll: 250
        case .cancelMarket: 1_500
        case .balanceAllowance: 200
        case .balanceAllowanceUpdate: 50
        case .book, .price, .midpoint: 1_500
        case .books: 500
        case .tickSize: 200
        case .dataOrders, .dataTrades: 500
        case .apiKeys: 100
        case .heartbeat, .scoring, .rewards: 500
        case .general: 9_000
        }
    }
}
