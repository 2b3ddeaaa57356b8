/// A dimensionless fraction in millionths (1_000_000 = 1.0): spread fractions, skew factors, thresholds.
public struct Ratio: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var micros: Int64

    @inlinable
    public init(micros: Int64) { self.micros = micros }

    /// Parses an exact decimal such as `"0.5"`.
    public init(_ text: some StringProtocol) throws(FixedPointError) {
        self.micros = try FixedPoint.parseMicros(text)
    }

    public static let zero = Ratio(micros: 0)
    public static let one = Ratio(micros: FixedPoint.scale)

    /// `value × self`, rounded by `rule`.
    @inlinable
    public func of(_ value: Int64, rounding rule: RoundingRule = .nearestEven) -> Int64 {
        FixedPoint.multiplyDivide(value, micros, dividingBy: FixedPoint.scale, rounding: rule)!
    }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool { lhs.micros < rhs.micros }
    public var description: String { FixedPoint.format(micros: micros) }
}
