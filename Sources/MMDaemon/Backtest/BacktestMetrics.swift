import MMCore

/// Path-dependent figures of one market over a backtest, sampled once per simulated second.
///
/// Pure and deterministic: the driver feeds it samples; the report reads it.
public struct BacktestMetrics: Sendable, Hashable {
    /// |net| above this fraction of the limit counts as "beyond" (the 30 %).
    public static let beyondFraction = Ratio(micros: 300_000)

    public let limit: Quantity
    public private(set) var peakTotal: Money?
    public private(set) var maxDrawdown = Money.zero
    public private(set) var maxAbsoluteNet = Quantity.zero
    public private(set) var millisecondsBeyond: Int64 = 0
    public private(set) var longestBeyondMilliseconds: Int64 = 0
    /// Seconds with both legs resting at the venue (sitting out has a cost: it is reported).
    public private(set) var secondsTwoSided: Int64 = 0
    private var beyondSince: Int64?
    private var lastSample: Int64?

    public init(limit: Quantity) { self.limit = limit }

    var threshold: Int64 { Self.beyondFraction.of(limit.micros) }

    /// One observation: total P&L (realized + unrealized at mid + rewards) and net exposure at `now`.
    public mutating func sample(total: Money, net: Quantity, twoSided: Bool = false, nowMilliseconds now: Int64) {
        if twoSided { secondsTwoSided += 1 }
        if let last = lastSample, let since = beyondSince {
            millisecondsBeyond += now - last
            longestBeyondMilliseconds = max(longestBeyondMilliseconds, now - since)
        }
        lastSample = now
        let peak = max(peakTotal ?? total, total)
        peakTotal = peak
        maxDrawdown = max(maxDrawdown, peak - total)
        let absolute = Quantity(micros: abs(net.micros))
        maxAbsoluteNet = max(maxAbsoluteNet, absolute)
        if absolute.micros > threshold {
            if beyondSince == nil { beyondSince = now }
        } else {
            beyondSince = nil
        }
    }
}
