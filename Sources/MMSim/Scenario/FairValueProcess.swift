import MMCore

/// How a market's fair value moves: scripted waypoints (linear between them) or a drifting line, plus a
/// seeded random walk and jumps. All in micro-pUSD; clamped to [0.02, 0.98].
public struct FairValueSettings: Sendable {
    public var start: Int64
    /// Largest random step per scenario step (uniform in ±volatility).
    public var volatility: Int64
    /// Added every step.
    public var drift: Int64
    public var jumpProbabilityMillionths: Int64
    public var jumpSize: Int64
    /// (time since start in ms, price micros), e.g. 0.44 → 0.55 over 30 min then → 0.32 over 10 min.
    public var waypoints: [(Int64, Int64)]
    /// Event timing only (``Scenario/Timing/events``): random moves (±volatility, jumps) per minute,
    /// in micro-units, arriving as a Poisson process; `nil` = one per step on average.
    public var movesPerMinute: Int64? = nil
}

struct FairValueProcess: Sendable {
    let settings: FairValueSettings
    private(set) var walk: Int64 = 0
    private(set) var steps: Int64 = 0

    init(settings: FairValueSettings) { self.settings = settings }

    /// The scripted part at `elapsed` ms: waypoint interpolation, or start + drift × steps.
    func base(elapsed: Int64) -> Int64 {
        let points = settings.waypoints
        guard let first = points.first else { return settings.start + settings.drift * steps }
        if elapsed <= first.0 { return elapsed == 0 || first.0 == 0 ? first.1 : settings.start + (first.1 - settings.start) * elapsed / first.0 }
        for (a, b) in zip(points, points.dropFirst()) where elapsed <= b.0 {
            return a.1 + (b.1 - a.1) * (elapsed - a.0) / max(b.0 - a.0, 1)
        }
        return points.last!.1
    }

    /// Advances one step with `random` and returns the fair value at `elapsed`.
    mutating func step(elapsed: Int64, random: inout SimRandom) -> Int64 {
        steps += 1
        move(random: &random)
        return value(elapsed: elapsed)
    }

    /// One random move: a uniform step of ±volatility, then a jump with its probability.
    mutating func move(random: inout SimRandom) {
        if settings.volatility > 0 { walk += (random.millionths() - 500_000) * 2 * settings.volatility / 1_000_000 }
        if settings.jumpProbabilityMillionths > 0, random.millionths() < settings.jumpProbabilityMillionths {
            walk += random.millionths() < 500_000 ? -settings.jumpSize : settings.jumpSize
        }
    }

    /// Event timing: drift accrues per elapsed step, however rarely the market wakes.
    mutating func setElapsedSteps(_ count: Int64) { steps = count }

    /// Whether the process moves on its own (noise, jumps, drift, waypoints), as opposed to a constant.
    var isMoving: Bool {
        settings.volatility > 0 || settings.jumpProbabilityMillionths > 0 || settings.drift != 0 || !settings.waypoints.isEmpty
    }

    func value(elapsed: Int64) -> Int64 { min(max(base(elapsed: elapsed) + walk, 20_000), 980_000) }
}
