/// Near a market's end date the outcome becomes known and quotes become free options for informed
/// takers: sizes shrink linearly from `startMilliseconds` before the end, and quoting stops at
/// `stopMilliseconds` before it.
public struct ResolutionTaper: Hashable, Sendable {
    public var startMilliseconds: Int64
    public var stopMilliseconds: Int64

    public init(startMilliseconds: Int64 = 48 * 3_600_000, stopMilliseconds: Int64 = 6 * 3_600_000) {
        self.startMilliseconds = max(startMilliseconds, stopMilliseconds)
        self.stopMilliseconds = stopMilliseconds
    }

    public enum Decision: Hashable, Sendable {
        case full
        /// Scale sizes by this fraction (0 < f < 1).
        case shrink(Ratio)
        case stop
    }

    /// What to do at `now` for a market ending at `end` (`nil`: no known end, quote normally).
    public func decide(endMilliseconds end: Int64?, nowMilliseconds now: Int64) -> Decision {
        guard let end else { return .full }
        let remaining = end - now
        if remaining <= stopMilliseconds { return .stop }
        if remaining >= startMilliseconds || startMilliseconds == stopMilliseconds { return .full }
        let fraction = FixedPoint.multiplyDivide(remaining - stopMilliseconds, FixedPoint.scale, dividingBy: startMilliseconds - stopMilliseconds, rounding: .down) ?? 0
        return .shrink(Ratio(micros: fraction))
    }
}
