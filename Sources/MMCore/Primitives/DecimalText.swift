/// A decimal scalar decoded as the exact text it was written with (`0.5`, `"0.5"`), so configuration
/// and scenario files never pass a value through binary floating point before fixed-point parsing.
public struct DecimalText: Decodable, Sendable, Hashable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    /// The value in micro-units.
    public func micros() throws(FixedPointError) -> Int64 { try FixedPoint.parseMicros(text) }
}
