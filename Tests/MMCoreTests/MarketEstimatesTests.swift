import Testing

@testable import MMCore

@Suite struct MarketEstimatesTests {
    @Test func takerFlowStartsAtThePriorAndLearnsTheMarketsOwn() {
        var flow = TakerFlowEstimator(settings: TakerFlowEstimator.Settings(priorArrivalsPerMinute: 1_000_000, priorMeanSize: Quantity(shares: 10), priorMinutes: 5))
        let start: Int64 = 1_780_000_020_000
        flow.observe(nowMilliseconds: start)
        #expect(flow.flow(against: .bid, nowMilliseconds: start).arrivalsPerMinute == 1_000_000)
        // Ten sells of 50 a minute for twenty minutes.
        for minute in 0..<20 {
            for second in 0..<10 { flow.record(takerSide: .sell, size: Quantity(shares: 50), nowMilliseconds: start + Int64(minute) * 60_000 + Int64(second) * 5_000) }
        }
        let bid = flow.flow(against: .bid, nowMilliseconds: start + 20 * 60_000)
        #expect(bid.arrivalsPerMinute > 7_000_000 && bid.arrivalsPerMinute < 10_000_000)
        #expect(bid.meanSize > Quantity(shares: 40))
        let ask = flow.flow(against: .ask, nowMilliseconds: start + 20 * 60_000)
        #expect(ask.arrivalsPerMinute < 500_000, "no buyers: the ask side's rate decays toward zero")
    }

    @Test func markoutsComeDueAtEachHorizonAndTeachTheAdverseSelection() {
        var tracker = MarkoutTracker(settings: MarkoutTracker.Settings(prior: 0, priorFills: 1, memory: 10))
        let start: Int64 = 1_780_000_000_000
        let mid = Price(micros: 500_000)!
        for index in 0..<5 {
            let at = start + Int64(index) * 100_000
            tracker.record(tradeID: "t\(index)", leg: .bid, yesPrice: Price(micros: 490_000)!, mid: mid, nowMilliseconds: at)
            #expect(tracker.observe(mid: Price(micros: 495_000)!, nowMilliseconds: at + 1_000).map(\.perShare) == [5_000])
            #expect(tracker.observe(mid: Price(micros: 480_000)!, nowMilliseconds: at + 10_000).map(\.perShare) == [-10_000])
            let last = tracker.observe(mid: Price(micros: 470_000)!, nowMilliseconds: at + 60_000)
            #expect(last.map(\.horizonMilliseconds) == [60_000])
            #expect(last.map(\.perShare) == [-20_000])
        }
        // Every bid fill was followed by a 3c fall of the mid: the estimate approaches 30_000 from the prior 0.
        #expect(tracker.adverseSelection > 20_000 && tracker.adverseSelection <= 30_000)
        #expect(tracker.fillsLearnt == 5)
    }

    @Test func volatilityThresholdsScaleWithTheMarketsUsualLevelButNeverDrop() {
        var settings = VolatilitySettings(windowMilliseconds: 60_000, pauseThreshold: 40_000, resumeThreshold: 20_000, normalVolatility: 10_000)
        settings.trendThreshold = 1_000_000
        var lively = VolatilityMonitor(settings: settings)
        var absolute = VolatilityMonitor(settings: { var copy = settings; copy.isRelative = false; return copy }())
        let start: Int64 = 1_780_000_000_000
        // A market that always moves ±1c every 2 s: √30 × 1c ≈ 5.5c a minute, above the 4c pause threshold.
        var pausedRelative = 0
        var pausedAbsolute = 0
        for second in stride(from: Int64(0), to: 3_600, by: 2) {
            let mid = Price(micros: second % 4 == 0 ? 500_000 : 510_000)!
            let now = start + second * 1_000
            lively.record(mid: mid, nowMilliseconds: now)
            absolute.record(mid: mid, nowMilliseconds: now)
            if second >= 2_400 {
                if lively.assess(nowMilliseconds: now).isPaused { pausedRelative += 1 }
                if absolute.assess(nowMilliseconds: now).isPaused { pausedAbsolute += 1 }
            } else {
                _ = lively.assess(nowMilliseconds: now)
                _ = absolute.assess(nowMilliseconds: now)
            }
        }
        #expect(pausedAbsolute > 0, "fixed thresholds pause a market that is merely lively")
        #expect(pausedRelative == 0, "learnt thresholds do not")
        #expect(lively.thresholdScale > FixedPoint.scale)
        var calm = VolatilityMonitor(settings: settings)
        for minute in Int64(0)..<60 { _ = calm.assess(nowMilliseconds: start + minute * 60_000) }
        #expect(calm.thresholdScale == FixedPoint.scale, "a still market keeps the configured thresholds")
    }
}

