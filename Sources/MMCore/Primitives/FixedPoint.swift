/// Six-decimal fixed-point arithmetic shared by ``Price``, ``Quantity`` and ``Money``.
///
/// The venue counts pUSD and outcome shares in base units of 10⁻⁶, so every amount in mmd is an
/// `Int64` count of micro-units. Nothing here uses floating point: parsing and printing are exact,
/// and products go through 128-bit intermediates so they can neither overflow silently nor lose
/// a micro-unit to an unrequested rounding.
public enum FixedPoint {
    /// Micro-units per whole unit.
    public static let scale: Int64 = 1_000_000
    /// Fractional digits carried by every fixed-point value.
    public static let fractionDigits = 6

    /// Parses an exact decimal string (`"0.52"`, `"-3"`, `"20.000001"`) into micro-units.
    ///
    /// Accepts an optional sign, digits, and at most six fractional digits (trailing zeros beyond six are
    /// allowed because they change nothing). Exponents, spaces, `nan` and digits that would need rounding
    /// are refused with a reason, never rounded away.
    public static func parseMicros(_ text: some StringProtocol) throws(FixedPointError) -> Int64 {
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { throw .malformed(String(text), reason: "empty") }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var inFraction = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !inFraction else { throw .malformed(String(text), reason: "more than one decimal point") }
                inFraction = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw .malformed(String(text), reason: "not a plain decimal number")
            }
            sawDigit = true
            let digit = Int64(byte - UInt8(ascii: "0"))
            if inFraction {
                if fractionDigits < Self.fractionDigits {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else if digit != 0 {
                    throw .tooPrecise(String(text))
                }
            } else {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(digit)
                guard !o1, !o2 else { throw .outOfRange(String(text)) }
                whole = next
            }
        }
        guard sawDigit else { throw .malformed(String(text), reason: "no digits") }
        while fractionDigits < Self.fractionDigits {
            fraction *= 10
            fractionDigits += 1
        }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: scale)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        guard !o1, !o2 else { throw .outOfRange(String(text)) }
        return negative ? -total : total
    }

    /// Prints micro-units as a decimal string with trailing zeros trimmed down to `minimumFractionDigits`.
    public static func format(micros: Int64, minimumFractionDigits: Int = 0) -> String {
        let negative = micros < 0
        let magnitude = micros.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var digits = Self.fractionDigits
        while digits > minimumFractionDigits, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = negative ? "-" : ""
        text += String(whole)
        if digits > 0 {
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    /// Computes `a × b ÷ divisor` exactly in 128 bits, rounding the quotient by `rule`.
    ///
    /// - Returns: `nil` when the result does not fit in `Int64` or `divisor` is zero.
    public static func multiplyDivide(_ a: Int64, _ b: Int64, dividingBy divisor: Int64, rounding rule: RoundingRule) -> Int64? {
        guard divisor != 0 else { return nil }
        let product = a.multipliedFullWidth(by: b)
        let negativeProduct = (a < 0) != (b < 0) && a != 0 && b != 0
        // Magnitude of the 128-bit product.
        var high = UInt64(bitPattern: product.high)
        var low = product.low
        if product.high < 0 {
            low = ~low &+ 1
            high = ~high &+ (low == 0 ? 1 : 0)
        }
        let divisorMagnitude = divisor.magnitude
        guard high < divisorMagnitude else { return nil }
        let (quotient, remainder) = divisorMagnitude.dividingFullWidth((high: high, low: low))
        let negative = negativeProduct != (divisor < 0)
        var magnitude = quotient
        if remainder != 0 {
            let roundAway: Bool
            switch rule {
            case .towardZero: roundAway = false
            case .down: roundAway = negative
            case .up: roundAway = !negative
            case .nearestEven:
                let twice = remainder.multipliedFullWidth(by: 2)
                if twice.high > 0 || twice.low > divisorMagnitude {
                    roundAway = true
                } else if twice.low == divisorMagnitude {
                    roundAway = quotient % 2 == 1
                } else {
                    roundAway = false
                }
            }
            if roundAway { magnitude += 1 }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Integer square root (floor) of a non-negative value, used for volatility without floating point.
    public static func integerSquareRoot(_ value: UInt64) -> UInt64 {
        guard value > 1 else { return value }
        var x = UInt64(1) << ((64 - value.leadingZeroBitCount) / 2 + 1)
        while true {
            let y = (x + value / x) / 2
            if y >= x { return x }
            x = y
        }
    }
}

/// How a value that falls between two representable results is resolved.
public enum RoundingRule: Sendable, Hashable {
    /// Toward negative infinity (floor).
    case down
    /// Toward positive infinity (ceiling).
    case up
    /// To the nearest result, ties to the even one (banker's rounding, unbiased over many operations).
    case nearestEven
    /// Toward zero (truncation).
    case towardZero
}

/// Why a decimal string could not become a fixed-point value.
public enum FixedPointError: Error, Hashable, CustomStringConvertible {
    case malformed(String, reason: String)
    case tooPrecise(String)
    case outOfRange(String)
    case notAPrice(String)
    case unknownTickSize(String)

    public var description: String {
        switch self {
        case .malformed(let text, let reason): "'\(text)' is not a decimal number (\(reason))"
        case .tooPrecise(let text): "'\(text)' has more than 6 decimal places; amounts are exact to 0.000001"
        case .outOfRange(let text): "'\(text)' is too large for a 6-decimal amount"
        case .notAPrice(let text): "'\(text)' is not a price: prices lie strictly between 0 and 1"
        case .unknownTickSize(let text): "'\(text)' is not a tick size the venue uses (0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001)"
        }
    }
}
