/// Reward-bait defence settings.
public struct BaitDefenceSettings: Hashable, Sendable {
    public var isEnabled: Bool
    /// How long a compression of the touch is remembered.
    public var lookbackMilliseconds: Int64
    /// A spread narrower than the widest in the lookback by at least this many ticks counts as compressed.
    public var compressionTicks: Int64
    /// Our size on a leg is at most this fraction of the depth resting behind the touch on that side.
    public var depthCap: Ratio

    public init(isEnabled: Bool = true, lookbackMilliseconds: Int64 = 30_000, compressionTicks: Int64 = 2, depthCap: Ratio = Ratio(micros: 500_000)) {
        self.isEnabled = isEnabled
        self.lookbackMilliseconds = lookbackMilliseconds
        self.compressionTicks = compressionTicks
        self.depthCap = depthCap
    }
}

/// Defends against reward bait: a dust order compresses the touch into the reward band, a market maker
/// joins it, and the baiter takes the maker's size (field notes §11.8).
///
/// Two rules: when the spread compressed within the lookback, quotes keep the pre-compression distance
/// (an extra offset of half the compression on each side) instead of joining the new touch; and a leg's
/// size is capped at a fraction of the depth behind the touch, so a thin, gapped book cannot take a
/// whole resting order at once.
public struct BaitDefence: Sendable {
    public var settings: BaitDefenceSettings
    private var spreads: [(time: Int64, spread: Int64)] = []

    public init(settings: BaitDefenceSettings) { self.settings = settings }

    /// Records the current touch (call on every book change).
    public mutating func record(_ book: OrderBook, nowMilliseconds now: Int64) {
        guard let spread = book.spread else { return }
        spreads.append((now, spread))
        let horizon = now - settings.lookbackMilliseconds
        if let keep = spreads.firstIndex(where: { $0.time >= horizon }), keep > 0 { spreads.removeFirst(keep) }
    }

    /// Extra offset for both legs, micro-pUSD: half the compression when the touch compressed recently.
    public func extraOffset(current book: OrderBook, tick: TickSize, nowMilliseconds now: Int64) -> Int64 {
        guard settings.isEnabled, let spread = book.spread else { return 0 }
        let horizon = now - settings.lookbackMilliseconds
        let widest = spreads.filter { $0.time >= horizon }.map(\.spread).max() ?? spread
        let compression = widest - spread
        guard compression >= settings.compressionTicks * tick.micros else { return 0 }
        return compression / 2
    }

    /// The largest size for a leg: `depthCap` × the size resting behind the touch on the side we join.
    public func sizeCap(_ leg: QuoteLeg, book: OrderBook) -> Quantity? {
        guard settings.isEnabled else { return nil }
        let levels = leg == .bid ? book.bids : book.asks
        let behind = levels.dropFirst().reduce(Quantity.zero) { $0 + $1.size }
        return Quantity(micros: settings.depthCap.of(behind.micros, rounding: .down)).truncated(toMultipleOf: Quantity.venueSizeStep)
    }
}
