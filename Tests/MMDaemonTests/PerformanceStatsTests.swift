import MMCore
import MMPersistence
import Testing
@testable import MMDaemon

/// The performance report on hand-built inputs: every figure checked against arithmetic done by hand.
@Suite struct PerformanceStatsTests {
    /// 2026-01-16 12:00 UTC.
    static let now: Int64 = 1_768_564_800_000
    static let day: Int64 = 86_400_000

    static func times(_ spans: [(RiskState, Bool, Int64)], from start: Int64) -> TimeInState {
        var times = TimeInState()
        var at = start
        for (state, twoSided, milliseconds) in spans {
            times.observe(state: state, isTwoSided: twoSided, nowMilliseconds: at)
            at += milliseconds
        }
        return times
    }

    static func day(_ offset: Int64) -> String { UTCDay(epochMilliseconds: now + offset * day).description }

    @Test func ratesMarkoutsAndTimesPerMarketAndInTotal() {
        // a: two hours observed, 90 min two-sided quoting, then 20 min one-sided, and (extended to now) 10 min paused.
        let a = MarketActivity(
            market: "a", name: "Will it?", riskState: .paused,
            timeInState: Self.times([(.quoting, true, 5_400_000), (.oneSided, false, 1_200_000), (.paused, false, 0)], from: Self.now - 7_200_000),
            quotesPosted: 40, fills: 10, capital: Money(micros: 50_000_000))
        // b: one hour, all skewed and two-sided; nothing posted.
        let b = MarketActivity(
            market: "b", name: nil, riskState: .skewed, timeInState: Self.times([(.skewed, true, 0)], from: Self.now - 3_600_000), quotesPosted: 0, fills: 0,
            capital: .zero)
        let markouts = [
            MarkoutSummary(market: "a", horizonMilliseconds: 1_000, fills: 4, perShareSumMicros: 10_000, valueMicros: 50_000),
            MarkoutSummary(market: "a", horizonMilliseconds: 60_000, fills: 3, perShareSumMicros: -10_000, valueMicros: -40_000),
            MarkoutSummary(market: "b", horizonMilliseconds: 1_000, fills: 1, perShareSumMicros: 2_000, valueMicros: 10_000),
            MarkoutSummary(market: "gone", horizonMilliseconds: 1_000, fills: 9, perShareSumMicros: 9, valueMicros: 9),
        ]
        let rewards = [
            // Two reconciled days in the window: a paid 4 + 6 of 8 + 12 expected; b expected 2, paid nothing.
            RewardReconciliation(day: Self.day(-1), market: "a", expectedMicros: 8_000_000, paidMicros: 4_000_000, paidFetchedAtMilliseconds: 1),
            RewardReconciliation(day: Self.day(-3), market: "a", expectedMicros: 12_000_000, paidMicros: 6_000_000, paidFetchedAtMilliseconds: 1),
            RewardReconciliation(day: Self.day(-3), market: "b", expectedMicros: 2_000_000, paidMicros: 0, paidFetchedAtMilliseconds: 1),
            // Not counted: a day never fetched, today (not complete), and a day before the window.
            RewardReconciliation(day: Self.day(-2), market: "a", expectedMicros: 99_000_000, paidMicros: nil, paidFetchedAtMilliseconds: nil),
            RewardReconciliation(day: Self.day(0), market: "a", expectedMicros: 5_000_000, paidMicros: 5_000_000, paidFetchedAtMilliseconds: 1),
            RewardReconciliation(day: Self.day(-8), market: "a", expectedMicros: 1_000_000, paidMicros: 1_000_000, paidFetchedAtMilliseconds: 1),
        ]
        let report = PerformanceStats.report(markets: [a, b], markouts: markouts, rewards: rewards, nowMilliseconds: Self.now)
        #expect(report.rewardDays == [Self.day(-3), Self.day(-1)])
        #expect(report.markets.map(\.market) == ["a", "b"])

        let first = report.markets[0]
        #expect(first.name == "Will it?" && first.state == "paused")
        #expect(first.observedMilliseconds == 7_200_000 && first.twoSidedMilliseconds == 5_400_000)
        #expect(first.twoSidedFractionMicros == 750_000)
        #expect(first.riskStateMilliseconds["quoting"] == 5_400_000 && first.riskStateMilliseconds["one-sided"] == 1_200_000)
        #expect(first.riskStateMilliseconds["paused"] == 600_000 && first.riskStateMilliseconds["halted"] == 0)
        #expect(first.riskStateMilliseconds.count == RiskState.allCases.count)
        #expect(first.fillsPerQuoteMicros == 250_000, "10 fills of 40 orders")
        #expect(first.fillsPerHourMicros == 5_000_000, "10 fills in 2 hours")
        #expect(first.markouts.map(\.horizonMilliseconds) == [1_000, 10_000, 60_000])
        #expect(first.markouts[0] == HorizonMarkout(horizonMilliseconds: 1_000, fills: 4, meanPerShareMicros: 2_500, valueMicros: 50_000))
        #expect(first.markouts[1] == HorizonMarkout(horizonMilliseconds: 10_000, fills: 0, meanPerShareMicros: nil, valueMicros: 0))
        #expect(first.markouts[2].meanPerShareMicros == -3_334, "rounded toward negative infinity")
        #expect(first.rewards.days == 2 && first.rewards.paidMicros == 10_000_000 && first.rewards.expectedMicros == 20_000_000)
        #expect(first.rewards.paidPerDayMicros == 5_000_000 && first.rewards.expectedPerDayMicros == 10_000_000)
        #expect(first.rewards.paidToExpectedMicros == 500_000)
        #expect(first.rewards.paidPerDayPerCapitalMicros == 100_000, "5 pUSD a day on 50 pUSD of capital")

        let second = report.markets[1]
        #expect(second.fillsPerQuoteMicros == nil && second.fillsPerHourMicros == 0)
        #expect(second.rewards.paidPerDayMicros == 0 && second.rewards.paidPerDayPerCapitalMicros == nil, "no capital, no ratio")
        #expect(second.twoSidedFractionMicros == 1_000_000)

        let total = report.total
        #expect(total.market == "all" && total.state == nil)
        #expect(total.observedMilliseconds == 10_800_000 && total.twoSidedMilliseconds == 9_000_000)
        #expect(total.riskStateMilliseconds["skewed"] == 3_600_000)
        #expect(total.quotesPosted == 40 && total.fills == 10)
        #expect(total.markouts[0] == HorizonMarkout(horizonMilliseconds: 1_000, fills: 5, meanPerShareMicros: 2_400, valueMicros: 60_000), "the market not reported is left out")
        #expect(total.rewards.paidMicros == 10_000_000 && total.rewards.expectedMicros == 22_000_000 && total.rewards.capitalMicros == 50_000_000)
    }

