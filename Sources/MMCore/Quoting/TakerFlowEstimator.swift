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

        public init(priorArrivalsPerMinute: Int64 = 1_000_000, priorMeanSize: Quantity = Quantity(shares: 10), priorMinutes: Int64 = 5, windowMinutes: Int64 = 30) {
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

        public init(arrivalsPerMinute: Int64, meanSize: Quantity) {
            self.arrivalsPerMinute = arrivalsPerMinute
            self.meanSize = meanSize
        }
    }

    struct Bucket: Sendable, Hashable {
        var minute: Int64
        var count: [Int64] = [0, 0]
        var volume: [Int64] = [0, 0]
    }

    public var settings: Settings
    var buckets: [Bucket] = []
    var firstMinute: Int64?

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// A trade printed; `takerSide` in the YES view (a taker SELL hits the bids, a BUY lifts the asks).
    public mutating func record(takerSide: Side, size: Quantity, nowMilliseconds now: Int64) {
        let minute = now / 60_000
        observe(nowMilliseconds: now)
        if buckets.last?.minute != minute { buckets.append(Bucket(minute: minute)) }
        let index = takerSide == .sell ? 0 : 1
        buckets[buckets.count - 1].count[index] += 1
        buckets[buckets.count - 1].volume[index] += size.micros
    }

    /// Starts the observation clock (the first input the market sees) and drops buckets out of the window.
    public mutating func observe(nowMilliseconds now: Int64) {
        let minute = now / 60_000
        if firstMinute == nil { firstMinute = minute }
        let oldest = minute - settings.windowMinutes + 1
        if let first = buckets.first, first.minute < oldest { buckets.removeAll { $0.minute < oldest } }
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
        return Flow(arrivalsPerMinute: rate, meanSize: Quantity(micros: max(mean, 1)))
    }
}
