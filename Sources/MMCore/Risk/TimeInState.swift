/// How long a market spent in each risk state and with both legs resting, accumulated from the states
/// its machine reports after each input.
///
/// Pure and deterministic: time comes in as `now` (Unix ms). The interval between two observations is
/// credited to the state of the first one, so a state counts from the input that entered it to the
/// input that left it. Time that runs backwards (a stepped clock) credits nothing.
public struct TimeInState: Sendable, Hashable {
    /// The first observation (Unix ms); `nil` before any.
    public private(set) var startedAt: Int64?
    /// The latest observation (Unix ms).
    public private(set) var observedAt: Int64?
    /// The state at the latest observation.
    public private(set) var state: RiskState?
    /// Whether both legs rested at the latest observation.
    public private(set) var isTwoSided = false
    /// Milliseconds spent in each state up to ``observedAt``.
    public private(set) var milliseconds: [RiskState: Int64] = [:]
    /// Milliseconds with both legs resting up to ``observedAt``.
    public private(set) var twoSidedMilliseconds: Int64 = 0

    public init() {}

    /// Credits the time since the previous observation to the previous state, then takes the new one.
    public mutating func observe(state new: RiskState, isTwoSided twoSided: Bool, nowMilliseconds now: Int64) {
        advance(to: now)
        if startedAt == nil { startedAt = now }
        state = new
        isTwoSided = twoSided
    }

    /// The figures as of `now`: the current state extended up to `now` (nothing is observed).
    public func asOf(nowMilliseconds now: Int64) -> TimeInState {
        var copy = self
        copy.advance(to: now)
        return copy
    }

    /// Milliseconds from the first observation to ``observedAt`` (0 before any).
    public var observedMilliseconds: Int64 {
        guard let startedAt, let observedAt else { return 0 }
        return observedAt - startedAt
    }

    private mutating func advance(to now: Int64) {
        if let observedAt, let state, now > observedAt {
            let elapsed = now - observedAt
            milliseconds[state, default: 0] += elapsed
            if isTwoSided { twoSidedMilliseconds += elapsed }
        }
        if let observedAt, now < observedAt { return }
        observedAt = now
    }
}
