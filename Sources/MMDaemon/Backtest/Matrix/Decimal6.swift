import MMCore

/// A six-decimal amount (pUSD, shares, a fraction or a statistic) that a matrix report computes with as
/// `Int64` micro-units and writes as an exact decimal string, like ``BacktestReport`` does.
///
/// JSON carries no floating-point number, so a reader never meets a rounded binary fraction.
public struct Decimal6: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public static let zero = Decimal6(micros: 0)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { micros = try FixedPoint.parseMicros(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Decimal6, rhs: Decimal6) -> Bool { lhs.micros < rhs.micros }

    public var description: String { FixedPoint.format(micros: micros) }

    /// Rounded to `digits` decimals (ties to even) and printed with exactly that many, for table columns.
    public func rounded(toDigits digits: Int) -> String {
        var unit: Int64 = 1
        for _ in 0..<(FixedPoint.fractionDigits - digits) { unit *= 10 }
        let rounded = FixedPoint.multiplyDivide(micros, 1, dividingBy: unit, rounding: .nearestEven)! * unit
        var text = FixedPoint.format(micros: rounded, minimumFractionDigits: digits)
        if rounded == 0, micros < 0 { text = "-" + text }
        return text
    }
}
