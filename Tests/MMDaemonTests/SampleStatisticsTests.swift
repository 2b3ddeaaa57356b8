import MMDaemon
import Testing

/// The matrix's fixed-point statistics against references computed independently to 50 digits
/// (Python's `decimal`): every figure within one millionth, and the edge cases spelled out.
@Suite struct SampleStatisticsTests {
    static let a: [Int64] = [1_000_000, 2_000_000, 3_000_000, 4_000_000]
    static let b: [Int64] = [500_000, -250_000, 1_000_000, 1, 300_000]

    static func near(_ value: Int64?, _ reference: Int64) -> Bool { value.map { abs($0 - reference) <= 1 } ?? false }

    @Test func meanSpreadSharpeAndExtremes() {
        let first = SampleStatistics(Self.a)
        #expect(first.mean == 2_500_000)
        #expect(first.minimum == 1_000_000 && first.maximum == 4_000_000)
        // σ = 1.290994448735…, mean/σ = 1.936491673103…
        #expect(Self.near(first.standardDeviation, 1_290_994), "σ \(String(describing: first.standardDeviation))")
        #expect(Self.near(first.sharpe, 1_936_492), "sharpe \(String(describing: first.sharpe))")
        let second = SampleStatistics(Self.b)
        // mean 0.3100002 rounds to the even micro-unit; σ = 0.480103993943…, mean/σ = 0.645693857811…
        #expect(second.mean == 310_000)
        #expect(Self.near(second.standardDeviation, 480_104))
        #expect(Self.near(second.sharpe, 645_694))
    }

    @Test func welchTOfTwoSamples() {
        let test = WelchTest(SampleStatistics(Self.a), SampleStatistics(Self.b))
        // t = 3.219311902366…
        #expect(test.difference == 2_190_000)
        #expect(Self.near(test.t, 3_219_312), "t \(String(describing: test.t))")
        #expect(test.isSignificant)
        // Reversed, the sign flips and the verdict stays.
        let reversed = WelchTest(SampleStatistics(Self.b), SampleStatistics(Self.a))
        #expect(reversed.t.map { -$0 } == test.t)
        #expect(reversed.isSignificant)
    }

    @Test func noiseLargerThanTheDifferenceIsNotSignificant() {
        // Means 0.1 apart, spreads of about 1: t ≈ 0.163.
        let test = WelchTest(SampleStatistics([-1_000_000, 1_100_000, 0, 300_000]), SampleStatistics([-1_100_000, 1_000_000, -100_000, 200_000]))
        #expect(test.difference == 100_000)
        #expect(test.t.map { abs($0) < WelchTest.threshold } == true)
        #expect(!test.isSignificant)
    }

    @Test func edgeCasesHaveNoRatioRatherThanADivisionByZero() {
        let constant = SampleStatistics([5_000_000, 5_000_000, 5_000_000])
        #expect(constant.standardDeviation == 0)
        #expect(constant.sharpe == nil)
        #expect(SampleStatistics([7]).standardDeviation == nil)
        #expect(SampleStatistics([]).mean == 0)
        // Both sides without spread: any difference is certain, none is nothing.
        let other = WelchTest(constant, SampleStatistics([4_000_000, 4_000_000, 4_000_000]))
        #expect(other.t == nil && other.isSignificant && other.difference == 1_000_000)
        let same = WelchTest(constant, constant)
        #expect(same.t == nil && !same.isSignificant)
        // One seed per side: t is undefined and nothing is claimed.
        #expect(!WelchTest(SampleStatistics([1]), SampleStatistics([2_000_000])).isSignificant)
    }

    @Test func largeAmountsDoNotOverflow() {
        // A million pUSD per seed: squares reach 10²⁴ micro-units², beyond Int64.
        let large = SampleStatistics([1_000_000_000_000, 3_000_000_000_000])
        #expect(large.mean == 2_000_000_000_000)
        #expect(Self.near(large.standardDeviation, 1_414_213_562_373))
        #expect(Self.near(large.sharpe, 1_414_214))
    }
}
