/// Markouts of our own fills and the adverse selection they imply, learnt online per market.
///
/// A fill's markout at horizon h is how the market's mid (without our orders) h later compares with our
/// price: `mid(t+h) − price` for a bid fill, `price − mid(t+h)` for an ask fill. Its adverse part is the
/// mid's move against us since the fill, `markout − edge`. The estimate the objective uses is an
/// exponentially weighted mean of the adverse move per share at the longest horizon (60 s), starting
/// from a prior worth `priorFills` fills, so one lucky or unlucky fill does not swing quoting.
public struct MarkoutTracker: Sendable, Hashable {
    /// The horizons markouts are taken at, in milliseconds.
    public static let horizons: [Int64] = [1_000, 10_000, 60_000]

    public struct Settings: Sendable, Hashable {
        /// Adverse move per share expected before any fill is seen, micro-pUSD.
        public var prior: Int64
        /// How many fills the prior is worth.
        public var priorFills: Int64
        /// The most fills the average remembers (the EW weight is 1 / min(n + priorFills, memory)).
        public var memory: Int64

        public init(prior: Int64 = 2_500, priorFills: Int64 = 5, memory: Int64 = 30) {
            self.prior = prior
            self.priorFills = priorFills
            self.memory = memory
        }
    }

    /// A markout ready to be recorded with its fill.
    public struct Markout: Sendable, Hashable {
        public var tradeID: String
        public var horizonMilliseconds: Int64
        /// Per share, micro-pUSD; positive is a gain.
        public var perShare: Int64
    }

    struct Pending: Sendable, Hashable {
        var tradeID: String
        var at: Int64
        var leg: QuoteLeg
        var yesPrice: Int64
        var midAtFill: Int64
        var done: Int
    }

    public var settings: Settings
    var pending: [Pending] = []
    /// The adverse move per share at 60 s, micro-pUSD (positive: fills were followed by moves against us).
    public private(set) var adverseSelection: Int64
    public private(set) var fillsLearnt: Int64 = 0

    public init(settings: Settings = Settings()) {
        self.settings = settings
        adverseSelection = settings.prior
    }

    /// Whether a fill still waits for a markout (the machine asks for the mid only then).
    public var hasPending: Bool { !pending.isEmpty }

    /// A fill of ours at `yesPrice` when the market's mid (without us) was `mid`.
    public mutating func record(tradeID: String, leg: QuoteLeg, yesPrice: Price, mid: Price, nowMilliseconds now: Int64) {
        pending.append(Pending(tradeID: tradeID, at: now, leg: leg, yesPrice: yesPrice.micros, midAtFill: mid.micros, done: 0))
    }

    /// Takes the markouts that are due at `now` against the current mid; the 60 s one updates the estimate.
    public mutating func observe(mid: Price?, nowMilliseconds now: Int64) -> [Markout] {
        guard let mid, !pending.isEmpty else { return [] }
        var out: [Markout] = []
        for index in pending.indices {
            while pending[index].done < Self.horizons.count, now - pending[index].at >= Self.horizons[pending[index].done] {
                let fill = pending[index]
                let horizon = Self.horizons[fill.done]
                let direction: Int64 = fill.leg == .bid ? 1 : -1
                let markout = direction * (mid.micros - fill.yesPrice)
                out.append(Markout(tradeID: fill.tradeID, horizonMilliseconds: horizon, perShare: markout))
                if horizon == Self.horizons.last! { learn(adverse: -direction * (mid.micros - fill.midAtFill)) }
                pending[index].done += 1
            }
        }
        pending.removeAll { $0.done == Self.horizons.count }
        return out
    }

    mutating func learn(adverse: Int64) {
        let weight = min(fillsLearnt + settings.priorFills + 1, settings.memory)
        adverseSelection += (adverse - adverseSelection) / max(weight, 1)
        fillsLearnt += 1
    }
}
