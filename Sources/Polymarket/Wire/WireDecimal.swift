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

    /// Digits: ≥ 10¹² is milliseconds, else seconds. Otherwise ISO 8601 with optional fraction.
    static func parse(_ text: String) -> Int64? {
        if let value = Int64(text) { return value >= 1_000_000_000_000 ? value : value * 1_000 }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) * 1_000 }
        return nil
    }
}
