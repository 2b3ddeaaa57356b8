/// The roadmap's P&L block, printed after every fill:
///
/// ```
/// Fill: BUY 20 NO @ $0.5200
///   Position: YES=0, NO=20 | Net: -20.00
///   Avg Cost: YES=N/A, NO=$0.5200
///   P&L: Unrealized=$0.00, Realized=$0.00, Total=$0.00
/// ```
public struct PnLReport: Hashable, Sendable {
    public var yes: Quantity
    public var no: Quantity
    public var averageYes: Price?
    public var averageNo: Price?
    public var unrealized: Money
    public var realized: Money

    public init(ledger: PositionLedger, mid: Price) {
        yes = ledger.yes.position
        no = ledger.no.position
        averageYes = ledger.yes.averageCost
        averageNo = ledger.no.averageCost
        unrealized = ledger.unrealized(mid: mid)
        realized = ledger.realized
    }

    public var total: Money { unrealized + realized }
    public var net: Quantity { yes - no }

    /// The three-line block under a fill line.
    public var lines: [String] {
        func cost(_ price: Price?) -> String { price.map { "$" + $0.formatted(minimumFractionDigits: 4) } ?? "N/A" }
        func dollars(_ money: Money) -> String { (money.micros < 0 ? "-$" : "$") + Money(micros: Int64(clamping: money.micros.magnitude)).formattedForDisplay }
        return [
            "Position: YES=\(yes), NO=\(no) | Net: \(FixedPoint.format(micros: net.micros, minimumFractionDigits: 2))",
            "Avg Cost: YES=\(cost(averageYes)), NO=\(cost(averageNo))",
            "P&L: Unrealized=\(dollars(unrealized)), Realized=\(dollars(realized)), Total=\(dollars(total))",
        ]
    }

    /// The fill line, e.g. `Fill: BUY 20 NO @ $0.5200`.
    public static func fillLine(_ fill: Fill) -> String {
        "Fill: \(fill.side.rawValue) \(fill.size) \(fill.outcome.rawValue) @ $\(fill.price.formatted(minimumFractionDigits: 4))"
    }
}
