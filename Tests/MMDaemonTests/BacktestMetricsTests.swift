import MMCore
import MMDaemon
import Testing

@Suite struct BacktestMetricsTests {
    @Test func drawdownPeakAndTimeBeyondThirtyPercent() {
        var metrics = BacktestMetrics(limit: Quantity(shares: 10))
        let samples: [(Int64, Int64, Int64)] = [(0, 0, 0), (1, 2, 5), (2, 1, 5), (3, 3, 2), (4, -1, 4), (5, 0, 4), (6, 0, 0), (7, 0, 3)]
        for (second, pnl, net) in samples {
            metrics.sample(total: Money(micros: pnl * 1_000_000), net: Quantity(shares: net), nowMilliseconds: second * 1_000)
        }
        #expect(metrics.maxDrawdown == Money(micros: 4_000_000))  // peak 3 → −1
        #expect(metrics.maxAbsoluteNet == Quantity(shares: 5))
        // Beyond 3 shares (30 % of 10) from 1 s to 3 s and from 4 s to 6 s; exactly 3 is not beyond.
        #expect(metrics.millisecondsBeyond == 4_000)
        #expect(metrics.longestBeyondMilliseconds == 2_000)
    }
}
