/// Volatility and trend protection settings (roadmap "Market Volatility Protection").
public struct VolatilitySettings: Hashable, Sendable {
    public var isEnabled: Bool
    /// The rolling window over which realized volatility is measured, in milliseconds.
    public var windowMilliseconds: Int64
    /// Pause quoting when realized volatility over the window reaches this (micro-pUSD).
    public var pauseThreshold: Int64
    /// Resume once volatility stays below this for `calmPeriodMilliseconds` (≤ pauseThreshold: hysteresis).
    public var resumeThreshold: Int64
    public var calmPeriodMilliseconds: Int64
    /// The window over which the mid's net move is a trend, in milliseconds.
    public var trendWindowMilliseconds: Int64
    /// A net move of at least this much (micro-pUSD) over the trend window pulls the side being run over.
    public var trendThreshold: Int64
    /// Extra offset added to both legs per unit of volatility (0.5 = half the realized volatility).
    public var widenFactor: Ratio
    /// Cap on that extra offset, micro-pUSD.
    public var maxWiden: Int64
    /// Judge volatility and trend against the market's own recent behaviour: the thresholds above hold for
    /// a market whose usual volatility is `normalVolatility`, and scale up with a market that is usually
    /// livelier (learnt online, never below the configured values).
    public var isRelative: Bool
    /// The usual realized volatility over the window the thresholds were set for (the learning's prior).
    public var normalVolatility: Int64

    public init(
        isEnabled: Bool = true, windowMilliseconds: Int64 = 300_000, pauseThreshold: Int64 = 40_000, resumeThreshold: Int64 = 20_000,
        calmPeriodMilliseconds: Int64 = 120_000, trendWindowMilliseconds: Int64 = 600_000, trendThreshold: Int64 = 30_000,
        widenFactor: Ratio = Ratio(micros: 500_000), maxWiden: Int64 = 20_000, isRelative: Bool = true, normalVolatility: Int64 = 10_000
    ) {
        self.isRelative = isRelative
        self.normalVolatility = normalVolatility
        self.isEnabled = isEnabled
        self.windowMilliseconds = windowMilliseconds
        self.pauseThreshold = pauseThreshold
        self.resumeThreshold = resumeThreshold
        self.calmPeriodMilliseconds = calmPeriodMilliseconds
        self.trendWindowMilliseconds = trendWindowMilliseconds
        self.trendThreshold = trendThreshold
        self.widenFactor = widenFactor
        self.maxWiden = maxWiden
    }
}

/// The direction the midpoint is running.
public enum Trend: String, Sendable, Hashable, Codable {
    case up, down, none

    /// The leg a trend runs over: rising prices lift our asks, falling prices hit our bids.
    public var exposedLeg: QuoteLeg? {
        switch self {
        case .up: .ask
        case .down: .bid
        case .none: nil
        }
    }
}

/// What the volatility monitor tells the quoter.
public struct VolatilityAssessment: Hashable, Sendable {
    /// √(Σ Δmid²) over the window, micro-pUSD.
    public var realizedVolatility: Int64
    public var isPaused: Bool
    public var trend: Trend
    /// Extra offset for both legs, micro-pUSD.
    public var widening: Int64
    /// Set when this evaluation changed the pause state.
    public var transition: Transition?

    public enum Transition: Hashable, Sendable { case paused, resumed }
}

/// Rolling realized volatility of the midpoint with pause / calm-period resume and a trend detector.
///
/// Realized volatility here is √(Σ Δ²) of successive mid samples inside the window: the root of the
/// summed squared moves. It is exact integer arithmetic, grows with both jump size and churn, and is
/// 0 on a still market. The pause has hysteresis: it starts at `pauseThreshold` and lifts only after the
/// volatility has stayed under `resumeThreshold` for a whole calm period.
public struct VolatilityMonitor: Sendable {
    public var settings: VolatilitySettings
    private var samples: [(time: Int64, mid: Int64)] = []
    private var head = 0
    public private(set) var isPaused = false
    private var calmSince: Int64?
    /// The market's usual volatility, learnt once a minute (starts at `normalVolatility`).
    public private(set) var usualVolatility: Int64
    private var learnt: Int64 = 0
    private var lastLearntSlot: Int64?
    /// How often the usual level learns from the window's volatility.
    static let learningIntervalMilliseconds: Int64 = 10_000

    public init(settings: VolatilitySettings) {
        self.settings = settings
        usualVolatility = settings.normalVolatility
    }

