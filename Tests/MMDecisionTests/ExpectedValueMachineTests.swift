import MMCore
import Testing

@testable import MMDecision

/// The machine around the expected-value quoter: market-state estimates on the book without our orders,
/// and quotes that can score.
@Suite struct ExpectedValueMachineTests {
    static func machine(
        rewards: RewardParameters, limit: Int64 = 10, budget: Int64 = 500, volatility: VolatilitySettings = VolatilitySettings(isEnabled: false),
        ledger: PositionLedger = PositionLedger()
    ) -> MarketMachine {
        var market = Fixture.market
        market.rewards = rewards
        var settings = Fixture.settings(limit: limit)
        settings.volatility = volatility
        settings.sizeUpToScore = true
        settings.capitalBudget = Money(micros: budget * 1_000_000)
        return MarketMachine(market: market, settings: settings, ledger: ledger, clientPrefix: "ev", strategy: ExpectedValueQuotingStrategy())
    }

    @Test func ourOwnRepostsAtTheLimitDoNotLookLikeVolatility() {
        // After a restart the position is at its limit: only the flattening ask quotes, and the venue's book
        // shows it appearing and disappearing as it is re-posted.
        var ledger = PositionLedger()
        _ = ledger.apply(Fixture.fill(trade: "t", order: "o", outcome: .yes, side: .buy, price: "0.50", shares: 10, at: Fixture.start - 60_000).fill)
        let volatility = VolatilitySettings(
            windowMilliseconds: 300_000, pauseThreshold: 40_000, resumeThreshold: 20_000, trendThreshold: 1_000_000, isRelative: false)
        var machine = Self.machine(rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), volatility: volatility, ledger: ledger)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let posts = machine.handle(.timer, now: now).posts
        #expect(posts.map(\.purpose) == [.quote(.ask)], "at the limit only the flattening leg quotes")
        _ = machine.accept(posts, now: now)
        let ask = posts[0]
        let yesPrice = ask.outcome == .yes ? ask.price : ask.price.complement
        var kinds: [String] = []
        for _ in 0..<60 {
            now += 1_000
            kinds += machine.handle(.levels([LevelChange(side: .sell, price: yesPrice, size: ask.size)]), now: now).riskKinds
            kinds += machine.handle(.timer, now: now + 60).riskKinds
            now += 1_000
            kinds += machine.handle(.levels([LevelChange(side: .sell, price: yesPrice, size: .zero)]), now: now).riskKinds
            kinds += machine.handle(.timer, now: now + 60).riskKinds
        }
        #expect(!kinds.contains("volatility-pause"), "risk events: \(kinds)")
        #expect(machine.riskState != .pausedForVolatility)
    }

    @Test func aMarketThatScoresAt200IsQuotedAtAScoringSizeWhenTheBudgetAllows() {
        let rewards = RewardParameters(maxSpread: 35_000, minSize: Quantity(shares: 200), dailyRate: Money(micros: 100_000_000))
        var machine = Self.machine(rewards: rewards, budget: 500)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55", size: 300), now: now)
        now += 60
        let actions = machine.handle(.timer, now: now)
        #expect(!actions.posts.isEmpty)
        #expect(actions.posts.allSatisfy { $0.size >= Quantity(shares: 200) }, "sizes: \(actions.posts.map(\.size))")
        #expect(machine.scoring.isScoring)
        #expect(machine.scoringLimit == Quantity(shares: 200))
        guard case .sizedUp = machine.scoring else {
            Issue.record("expected sized up, got \(machine.scoring)")
            return
        }
    }

    @Test func aMarketThatCannotScoreWithinTheBudgetIsFlaggedAndQuotedForSpreadOnly() {
        let rewards = RewardParameters(maxSpread: 35_000, minSize: Quantity(shares: 200), dailyRate: Money(micros: 100_000_000))
        var machine = Self.machine(rewards: rewards, budget: 50)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55", size: 300), now: now)
        now += 60
        let actions = machine.handle(.timer, now: now)
        #expect(actions.riskKinds.contains("cannot-score"))
        #expect(!machine.scoring.isScoring)
        #expect(machine.scoring.summary.contains("maxCapitalPerMarket"))
        #expect(actions.posts.allSatisfy { $0.size <= Quantity(shares: 10) }, "the configured limit holds")
        // Said once, not on every requote.
        now += 2_000
        #expect(!machine.handle(.timer, now: now).riskKinds.contains("cannot-score"))
    }
}

@Suite struct StopLossBoundTests {
    @Test func theLimitShrinksSoThatAMinutesMoveCannotReachTheStop() {
        var settings = Fixture.settings(limit: 100)
        settings.stopLoss = StopLossSettings(isEnabled: true, maxUnrealizedLoss: Money(micros: -1_500_000))
        settings.volatility = VolatilitySettings(isEnabled: false, windowMilliseconds: 240_000)
        let machine = MarketMachine(market: Fixture.market, settings: settings, ledger: PositionLedger(), clientPrefix: "b", strategy: ExpectedValueQuotingStrategy())
        // σ(240 s) = 0.2 → σ(60 s) = 0.1 → 1.5 pUSD ÷ (1.5 × 0.1) = 10 shares.
        #expect(machine.stopLossBound(volatility: 200_000) == Quantity(shares: 10))
        // A calm market: far above any limit.
        #expect((machine.stopLossBound(volatility: 2_000) ?? .zero) > Quantity(shares: 500))
        var off = settings
        off.stopLoss.isEnabled = false
        #expect(MarketMachine(market: Fixture.market, settings: off, ledger: PositionLedger(), clientPrefix: "b").stopLossBound(volatility: 200_000) == nil)
    }
}
