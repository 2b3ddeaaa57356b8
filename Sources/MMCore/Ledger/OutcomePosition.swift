/// Running totals and cost basis for one outcome token of one market.
///
/// Average-cost accounting: a buy adds its cost to the open basis; a sell or merge removes the average
/// cost of what it takes out and realizes the difference.
public struct OutcomePosition: Hashable, Sendable {
    public private(set) var bought = Quantity.zero
    public private(set) var sold = Quantity.zero
    public private(set) var merged = Quantity.zero
    /// Σ price × size of buys.
    public private(set) var cost = Money.zero
    /// Σ price × size of sells.
    public private(set) var proceeds = Money.zero
    /// Cost basis of what is still held.
    public private(set) var openCost = Money.zero
    /// Realized P&L from sells of this outcome (merges are realized at market level).
    public private(set) var realized = Money.zero

    public init() {}

    /// Shares held: bought − sold − merged.
    public var position: Quantity { bought - sold - merged }

    /// openCost ÷ position, in micro-pUSD per share; `nil` when nothing is held.
    public var averageCost: Price? {
        guard position.micros > 0 else { return nil }
        return Price(micros: FixedPoint.multiplyDivide(openCost.micros, FixedPoint.scale, dividingBy: position.micros, rounding: .nearestEven)!)
    }

    mutating func buy(_ size: Quantity, for amount: Money) {
        bought = bought + size
        cost += amount
        openCost += amount
    }

    /// Removes `size` shares at average cost and returns that basis.
    mutating func removeBasis(_ size: Quantity) -> Money {
        let held = position.micros
        guard held > 0 else { return .zero }
        if size.micros >= held {
            let basis = openCost
            openCost = .zero
            return basis
        }
        let basis = Money(micros: FixedPoint.multiplyDivide(openCost.micros, size.micros, dividingBy: held, rounding: .nearestEven)!)
        openCost -= basis
        return basis
    }

    mutating func sell(_ size: Quantity, for amount: Money) {
        let basis = removeBasis(size)
        sold = sold + size
        proceeds += amount
        realized += amount - basis
    }

    mutating func merge(_ size: Quantity) -> Money {
        let basis = removeBasis(size)
        merged = merged + size
        return basis
    }

    /// Mark-to-market gain of what is held at `markPrice`: position × mark − openCost.
    public func unrealized(at markPrice: Price) -> Money {
        Money.notional(markPrice, position) - openCost
    }
}
