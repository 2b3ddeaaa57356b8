/// A probability price in pUSD per share, held as micro-units and strictly inside (0, 1).
///
/// Every price of an outcome token lies in (0, 1): 0 and 1 are not tradable. The invariant is checked
/// once at construction so the rest of the core can rely on it.
public struct Price: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Micro-pUSD per share, in 1 … 999_999.
    public let micros: Int64

    /// Creates a price from micro-units, or `nil` when it is not strictly inside (0, 1).
    @inlinable
    public init?(micros: Int64) {
        guard micros > 0, micros < FixedPoint.scale else { return nil }
        self.micros = micros
    }

    /// Parses an exact decimal such as `"0.52"`.
    public init(_ text: some StringProtocol) throws(FixedPointError) {
        let micros = try FixedPoint.parseMicros(text)
        guard let price = Price(micros: micros) else { throw .notAPrice(String(text)) }
        self = price
    }

    /// The price of the complementary outcome: 1 − p (BUY NO @ 1 − p mirrors SELL YES @ p).
    @inlinable
    public var complement: Price { Price(micros: FixedPoint.scale - micros)! }

    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.micros < rhs.micros }

    /// The exact decimal, e.g. `0.52`.
    public var description: String { FixedPoint.format(micros: micros) }

    /// The decimal with at least `digits` fractional digits, e.g. `0.5200` for logs.
    public func formatted(minimumFractionDigits digits: Int) -> String {
        FixedPoint.format(micros: micros, minimumFractionDigits: digits)
    }
}
