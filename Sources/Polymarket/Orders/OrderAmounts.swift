import MMCore

/// makerAmount and takerAmount of an order, in 6-decimal base units.
public struct OrderAmounts: Hashable, Sendable, CustomStringConvertible {
    public var maker: UInt64
    public var taker: UInt64

    public init(maker: UInt64, taker: UInt64) {
        self.maker = maker
        self.taker = taker
    }

    public var description: String { "maker \(maker) / taker \(taker)" }
}

/// The venue clients' `ROUNDING_CONFIG`: decimals of price, size and amount for each tick size.
public struct RoundingConfig: Hashable, Sendable {
    public var price: Int
    public var size: Int
    public var amount: Int

    public init(tick: TickSize) {
        price = tick.priceDecimals
        size = 2
        amount = price + 2
    }
}

/// Exact decimal order amounts (the default): the unified SDK's rules evaluated without floating point.
///
/// Limit orders: the price is rounded half-to-even to the config's price decimals, the size floored to
/// 2 decimals, and the product fitted to the amount decimals (rounded up at amount + 4 decimals, then
/// down to amount decimals if still too long). Market orders floor the worst price instead and divide
/// for BUY. For any on-grid price and 2-decimal size the product is exact, so nothing is rounded at all.
public enum ExactAmounts {
    /// Amounts of a limit order of `size` shares at `price`.
    public static func limit(side: Side, price: Price, size: Quantity, tick: TickSize) throws(OrderBuildError) -> OrderAmounts {
        let config = RoundingConfig(tick: tick)
        let priceMicros = round(price.micros, toDecimals: config.price, .nearestEven)
        let shares = round(size.micros, toDecimals: config.size, .down)
        guard shares > 0 else { throw .sizeTooPrecise(size.description) }
        // The product in 10⁻¹² units, then fitted to the amount decimals and returned in micro-units.
        guard let product = FixedPoint.multiplyDivide(shares, priceMicros, dividingBy: 1, rounding: .down) else { throw .amountOverflow }
        let cash = fit(product, exponent: 12, decimals: config.amount) / 1_000_000
        switch side {
        case .buy: return OrderAmounts(maker: UInt64(cash), taker: UInt64(shares))
        case .sell: return OrderAmounts(maker: UInt64(shares), taker: UInt64(cash))
        }
    }

    /// Amounts of a FOK/FAK market order: `amount` is pUSD to spend for BUY and shares to sell for SELL,
    /// `worstPrice` the slippage limit.
    public static func market(side: Side, worstPrice: Price, amount: Quantity, tick: TickSize) throws(OrderBuildError) -> OrderAmounts {
        let config = RoundingConfig(tick: tick)
        let priceMicros = round(worstPrice.micros, toDecimals: config.price, .down)
        let maker = round(amount.micros, toDecimals: config.size, .down)
        guard maker > 0, priceMicros > 0 else { throw .sizeTooPrecise(amount.description) }
        switch side {
        case .buy:
            // shares = pUSD ÷ price, computed to amount + 4 decimals rounding up, then fitted.
            let scale = pow10(config.amount + 4)
            guard let quotient = FixedPoint.multiplyDivide(maker, scale, dividingBy: priceMicros, rounding: .up) else { throw .amountOverflow }
            let shares = fit(quotient, exponent: config.amount + 4, decimals: config.amount) * pow10(6 - config.amount) / pow10(4)
            return OrderAmounts(maker: UInt64(maker), taker: UInt64(shares))
        case .sell:
            guard let product = FixedPoint.multiplyDivide(maker, priceMicros, dividingBy: 1, rounding: .down) else { throw .amountOverflow }
            return OrderAmounts(maker: UInt64(maker), taker: UInt64(fit(product, exponent: 12, decimals: config.amount) / 1_000_000))
        }
    }

    /// Fits `value` (in 10^-exponent units) to `decimals`: ceil at decimals + 4, then floor at decimals
    /// if still longer. Returns the result still in 10^-exponent units.
    static func fit(_ value: Int64, exponent: Int, decimals: Int) -> Int64 {
        let unit = pow10(exponent - decimals)
        guard value % unit != 0 else { return value }
        let fine = pow10(max(exponent - decimals - 4, 0))
        let ceiled = (value + fine - 1) / fine * fine
        return ceiled % unit == 0 ? ceiled : ceiled / unit * unit
    }

    /// Rounds micro-units to `decimals` decimal places.
    static func round(_ micros: Int64, toDecimals decimals: Int, _ rule: RoundingRule) -> Int64 {
        let step = pow10(6 - decimals)
        return FixedPoint.multiplyDivide(micros, 1, dividingBy: step, rounding: rule)! * step
    }

    static func pow10(_ n: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<n { value *= 10 }
        return value
    }
}
