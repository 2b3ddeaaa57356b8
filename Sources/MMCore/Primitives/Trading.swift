/// Which outcome token of a binary market an order or fill concerns.
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case yes = "YES"
    case no = "NO"

    /// The other outcome of the same market.
    public var complement: Outcome { self == .yes ? .no : .yes }
}

/// The side of an order from our point of view.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case buy = "BUY"
    case sell = "SELL"

    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// A token id of the Conditional Tokens Framework: a 256-bit value carried as its decimal string.
///
/// Token ids are compared and sent as strings; they are never converted to a fixed-width integer.
public struct TokenID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let decimal: String

    /// Accepts 1 to 78 decimal digits (2²⁵⁶ has 78), without sign or leading zeros.
    public init?(_ decimal: String) {
        guard !decimal.isEmpty, decimal.count <= 78, decimal.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        guard decimal == "0" || decimal.first != "0" else { return nil }
        self.decimal = decimal
    }

    public var description: String { decimal }
}

/// A market's identity: its CTF condition id (`0x` + 64 hex digits).
public struct MarketID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static func < (lhs: MarketID, rhs: MarketID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}