    @Test func withoutAReconciledDayTheRewardRateIsUnknown() {
        let fresh = MarketActivity(market: "a", name: nil, riskState: .quoting, timeInState: TimeInState(), quotesPosted: 0, fills: 0, capital: Money(micros: 1))
        let today = [RewardReconciliation(day: Self.day(0), market: "a", expectedMicros: 3, paidMicros: 3, paidFetchedAtMilliseconds: 1)]
        let report = PerformanceStats.report(markets: [fresh], markouts: [], rewards: today, nowMilliseconds: Self.now)
        #expect(report.rewardDays.isEmpty)
        #expect(report.markets[0].rewards.paidPerDayMicros == nil && report.markets[0].rewards.paidToExpectedMicros == nil)
        #expect(report.markets[0].observedMilliseconds == 0 && report.markets[0].twoSidedFractionMicros == nil && report.markets[0].fillsPerHourMicros == nil)
        let summary = PerformanceStats.rewardSummary(today, nowMilliseconds: Self.now)
        #expect(summary.paidPerDayMicros == nil && summary.lastDay == nil)
    }

    @Test func theMetricsSummaryTakesTheNewestReconciledDay() {
        let rows = [
            RewardReconciliation(day: Self.day(-2), market: "a", expectedMicros: 4_000_000, paidMicros: 4_000_000, paidFetchedAtMilliseconds: 1),
            RewardReconciliation(day: Self.day(-1), market: "a", expectedMicros: 6_000_000, paidMicros: 1_000_000, paidFetchedAtMilliseconds: 1),
            RewardReconciliation(day: Self.day(-1), market: "b", expectedMicros: 2_000_000, paidMicros: 0, paidFetchedAtMilliseconds: 1),
        ]
        let summary = PerformanceStats.rewardSummary(rows, nowMilliseconds: Self.now)
        #expect(summary.paidPerDayMicros == 2_500_000)
        #expect(summary.lastDay?.day == Self.day(-1) && summary.lastDay?.expectedMicros == 8_000_000 && summary.lastDay?.paidMicros == 1_000_000)
    }
}
