/// A trade's settlement status, as the venue's user channel reports it.
///
/// MATCHED → MINED → CONFIRMED is the normal path; RETRYING may appear in between; FAILED is terminal
/// and undoes the trade. Statuses only move forward: a late MATCHED after CONFIRMED changes nothing.
public enum TradeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case matched = "MATCHED"
    case mined = "MINED"
    case retrying = "RETRYING"
    case confirmed = "CONFIRMED"
    case failed = "FAILED"

    /// Progress order; a status never moves to a lower rank.
    public var rank: Int {
        switch self {
        case .matched: 0
        case .mined: 1
        case .retrying: 1
        case .confirmed: 2
        case .failed: 3
        }
    }

    /// Parses the venue's forms, including prefixed ones such as `TRADE_STATUS_CONFIRMED`.
    public init?(venue text: String) {
        let upper = text.uppercased()
        let bare = upper.hasPrefix("TRADE_STATUS_") ? String(upper.dropFirst("TRADE_STATUS_".count)) : upper
        self.init(rawValue: bare)
    }
}

/// Identifies one fill: our order `orderID` filled in trade `tradeID`.
///
/// One trade can fill several of our orders (several fills), and the venue redelivers the same trade
/// many times, so the pair is the deduplication key everywhere: in memory and in the database.
public struct FillKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var tradeID: String
    public var orderID: String

    public init(tradeID: String, orderID: String) {
        self.tradeID = tradeID
        self.orderID = orderID
    }

    public static func < (lhs: FillKey, rhs: FillKey) -> Bool {
        (lhs.tradeID, lhs.orderID) < (rhs.tradeID, rhs.orderID)
    }

    public var description: String { "\(tradeID)/\(orderID)" }
}

/// One of our orders filling, attributed from the trade's `maker_orders` (or the taker side).
public struct Fill: Hashable, Sendable {
    public var key: FillKey
    /// The token our order was for (a NO order's fill is a NO fill).
    public var outcome: Outcome
    /// Our side of the fill.
    public var side: Side
    /// The price on `outcome`'s own book.
    public var price: Price
    public var size: Quantity
    /// Match time, milliseconds since the UNIX epoch (UTC); orders the ledger and picks the P&L day.
    public var timestampMilliseconds: Int64
    public var status: TradeStatus

    public init(key: FillKey, outcome: Outcome, side: Side, price: Price, size: Quantity, timestampMilliseconds: Int64, status: TradeStatus) {
        self.key = key
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
        self.timestampMilliseconds = timestampMilliseconds
        self.status = status
    }

    /// pUSD paid (BUY) or received (SELL), exact to the micro-unit (maker fills pay no fee).
    public var notional: Money { Money.notional(price, size) }
}

/// A UTC calendar day, as days since 1970-01-01: the key of daily P&L.
public struct UTCDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    public init(epochMilliseconds: Int64) {
        let day: Int64 = 86_400_000
        self.daysSinceEpoch = epochMilliseconds >= 0 ? epochMilliseconds / day : (epochMilliseconds - day + 1) / day
    }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// ISO date, e.g. `2026-01-16` (proleptic Gregorian, civil-from-days).
    public var description: String {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(pad(m))-\(pad(d))"
    }
}
