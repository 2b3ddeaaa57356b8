/// e^(−x) in millionths, without floating point: the fill model's probability that a taker's size
/// (exponentially distributed) reaches past the depth ahead of us.
///
/// The table holds e^(−k/64) for k = 0…1024 (x from 0 to 16), built once by repeated multiplication
/// with e^(−1/64) in 10^15 units (`984_496_437_005_409`), so every entry is exact to well under a
/// millionth. Values between entries are interpolated linearly (error < 2 × 10^(−5) relative, far below
/// the uncertainty of any input); beyond x = 16 the result is 0 (e^(−16) ≈ 1.1 × 10^(−7)).
public enum DecayTable {
    static let stepsPerUnit: Int64 = 64
    static let entries: [Int64] = {
        let factor: Int64 = 984_496_437_005_409  // e^(−1/64) × 10^15
        let unit: Int64 = 1_000_000_000_000_000
        var values: [Int64] = []
        values.reserveCapacity(1_025)
        var current = unit
        for _ in 0...1_024 {
            values.append((current + 500_000_000) / 1_000_000_000)  // 10^15 → millionths, rounded
            current = FixedPoint.multiplyDivide(current, factor, dividingBy: unit, rounding: .nearestEven)!
        }
        return values
    }()

    /// e^(−numerator / denominator) in millionths; `numerator` ≥ 0, `denominator` > 0.
    public static func negativeExponential(_ numerator: Int64, over denominator: Int64) -> Int64 {
        guard denominator > 0, numerator > 0 else { return FixedPoint.scale }
        // Position in 1/64 steps, with 16 more bits for the interpolation.
        guard let scaled = FixedPoint.multiplyDivide(numerator, stepsPerUnit << 16, dividingBy: denominator, rounding: .down) else { return 0 }
        let index = scaled >> 16
        guard index < 1_024 else { return 0 }
        let fraction = scaled & 0xFFFF
        let low = entries[Int(index)]
        let high = entries[Int(index) + 1]
        return low - ((low - high) * fraction) >> 16
    }
}
