import Foundation
import MMCore

/// A decimal the venue sends either as a string (`"0.48"`) or as a JSON number (`0.01`).
///
/// Numbers are read through `Decimal`, which keeps the literal digits, so no binary floating point
/// ever stands between the wire and the fixed-point value.
public struct WireDecimal: Decodable, Sendable, Hashable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else {
            let decimal = try container.decode(Decimal.self)
            text = decimal.description
        }
    }

    public var description: String { text }

    /// The value as a price strictly inside (0, 1), or `nil` (the venue uses "0" and "1" for empty sides).
    public var price: Price? { try? Price(text) }
    public var quantity: Quantity? { try? Quantity(text) }
    public var micros: Int64? { try? FixedPoint.parseMicros(text) }
    public var tickSize: TickSize? { try? TickSize(text) }
}

/// A timestamp the venue sends as seconds or milliseconds, as a string or number, or as ISO 8601.
public struct WireTimestamp: Decodable, Sendable, Hashable {
    /// Milliseconds since the UNIX epoch.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else {
            text = String(try container.decode(Int64.self))
        }
        guard let parsed = Self.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp")
        }
        milliseconds = parsed
    }

    /// Digits: ≥ 10¹² is milliseconds, else seconds. Otherwise an RFC 3339 date-time (``RFC3339``).
    /// `nil` for anything else, seconds too far from the epoch to count in milliseconds included.
    static func parse(_ text: String) -> Int64? {
        if let value = Int64(text) {
            if value >= 1_000_000_000_000 { return value }
            // A large negative count of seconds (found by fuzzing) would overflow: not a timestamp.
            let (milliseconds, overflow) = value.multipliedReportingOverflow(by: 1_000)
            return overflow ? nil : milliseconds
        }
        return RFC3339.milliseconds(text)
    }
}