/// The fill model's empirical taker sizes: exact on the prints, the exponential prior alone without them.
@Suite struct TakerSizesTests {
    static func shares(_ value: Int64) -> Int64 { Quantity(shares: value).micros }

    @Test func theExpectedFillIsExactOnThePrints() {
        // Takers of 10, 20 and 30 against our 10 behind 15: they fill 0, 5 and 10, a mean of 5.
        let sizes = TakerSizes(sizes: [10, 20, 30].map(Self.shares), priorMean: Self.shares(10), priorWeight: 0)
        #expect(sizes.expectedFill(depth: Self.shares(15), size: Self.shares(10)) == Self.shares(5))
        #expect(sizes.expectedFill(depth: 0, size: Self.shares(100)) == Self.shares(20), "at the front an order larger than every taker catches their mean")
        #expect(sizes.expectedFill(depth: Self.shares(30), size: Self.shares(10)) == 0, "nothing reaches past the largest print")
    }

    @Test func withoutPrintsItIsTheExponentialPrior() {
        let prior = TakerSizes(sizes: [], priorMean: Self.shares(10), priorWeight: 5)
        // m · e^(−D/m) · (1 − e^(−q/m)) with D = m, q = m: 10 × 0.367879 × 0.632121 ≈ 2.3254 shares.
        #expect(abs(prior.expectedFill(depth: Self.shares(10), size: Self.shares(10)) - 2_325_441) <= 20)
    }

    @Test func aHeavyTailReachesDeepOrdersTheExponentialMisses() {
        // Mostly small takers and one sweep of 5 000: the exponential of the same mean (≈ 1 253) barely
        // reaches an order behind 4 500; the prints say one taker in five fills it.
        let prints = [5, 5, 8, 5_000].map(Self.shares)
        let empirical = TakerSizes(sizes: prints, priorMean: Self.shares(10), priorWeight: 1)
        let mean = prints.reduce(0, +) / Int64(prints.count)
        let exponential = TakerSizes(sizes: [], priorMean: mean, priorWeight: 1)
        let deep = empirical.expectedFill(depth: Self.shares(4_500), size: Self.shares(5))
        #expect(deep == Self.shares(5) / 5)
        #expect(deep > 5 * exponential.expectedFill(depth: Self.shares(4_500), size: Self.shares(5)))
    }

    @Test func theEstimatorKeepsTheNewestSizesWithinItsWindow() {
        var flow = TakerFlowEstimator(settings: TakerFlowEstimator.Settings(windowMinutes: 2, sizeMemory: 3))
        let start: Int64 = 1_780_000_020_000
        for (index, size) in [1, 2, 3, 4].enumerated() {
            flow.record(takerSide: .sell, size: Quantity(shares: Int64(size)), nowMilliseconds: start + Int64(index) * 1_000)
        }
        #expect(flow.flow(against: .bid, nowMilliseconds: start + 5_000).sizes?.sorted == [2, 3, 4].map(Self.shares), "the oldest beyond the memory is dropped")
        #expect(flow.flow(against: .ask, nowMilliseconds: start + 5_000).sizes == nil, "no buyer printed")
        flow.observe(nowMilliseconds: start + 3 * 60_000)
        #expect(flow.flow(against: .bid, nowMilliseconds: start + 3 * 60_000).sizes == nil, "out of the window")
    }
}
