import MMCore

/// How a market's fair value moves: scripted waypoints (linear between them) or a drifting line, plus a
/// seeded random walk and jumps. All in micro-pUSD; clamped to [0.02, 0.98] until the market resolves
/// (``FairValueResolution``), when it becomes exactly 0 or 1.
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
    /// The market resolves (`fairValue.resolution`); `nil` = it never does within the scenario.
    public var resolution: FairValueResolution? = nil
}

/// `fairValue.resolution`: at `at` the market settles and fair value becomes 1 (YES) or 0 (NO). Over the
/// last `rampSeconds` before it, as on the venue's 15-minute markets (`docs/calibration.md`), the random
/// step grows linearly from `volatility` to `closeVolatility` and fair value is pulled toward the
/// outcome with a weight growing linearly from 0 to 1, so it arrives there continuously; with
/// `outcome: fair` the outcome is whichever side of 0.5 the unpulled value is on at that moment, so a
/// market near 0.5 at the close can swing across it (the large late moves of the recordings).
public struct FairValueResolution: Sendable, Hashable {
    public enum Outcome: String, Sendable { case yes = "YES", no = "NO", fair }
    public var atMilliseconds: Int64
    public var outcome: Outcome
    public var rampMilliseconds: Int64 = 0
    /// Random step at `at` (micro-pUSD); `nil` = `volatility` throughout.
    public var closeVolatility: Int64? = nil

    public init(atMilliseconds: Int64, outcome: Outcome, rampMilliseconds: Int64 = 0, closeVolatility: Int64? = nil) {
        self.atMilliseconds = atMilliseconds
        self.outcome = outcome
        self.rampMilliseconds = rampMilliseconds
        self.closeVolatility = closeVolatility
    }

    /// When the ramp starts (ms since the scenario's start).
    var rampStart: Int64 { atMilliseconds - rampMilliseconds }
}

struct FairValueProcess: Sendable {
    let settings: FairValueSettings
    private(set) var walk: Int64 = 0
    private(set) var steps: Int64 = 0
    /// The settled price (0 or 1_000_000) once the resolution time has passed.
    private(set) var resolved: Int64?

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
    /// A resolved market no longer moves or draws.
    mutating func step(elapsed: Int64, random: inout SimRandom) -> Int64 {
        guard !resolveIfDue(elapsed: elapsed) else { return value(elapsed: elapsed) }
        steps += 1
        move(elapsed: elapsed, random: &random)
        return value(elapsed: elapsed)
    }

    /// One random move at `elapsed`: a uniform step of ±volatility (as ramped toward the close), then a
    /// jump with its probability.
    mutating func move(elapsed: Int64, random: inout SimRandom) {
        let volatility = volatility(at: elapsed)
        if volatility > 0 { walk += (random.millionths() - 500_000) * 2 * volatility / 1_000_000 }
        if settings.jumpProbabilityMillionths > 0, random.millionths() < settings.jumpProbabilityMillionths {
            walk += random.millionths() < 500_000 ? -settings.jumpSize : settings.jumpSize
        }
    }

    /// Event timing: drift accrues per elapsed step, however rarely the market wakes (not after resolution).
    mutating func setElapsedSteps(_ count: Int64) { if resolved == nil { steps = count } }

    /// Settles the market once `elapsed` reaches the resolution time; whether it is resolved.
    mutating func resolveIfDue(elapsed: Int64) -> Bool {
        if resolved != nil { return true }
        guard let resolution = settings.resolution, elapsed >= resolution.atMilliseconds else { return false }
        resolved = target(resolution, raw: raw(elapsed: resolution.atMilliseconds))
        return true
    }

    /// Whether the process moves on its own (noise, jumps, drift, waypoints, a coming resolution), as opposed to a constant.
    var isMoving: Bool {
        settings.volatility > 0 || settings.jumpProbabilityMillionths > 0 || settings.drift != 0 || !settings.waypoints.isEmpty || settings.resolution != nil
    }

    /// The random step at `elapsed`: `volatility`, growing linearly to `closeVolatility` over the ramp.
    func volatility(at elapsed: Int64) -> Int64 {
        guard let resolution = settings.resolution, let close = resolution.closeVolatility, resolution.rampMilliseconds > 0, elapsed > resolution.rampStart else {
            return settings.volatility
        }
        let progress = min(elapsed - resolution.rampStart, resolution.rampMilliseconds)
        return settings.volatility + (close - settings.volatility) * progress / resolution.rampMilliseconds
    }

    /// Scripted part plus walk, clamped to [0.02, 0.98]: fair value before any pull toward resolution.
    func raw(elapsed: Int64) -> Int64 { min(max(base(elapsed: elapsed) + walk, 20_000), 980_000) }

    /// Fair value at `elapsed` (also a future `elapsed`, for informed takers: they know the outcome the
    /// market is heading to as of now).
    func value(elapsed: Int64) -> Int64 {
        if let resolved { return resolved }
        let raw = raw(elapsed: elapsed)
        guard let resolution = settings.resolution, elapsed > resolution.rampStart else { return raw }
        let target = target(resolution, raw: raw)
        guard elapsed < resolution.atMilliseconds else { return target }
        return raw + (target - raw) * (elapsed - resolution.rampStart) / resolution.rampMilliseconds
    }

    /// 1 or 0: the scripted outcome, or (`fair`) the side of 0.5 `raw` is on (0.5 itself resolves YES).
    private func target(_ resolution: FairValueResolution, raw: Int64) -> Int64 {
        switch resolution.outcome {
        case .yes: 1_000_000
        case .no: 0
        case .fair: raw >= 500_000 ? 1_000_000 : 0
        }
    }
}
