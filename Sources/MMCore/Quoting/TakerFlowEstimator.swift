/// How much taker flow a market sees, per side, learnt online from the trades it prints.
///
/// Trades are counted in one-minute buckets over the last `windowMinutes`; the estimate blends them with
/// a prior worth `priorMinutes` of observation, so a new market starts at the prior and a market's own
/// flow takes over within minutes. Everything is integer: rates are arrivals per minute in millionths.
public struct TakerFlowEstimator: Sendable, Hashable {
    public struct Settings: Sendable, Hashable {
        /// Prior arrivals per minute on each side, in millionths (2 takers a minute = 2_000_000).
        public var priorArrivalsPerMinute: Int64
        /// Prior mean taker size.
        public var priorMeanSize: Quantity
        /// How many minutes of observation the prior is worth.
        public var priorMinutes: Int64
        public var windowMinutes: Int64
        /// How many recent taker sizes per side the fill model keeps (the newest, within the window).
        public var sizeMemory: Int

        public init(
            priorArrivalsPerMinute: Int64 = 1_000_000, priorMeanSize: Quantity = Quantity(shares: 10), priorMinutes: Int64 = 5, windowMinutes: Int64 = 30,
            sizeMemory: Int = 128
        ) {
            self.sizeMemory = sizeMemory
            self.priorArrivalsPerMinute = priorArrivalsPerMinute
            self.priorMeanSize = priorMeanSize
            self.priorMinutes = priorMinutes
            self.windowMinutes = windowMinutes
        }
    }

    /// What one side of the book sees from takers.
    public struct Flow: Sendable, Hashable {
        /// Taker arrivals per minute, millionths.
        public var arrivalsPerMinute: Int64
        /// Mean size of one taker.
        public var meanSize: Quantity
        /// The recent takers' sizes, when the market printed any: the fill model uses their distribution
        /// (blended with an exponential of `meanSize`) instead of the exponential alone.
        public var sizes: TakerSizes?

        public init(arrivalsPerMinute: Int64, meanSize: Quantity, sizes: TakerSizes? = nil) {
            self.arrivalsPerMinute = arrivalsPerMinute
            self.meanSize = meanSize
            self.sizes = sizes
        }

    }

    struct Print: Sendable, Hashable {
        var minute: Int64
        var size: Int64
    }

    struct Bucket: Sendable, Hashable {
        var minute: Int64
        var count: [Int64] = [0, 0]
        var volume: [Int64] = [0, 0]
    }

    public var settings: Settings
    var buckets: [Bucket] = []
    var firstMinute: Int64?
    /// The newest taker sizes per side with their minute ([0]: sells into bids, [1]: buys from asks).
    var recentSizes: [[Print]] = [[], []]
    /// The sorted form of `recentSizes`, rebuilt when a print arrives or one leaves the window (not per query).
    var sizeDistributions: [TakerSizes?] = [nil, nil]

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// A trade printed; `takerSide` in the YES view (a taker SELL hits the bids, a BUY lifts the asks).
    public mutating func record(takerSide: Side, size: Quantity, nowMilliseconds now: Int64) {
        let minute = now / 60_000
        observe(nowMilliseconds: now)
        if buckets.last?.minute != minute { buckets.append(Bucket(minute: minute)) }
        let index = takerSide == .sell ? 0 : 1
        buckets[buckets.count - 1].count[index] += 1
        buckets[buckets.count - 1].volume[index] += size.micros
        recentSizes[index].append(Print(minute: minute, size: size.micros))
        if recentSizes[index].count > settings.sizeMemory { recentSizes[index].removeFirst(recentSizes[index].count - settings.sizeMemory) }
        rebuildSizes(index)
    }

    mutating func rebuildSizes(_ index: Int) {
        sizeDistributions[index] =
            recentSizes[index].isEmpty
            ? nil : TakerSizes(sizes: recentSizes[index].map(\.size), priorMean: settings.priorMeanSize.micros, priorWeight: settings.priorMinutes)  // the prior weighs as many prints as it weighs minutes
    }



    /// Starts the observation clock (the first input the market sees) and drops buckets out of the window.
    public mutating func observe(nowMilliseconds now: Int64) {
        let minute = now / 60_000
        if firstMinute == nil { firstMinute = minute }
        let oldest = minute - settings.windowMinutes + 1
        if let first = buckets.first, first.minute < oldest { buckets.removeAll { $0.minute < oldest } }
        for index in 0..<2 where (recentSizes[index].first?.minute ?? oldest) < oldest {
            recentSizes[index].removeAll { $0.minute < oldest }
            rebuildSizes(index)
        }
    }

    /// The flow against one leg of ours: takers selling into our bid, or buying from our ask.
    public func flow(against leg: QuoteLeg, nowMilliseconds now: Int64) -> Flow {
        let index = leg == .bid ? 0 : 1
        let minute = now / 60_000
        let observed = firstMinute.map { min(max(minute - $0, 0), settings.windowMinutes) } ?? 0
        var count: Int64 = 0
        var volume: Int64 = 0
        for bucket in buckets where bucket.minute > minute - settings.windowMinutes {
            count += bucket.count[index]
            volume += bucket.volume[index]
        }
        let priorCount = settings.priorArrivalsPerMinute * settings.priorMinutes  // millionths
        let totalMinutes = observed + settings.priorMinutes
        let rate = (count * FixedPoint.scale + priorCount) / max(totalMinutes, 1)
        // Mean size: observed volume plus the prior's, over observed plus prior arrivals.
        let priorVolume = FixedPoint.multiplyDivide(settings.priorMeanSize.micros, priorCount, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        let arrivals = count * FixedPoint.scale + priorCount
        let mean = arrivals > 0 ? FixedPoint.multiplyDivide(volume + priorVolume, FixedPoint.scale, dividingBy: arrivals, rounding: .down) ?? 0 : 0
        return Flow(arrivalsPerMinute: rate, meanSize: Quantity(micros: max(mean, 1)), sizes: sizeDistributions[index])
    }
}