    /// How much livelier than normal this market usually is, in millionths (≥ 1.0): the thresholds' scale.
    public var thresholdScale: Int64 {
        guard settings.isRelative, settings.normalVolatility > 0 else { return FixedPoint.scale }
        return max(FixedPoint.multiplyDivide(usualVolatility, FixedPoint.scale, dividingBy: settings.normalVolatility, rounding: .down) ?? FixedPoint.scale, FixedPoint.scale)
    }

    func scaled(_ threshold: Int64) -> Int64 {
        FixedPoint.multiplyDivide(threshold, thresholdScale, dividingBy: FixedPoint.scale, rounding: .down) ?? threshold
    }

    /// Every 10 s the window's volatility teaches the usual level: an exponentially weighted mean over
    /// about an hour (weight 1 / min(n + 3, 360)), starting from a prior worth three samples, so a
    /// market that is always lively is judged against itself within a couple of minutes. A sample
    /// counts at most three times the usual level: with an hour of history a crash lifts the level by
    /// well under one percent per sample, so it stays an incident rather than becoming normal.
    private mutating func learn(_ volatility: Int64, nowMilliseconds now: Int64) {
        let slot = now / Self.learningIntervalMilliseconds
        guard settings.isRelative, lastLearntSlot != slot else { return }
        lastLearntSlot = slot
        let sample = min(volatility, usualVolatility * 3)
        let weight = min(learnt + 3, 360)
        usualVolatility += (sample - usualVolatility) / weight
        learnt += 1
    }

    /// Adds a midpoint observation (call on every book change; repeats of the same mid are cheap).
    public mutating func record(mid: Price, nowMilliseconds now: Int64) {
        if head < samples.count, samples[samples.count - 1].mid == mid.micros { return }
        samples.append((now, mid.micros))
        let horizon = now - max(settings.windowMilliseconds, settings.trendWindowMilliseconds)
        while head < samples.count - 1, samples[head].time < horizon { head += 1 }
        if head > 64, head * 2 > samples.count {
            samples.removeFirst(head)
            head = 0
        }
    }

    /// √(Σ Δ²) over the volatility window ending at `now`; the last sample before the window anchors
    /// the first move inside it.
    public func realizedVolatility(nowMilliseconds now: Int64) -> Int64 {
        let start = now - settings.windowMilliseconds
        var index = head
        while index + 1 < samples.count, samples[index + 1].time < start { index += 1 }
        var sum: UInt64 = 0
        while index + 1 < samples.count {
            let delta = (samples[index + 1].mid - samples[index].mid).magnitude
            sum &+= delta * delta
            index += 1
        }
        return Int64(FixedPoint.integerSquareRoot(sum))
    }

    /// The mid's net move over the trend window.
    public func trend(nowMilliseconds now: Int64) -> Trend {
        trend(nowMilliseconds: now, threshold: scaled(settings.trendThreshold))
    }

    func trend(nowMilliseconds now: Int64, threshold: Int64) -> Trend {
        guard head < samples.count else { return .none }
        let start = now - settings.trendWindowMilliseconds
        let anchorIndex = (head..<samples.count).first { samples[$0].time >= start }.map { max($0 - 1, head) } ?? samples.count - 1
        let move = samples[samples.count - 1].mid - samples[anchorIndex].mid
        if move >= threshold { return .up }
        if move <= -threshold { return .down }
        return .none
    }

    /// Evaluates pause/resume, trend and widening at `now`.
    public mutating func assess(nowMilliseconds now: Int64) -> VolatilityAssessment {
        let volatility = realizedVolatility(nowMilliseconds: now)
        guard settings.isEnabled else {
            return VolatilityAssessment(realizedVolatility: volatility, isPaused: false, trend: .none, widening: 0, transition: nil)
        }
        learn(volatility, nowMilliseconds: now)
        var transition: VolatilityAssessment.Transition?
        if isPaused {
            if volatility < scaled(settings.resumeThreshold) {
                let since = calmSince ?? now
                calmSince = since
                if now - since >= settings.calmPeriodMilliseconds {
                    isPaused = false
                    calmSince = nil
                    transition = .resumed
                }
            } else {
                calmSince = nil
            }
        } else if volatility >= scaled(settings.pauseThreshold) {
            isPaused = true
            calmSince = nil
            transition = .paused
        }
        let widening = min(settings.widenFactor.of(volatility), settings.maxWiden)
        return VolatilityAssessment(
            realizedVolatility: volatility, isPaused: isPaused, trend: trend(nowMilliseconds: now), widening: widening, transition: transition)
    }
}
