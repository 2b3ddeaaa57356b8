import MMCore

/// A bit-exact emulation of py-clob-client-v2 1.2.1's **binary64 float** amount arithmetic.
///
/// This is a compatibility mode, not the default: it exists so the official client's golden vectors can
/// be matched byte for byte, and so an operator migrating from the Python bot can reproduce its orders.
/// It is the only place in mmd where a `Double` touches an amount, on purpose: the Python client takes
/// `float` prices and sizes, and its artefacts (16.4 shares → 16.39, a market BUY at 0.57 → limit 0.56)
/// can only be reproduced by doing what it does. Production orders use ``ExactAmounts``.
public enum PythonCompatibleAmounts {
    /// `OrderBuilder.get_order_amounts` (limit orders).
    public static func limit(side: Side, price: Double, size: Double, tick: TickSize) -> OrderAmounts {
        let config = RoundingConfig(tick: tick)
        let rawPrice = roundNormal(price, config.price)
        let shares = roundDown(size, config.size)
        let cash = fit(shares * rawPrice, config.amount)
        switch side {
        case .buy: return OrderAmounts(maker: toTokenDecimals(cash), taker: toTokenDecimals(shares))
        case .sell: return OrderAmounts(maker: toTokenDecimals(shares), taker: toTokenDecimals(cash))
        }
    }

    /// `OrderBuilder.get_market_order_amounts` (FOK/FAK).
    public static func market(side: Side, price: Double, amount: Double, tick: TickSize) -> OrderAmounts {
        let config = RoundingConfig(tick: tick)
        let rawPrice = roundDown(price, config.price)
        let maker = roundDown(amount, config.size)
        let taker = fit(side == .buy ? maker / rawPrice : maker * rawPrice, config.amount)
        return OrderAmounts(maker: toTokenDecimals(maker), taker: toTokenDecimals(taker))
    }

    static func fit(_ value: Double, _ decimals: Int) -> Double {
        var x = value
        if decimalPlaces(x) > decimals {
            x = roundUp(x, decimals + 4)
            if decimalPlaces(x) > decimals { x = roundDown(x, decimals) }
        }
        return x
    }

    static func power(_ d: Int) -> Double {
        var p = 1.0
        for _ in 0..<d { p *= 10 }
        return p
    }

    static func roundDown(_ x: Double, _ d: Int) -> Double { (x * power(d)).rounded(.down) / power(d) }
    static func roundUp(_ x: Double, _ d: Int) -> Double { (x * power(d)).rounded(.up) / power(d) }
    /// Python `round()` on a float: half-to-even on the exact binary value.
    static func roundNormal(_ x: Double, _ d: Int) -> Double { (x * power(d)).rounded(.toNearestOrEven) / power(d) }

    /// `abs(Decimal(str(x)).as_tuple().exponent)`: Swift's `description` prints the same shortest digits
    /// as Python's `repr`, so the count is taken from its digits and exponent.
    static func decimalPlaces(_ x: Double) -> Int {
        let text = x.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let fraction = mantissa.split(separator: ".", maxSplits: 1)
        let fractionDigits = fraction.count > 1 ? fraction[1].count : 0
        return abs(exponent - fractionDigits)
    }

    /// `to_token_decimals`: ×10⁶, round half-even if anything is left after the point, truncate to int.
    static func toTokenDecimals(_ x: Double) -> UInt64 {
        var f = 1_000_000.0 * x
        if decimalPlaces(f) > 0 { f = roundNormal(f, 0) }
        return UInt64(f)
    }
}
