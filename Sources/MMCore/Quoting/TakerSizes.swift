/// The sizes of recent takers on one side of a market, for the fill model: how much of an order at
/// depth `D` a taker fills, E[min((X − D)⁺, q)], from the sizes actually printed rather than from an
/// exponential of the same mean.
///
/// Real Polymarket trade sizes are heavy-tailed (in `docs/calibration.md` the political market's largest
/// 3 % of trades carry most of its volume): an exponential fit to the mean says a deep order never fills,
/// while the prints say the occasional sweep reaches it. The observed sizes are blended with the
/// exponential prior (worth `priorWeight` prints), so a market with few prints stays near the prior.
/// Integer arithmetic; sorted sizes and prefix sums make one query O(log n).
public struct TakerSizes: Sendable, Hashable {
    /// Observed sizes, ascending (share micros).
    public private(set) var sorted: [Int64]
    /// prefix[i] = sorted[0] + … + sorted[i − 1].
    private var prefix: [Int64]
    /// The prior's mean size and its weight in prints.
    public var priorMean: Int64
    public var priorWeight: Int64

    public init(sizes: [Int64], priorMean: Int64, priorWeight: Int64) {
        sorted = sizes.filter { $0 > 0 }.sorted()
        var sums: [Int64] = [0]
        sums.reserveCapacity(sorted.count + 1)
        for size in sorted { sums.append(sums[sums.count - 1] + size) }
        prefix = sums
        self.priorMean = max(priorMean, 1)
        self.priorWeight = max(priorWeight, 0)
    }

    /// The expected size one taker fills of our order of `size` behind `depth` of competing size, share
    /// micros: the blend of the prints' mean of min((x − D)⁺, q) and the exponential prior's
    /// m · e^(−D/m) · (1 − e^(−q/m)).
    public func expectedFill(depth: Int64, size: Int64) -> Int64 {
        let caught = FixedPoint.scale - DecayTable.negativeExponential(size, over: priorMean)
        return expectedFill(reach(depth: depth), size: size, caught: caught)
    }

    /// What depends on the depth alone, computed once per price level (the objective asks for several sizes).
    public struct Reach: Sendable, Hashable {
        var depth: Int64
        /// The first print larger than the depth.
        var index: Int
        /// The prior's m · e^(−D/m), share micros.
        var prior: Int64
    }

    public func reach(depth: Int64) -> Reach {
        let depth = max(depth, 0)
        let decay = DecayTable.negativeExponential(depth, over: priorMean)
        return Reach(
            depth: depth, index: firstIndex(above: depth, from: 0),
            prior: FixedPoint.multiplyDivide(priorMean, decay, dividingBy: FixedPoint.scale, rounding: .down) ?? 0)
    }

    /// ``expectedFill(depth:size:)`` from a precomputed reach; `caught` = 1 − e^(−q/m) in millionths.
    public func expectedFill(_ reach: Reach, size: Int64, caught: Int64) -> Int64 {
        guard size > 0 else { return 0 }
        let count = Int64(sorted.count)
        // Prints larger than D fill (x − D) up to q: Σ_{D < x ≤ D+q} (x − D) + q · #(x > D + q).
        let through = firstIndex(above: reach.depth + size, from: reach.index)
        let partial = (prefix[through] - prefix[reach.index]) - reach.depth * Int64(through - reach.index)
        let observed = partial + size * (count - Int64(through))
        let perPrior = FixedPoint.multiplyDivide(reach.prior, caught, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        let weight = priorWeight + count
        guard weight > 0 else { return 0 }
        return (perPrior * priorWeight + observed) / weight
    }

    /// The index of the first size strictly above `value` (binary search).
    private func firstIndex(above value: Int64, from start: Int) -> Int {
        var low = start
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] > value { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
