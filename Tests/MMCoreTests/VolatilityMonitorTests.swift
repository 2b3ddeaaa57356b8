import Testing
@testable import MMCore

@Suite struct VolatilityMonitorTests {
    static let settings = VolatilitySettings(
        isEnabled: true, windowMilliseconds: 60_000, pauseThreshold: 40_000, resumeThreshold: 20_000, calmPeriodMilliseconds: 120_000,
        trendWindowMilliseconds: 300_000, trendThreshold: 30_000, widenFactor: Ratio(micros: 500_000), maxWiden: 15_000)

    /// Feeds a path of (seconds, mid) and returns the assessment at each step.
    static func run(_ path: [(Int64, Int64)], monitor: inout VolatilityMonitor) -> [VolatilityAssessment] {
        path.map { seconds, mid in
            monitor.record(mid: Price(micros: mid)!, nowMilliseconds: seconds * 1_000)
            return monitor.assess(nowMilliseconds: seconds * 1_000)
        }
    }

    @Test func calmPathNeverPausesOrTrends() {
        var monitor = VolatilityMonitor(settings: Self.settings)
        // 0.1c flips every 5 s for 10 minutes: √(13 × 0.001²) ≈ 0.0036 per window, far below 0.04.
        let path = (0..<120).map { (Int64($0) * 5, 500_000 + Int64($0 % 2) * 1_000) }
        let results = Self.run(path, monitor: &monitor)
        #expect(results.allSatisfy { !$0.isPaused && $0.trend == .none })
        #expect(results.last!.realizedVolatility == 3_605, "13 moves: the 12 between samples inside the window and the one entering it")
    }

    @Test func churnCountsAsVolatility() {
        var monitor = VolatilityMonitor(settings: Self.settings)
        // 1c flips every second: √(60 × 0.01²) ≈ 0.077 over the window.
        let results = Self.run((0..<60).map { (Int64($0), 500_000 + Int64($0 % 2) * 10_000) }, monitor: &monitor)
        #expect(results.last!.isPaused)
        #expect(results.last!.trend == .none, "churn without drift is not a trend")
    }

    @Test func jumpPausesAndCalmResumesAfterTheCalmPeriod() {
        var monitor = VolatilityMonitor(settings: Self.settings)
        var path: [(Int64, Int64)] = (0..<30).map { (Int64($0), 500_000) }
        path.append((30, 560_000))  // a 6c jump
        let atJump = Self.run(path, monitor: &monitor).last!
        #expect(atJump.isPaused && atJump.transition == .paused)
        #expect(atJump.realizedVolatility == 60_000)
        #expect(atJump.widening == 15_000, "capped at maxWiden")
        // The jump leaves the 60 s window at t = 91; calm must then last 120 s: resume at t = 211.
        let quiet = Self.run((31...300).map { (Int64($0), 560_000) }, monitor: &monitor)
        let resumedAt = quiet.firstIndex { $0.transition == .resumed }.map { 31 + $0 }
        #expect(resumedAt == 211)
        #expect(quiet.filter { $0.transition == .resumed }.count == 1)
    }

    @Test func steadyTrendPullsTheSideBeingRunOver() {
        var monitor = VolatilityMonitor(settings: Self.settings)
        // +0.1c every 10 s: 3c over 300 s, never a volatile jump.
        let up = Self.run((0...30).map { (Int64($0) * 10, 400_000 + Int64($0) * 1_000) }, monitor: &monitor)
        #expect(up.allSatisfy { !$0.isPaused })
        #expect(up.last!.trend == .up && up.last!.trend.exposedLeg == .ask)
        #expect(up[10].trend == .none)
        var down = VolatilityMonitor(settings: Self.settings)
        let falling = Self.run((0...30).map { (Int64($0) * 10, 600_000 - Int64($0) * 1_000) }, monitor: &down)
        #expect(falling.last!.trend == .down && falling.last!.trend.exposedLeg == .bid)
    }

    @Test func wideningGrowsWithVolatility() {
        var monitor = VolatilityMonitor(settings: Self.settings)
        let results = Self.run([(0, 500_000), (1, 510_000), (2, 500_000)], monitor: &monitor)
        #expect(results[0].widening == 0)
        #expect(results[1].widening == 5_000)
        #expect(results[2].widening == 7_071, "√2 × 1c × 0.5")
    }
}
