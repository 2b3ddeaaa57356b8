/// A signed amount of pUSD collateral in micro-units.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    /// Micro-pUSD.
    public var micros: Int64

    @inlinable
    public init(micros: Int64) { self.micros = micros }

    /// Parses an exact decimal such as `"-10"` or `"0.25"`.
    public init(_ text: some StringProtocol) throws(FixedPointError) {
        self.micros = try FixedPoint.parseMicros(text)
    }

    public static let zero = Money(micros: 0)

    public static func + (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros - rhs.micros) }
    public static prefix func - (value: Money) -> Money { Money(micros: -value.micros) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.micros += rhs.micros }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.micros -= rhs.micros }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// The value of `quantity` shares at `pricePerShare` micro-pUSD, rounded by `rule`.
    ///
    /// Uses a 128-bit intermediate; traps only if the result exceeds ±9.2 × 10¹² pUSD, which no
    /// position on the venue can reach.
    @inlinable
    public static func notional(pricePerShareMicros: Int64, quantity: Quantity, rounding rule: RoundingRule = .nearestEven) -> Money {
        Money(micros: FixedPoint.multiplyDivide(pricePerShareMicros, quantity.micros, dividingBy: FixedPoint.scale, rounding: rule)!)
    }

    /// The value of `quantity` shares at `price`.
    @inlinable
    public static func notional(_ price: Price, _ quantity: Quantity, rounding rule: RoundingRule = .nearestEven) -> Money {
        notional(pricePerShareMicros: price.micros, quantity: quantity, rounding: rule)
    }

    public var description: String { FixedPoint.format(micros: micros) }

    /// Two-decimal-minimum form for logs and tables, e.g. `-0.50`, `12.345`.
    public var formattedForDisplay: String { FixedPoint.format(micros: micros, minimumFractionDigits: 2) }
}
