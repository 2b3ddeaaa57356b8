import MMCore

/// An empirical taker size distribution (`sizes: [{size: 5, weight: 40}, …]`): each arrival takes one
/// of the listed sizes with probability weight ÷ Σ weights. Real trade sizes are heavy-tailed (most
/// prints are a few shares, a few are hundreds or thousands; `docs/calibration.md`), which one fixed
/// size cannot express. Weights are micro-units, so `39.2` is as exact as `40`.
public struct SizeDistribution: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var size: Quantity
        public var weight: Int64
        public init(size: Quantity, weight: Int64) {
            self.size = size
            self.weight = weight
        }
    }

    public let entries: [Entry]
    /// Running sums of the weights: entry i is drawn for a uniform u in [cumulative[i-1], cumulative[i]).
    let cumulative: [UInt64]

    /// `nil` when no entry has a positive weight or a weight is negative.
    public init?(_ entries: [Entry]) {
        guard !entries.isEmpty, entries.allSatisfy({ $0.weight >= 0 && $0.size.micros > 0 }) else { return nil }
        var sums: [UInt64] = []
        var total: UInt64 = 0
        for entry in entries {
            let (sum, overflow) = total.addingReportingOverflow(UInt64(entry.weight))
            guard !overflow else { return nil }
            total = sum
            sums.append(total)
        }
        guard total > 0 else { return nil }
        self.entries = entries
        cumulative = sums
    }

    public static func == (a: Self, b: Self) -> Bool { a.entries == b.entries }
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// One size, from one draw of `random` (the modulo bias is below 2⁻³⁰ for totals under 10¹⁰ micro-units).
    func draw(_ random: inout SimRandom) -> Quantity {
        let u = random.next() % cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return entries[low].size
    }
}
