/// Inventory-skew settings (roadmap Phase 2).
public struct SkewSettings: Hashable, Sendable {
    /// Whether quotes lean toward flattening the position.
    public var isEnabled: Bool
    /// 0 = no skew, 1 = the reducing side quotes at the midpoint when at the limit.
    public var factor: Ratio
    /// Skew starts once |net| reaches this fraction of the limit.
    public var startAt: Ratio

    public init(isEnabled: Bool = true, factor: Ratio = Ratio(micros: 500_000), startAt: Ratio = Ratio(micros: 300_000)) {
        self.isEnabled = isEnabled
        self.factor = factor
        self.startAt = startAt
    }
}

/// The two quote offsets from the midpoint after inventory skew, and which side the limit blocks.
///
/// The bid leg (BUY YES or SELL NO) raises net exposure; the ask leg (BUY NO or SELL YES) lowers it.
public struct SkewedOffsets: Hashable, Sendable {
    /// Distance below mid of the bid leg, in micro-pUSD; `nil` when the position limit blocks it.
    public var bid: Int64?
    /// Distance above mid of the ask leg, in micro-pUSD; `nil` when the position limit blocks it.
    public var ask: Int64?
    /// The skew applied, in micro-pUSD (0 when below `startAt` or disabled).
    public var skew: Int64

    /// Applies roadmap Phase 2 to a base offset.
    ///
    /// skew = |clamp(net / limit, −1, 1)| × factor × base, from `startAt × limit` on. Long NO (net < 0)
    /// tightens the bid leg (buying YES flattens) and widens the ask leg; long YES mirrors that. At
    /// |net| ≥ limit the side that would add exposure is blocked whether or not skew is enabled.
    ///
    /// - Parameters:
    ///   - base: the unskewed offset in micro-pUSD.
    ///   - net: YES held − NO held.
    ///   - limit: `limits.maxNetExposure`, positive.
    public static func compute(base: Int64, net: Quantity, limit: Quantity, settings: SkewSettings) -> SkewedOffsets {
        precondition(limit.micros > 0, "the exposure limit must be positive")
        let exposure = min(net.micros.magnitude, UInt64(limit.micros))
        var skew: Int64 = 0
        if settings.isEnabled, net.micros != 0,
            FixedPoint.multiplyDivide(Int64(exposure), FixedPoint.scale, dividingBy: limit.micros, rounding: .down)! >= settings.startAt.micros {
            let scaledBase = settings.factor.of(base)
            skew = FixedPoint.multiplyDivide(scaledBase, Int64(exposure), dividingBy: limit.micros, rounding: .nearestEven)!
        }
        var offsets = SkewedOffsets(bid: base, ask: base, skew: skew)
        if net.micros < 0 {
            offsets.bid = base - skew
            offsets.ask = net.micros <= -limit.micros ? nil : base + skew
        } else if net.micros > 0 {
            offsets.ask = base - skew
            offsets.bid = net.micros >= limit.micros ? nil : base + skew
        }
        return offsets
    }
}
