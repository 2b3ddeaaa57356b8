/// A number of outcome shares in micro-shares; signed so that net positions and deltas share the type.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    /// Micro-shares (10⁻⁶ share).
    public var micros: Int64

    @inlinable
    public init(micros: Int64) { self.micros = micros }

    /// Whole shares, e.g. `Quantity(shares: 5)`.
    @inlinable
    public init(shares: Int64) { self.micros = shares * FixedPoint.scale }

    /// Parses an exact decimal such as `"20"` or `"12.5"`.
    public init(_ text: some StringProtocol) throws(FixedPointError) {
        self.micros = try FixedPoint.parseMicros(text)
    }

    public static let zero = Quantity(micros: 0)
    public var magnitude: Quantity { Quantity(micros: Int64(clamping: micros.magnitude)) }
    public var isPositive: Bool { micros > 0 }

    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(micros: lhs.micros - rhs.micros) }
    public static prefix func - (value: Quantity) -> Quantity { Quantity(micros: -value.micros) }
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.micros < rhs.micros }

    /// Rounds down (toward zero for positive sizes) to a multiple of `step` micro-shares, e.g. the venue's
    /// two size decimals (step 10_000).
    public func truncated(toMultipleOf step: Int64) -> Quantity {
        Quantity(micros: micros - micros % step)
    }

    public var description: String { FixedPoint.format(micros: micros) }
}

extension Quantity {
    /// The venue accepts sizes with at most two decimals.
    public static let venueSizeStep: Int64 = 10_000
}
