import MMCore

/// Mean, spread and extremes of one figure over a matrix's seeds, in fixed point.
///
/// Values are micro-units (`Int64`); sums of squares go through 128-bit integers and square roots through
/// an integer Newton iteration, so no `Double` is involved and the same values always give the same
/// figures. The spread is the sample standard deviation (n − 1 in the denominator).
public struct SampleStatistics: Sendable, Hashable {
    public let count: Int
    public let sum: Int64
    /// n·Σx² − (Σx)², exactly: the sample variance is this ÷ (n·(n − 1)).
    let scaledVariance: Int128
    public let minimum: Int64
    public let maximum: Int64

    public init(_ values: [Int64]) {
        count = values.count
        sum = values.reduce(0, +)
        let squares = values.reduce(Int128(0)) { $0 + Int128($1) * Int128($1) }
        scaledVariance = Int128(values.count) * squares - Int128(sum) * Int128(sum)
        minimum = values.min() ?? 0
        maximum = values.max() ?? 0
    }

    /// The mean, rounded to the nearest micro-unit (ties to even); 0 without values.
    public var mean: Int64 { count == 0 ? 0 : FixedPoint.multiplyDivide(sum, 1, dividingBy: Int64(count), rounding: .nearestEven)! }

    /// The sample variance in micro-units² (floor), or `nil` with fewer than two values.
    public var variance: Int128? {
        guard count >= 2 else { return nil }
        return scaledVariance / (Int128(count) * Int128(count - 1))
    }

    /// The sample standard deviation in micro-units (floor), or `nil` with fewer than two values.
    public var standardDeviation: Int64? { variance.map { Int64(Self.squareRoot(UInt128($0))) } }

    /// The Sharpe-like ratio mean ÷ σ in millionths, or `nil` when σ is zero or undefined.
    public var sharpe: Int64? {
        guard let variance, variance > 0 else { return nil }
        return Self.quotient(Int128(sum), count: count, overRootOf: variance)
    }

    /// `numerator ÷ count ÷ √radicand` in millionths, rounded toward zero: the square root is taken of
    /// `radicand × 10¹²` so that it carries six more digits than the micro-units themselves.
    private static func quotient(_ numerator: Int128, count: Int, overRootOf radicand: Int128) -> Int64 {
        let root = Int128(squareRoot(UInt128(radicand) * 1_000_000_000_000))
        let value = numerator * 1_000_000_000_000 / (Int128(count) * root)
        return Int64(clamping: value)
    }

    /// Floor of √value by Newton's iteration from above (the same method as ``FixedPoint/integerSquareRoot(_:)``, for 128 bits).
    static func squareRoot(_ value: UInt128) -> UInt128 {
        guard value > 1 else { return value }
        var x = UInt128(1) << ((128 - value.leadingZeroBitCount) / 2 + 1)
        while true {
            let y = (x + value / x) / 2
            if y >= x { return x }
            x = y
        }
    }
}

/// Welch's t-test of two samples' means, in fixed point: is the difference larger than the seeds' noise?
///
/// t = (mean_A − mean_B) ÷ √(s_A²/n_A + s_B²/n_B). The difference counts as significant when |t| ≥ 2
/// (about the 95 % two-sided level for 20 seeds per side; the exact critical value for ~38 degrees of
/// freedom is 2.02, and with fewer seeds it is higher, so treat a small matrix's verdict as a hint).
/// With zero spread on both sides any non-zero difference is significant.
public struct WelchTest: Sendable, Hashable {
    /// |t| at or above this, in millionths, is significant.
    public static let threshold: Int64 = 2_000_000

    /// mean_A − mean_B in micro-units.
    public let difference: Int64
    /// t in millionths; `nil` when it is undefined (fewer than two values on a side, or zero spread).
    public let t: Int64?
    public let isSignificant: Bool

    public init(_ a: SampleStatistics, _ b: SampleStatistics) {
        difference = a.mean - b.mean
        guard let varianceA = a.variance, let varianceB = b.variance else {
            (t, isSignificant) = (nil, false)
            return
        }
        // s_A²/n_A + s_B²/n_B over one common denominator, scaled by 10¹² before the (floor) division so
        // that its root carries six more digits than the micro-units: t in millionths is then exact to
        // about a millionth for any realistic spread.
        let numerator = varianceA * Int128(b.count) + varianceB * Int128(a.count)
        guard numerator > 0 else {
            (t, isSignificant) = (nil, difference != 0)
            return
        }
        let scaledSquare = numerator * 1_000_000_000_000 / (Int128(a.count) * Int128(b.count))
        let root = Int128(SampleStatistics.squareRoot(UInt128(scaledSquare)))
        let value = root == 0 ? (difference == 0 ? 0 : difference < 0 ? -Int64.max : Int64.max) : Int64(clamping: Int128(difference) * 1_000_000_000_000 / root)
        t = value
        isSignificant = value.magnitude >= UInt64(Self.threshold)
    }
}
