import Testing
@testable import MMCore

@Suite struct StopLossSupervisorTests {
    static let minute: Int64 = 60_000

    static func snapshot(yes: String = "0", no: String = "0", mid: String = "0.5", unrealized: String = "0", realizedToday: String = "0", at now: Int64) -> RiskSnapshot {
        RiskSnapshot(
            inventory: Inventory(yes: shares(yes), no: shares(no)), mid: price(mid), tick: .hundredth, unrealized: money(unrealized),
            realizedToday: money(realizedToday), nowMilliseconds: now, minimumSize: shares("5"))
    }

    static func settings(mode: LiquidationMode = .market, resume: Bool = false) -> StopLossSettings {
        StopLossSettings(
            isEnabled: true, maxUnrealizedLoss: money("-10"), maxDailyLoss: money("-50"), maxPositionAgeMilliseconds: 30 * minute,
            mode: mode, slippageCap: cents(3), resumeAfterLiquidation: resume, cooldownMilliseconds: 30 * minute)
    }

    @Test func unrealizedLossTriggersMarketLiquidationOfTheNetExcess() {
        var supervisor = StopLossSupervisor(settings: Self.settings())
        #expect(supervisor.evaluate(Self.snapshot(yes: "40", no: "10", mid: "0.40", unrealized: "-9.99", at: 0)) == .none)
        let action = supervisor.evaluate(Self.snapshot(yes: "40", no: "10", mid: "0.40", unrealized: "-10.01", at: 1_000))
        let expected = LiquidationOrder(outcome: .yes, side: .sell, price: price("0.37"), size: shares("30"), timeInForce: .fillAndKill)
        #expect(action == .stop(.unrealizedLoss(actual: money("-10.01"), limit: money("-10")), orders: [expected]))
        guard case .liquidating(_, .market, _) = supervisor.state else { Issue.record("not liquidating"); return }
    }

    @Test func dailyLossCountsTodaysRealizedAndTheUnrealizedChangeSinceTheDayOpened() {
        var supervisor = StopLossSupervisor(settings: Self.settings())
        #expect(supervisor.evaluate(Self.snapshot(no: "20", unrealized: "-5", at: 0)) == .none)
        // −45 realized today, unrealized moved −5 → −9.99 since the open: daily = −49.99, no trigger.
        #expect(supervisor.evaluate(Self.snapshot(no: "20", unrealized: "-9.99", realizedToday: "-45", at: 1_000)) == .none)
        let action = supervisor.evaluate(Self.snapshot(no: "20", unrealized: "-9.99", realizedToday: "-45.02", at: 2_000))
        guard case .stop(.dailyLoss(let actual, _), let orders) = action else { Issue.record("expected a daily-loss stop, got \(action)"); return }
        #expect(actual == money("-50.01"))
        #expect(orders.first?.outcome == .no && orders.first?.size == shares("20"))
    }

    @Test func limitModeRestsAtMidAndRepricesAsMidMoves() {
        var supervisor = StopLossSupervisor(settings: Self.settings(mode: .limit))
        let first = supervisor.evaluate(Self.snapshot(no: "20", mid: "0.555", unrealized: "-11", at: 0))
        guard case .stop(_, let orders) = first else { Issue.record("no stop"); return }
        #expect(orders == [LiquidationOrder(outcome: .no, side: .sell, price: price("0.45"), size: shares("20"), timeInForce: .postOnlyGTC)])
        let moved = supervisor.evaluate(Self.snapshot(no: "20", mid: "0.60", unrealized: "-12", at: 5_000))
        #expect(moved == .liquidate([LiquidationOrder(outcome: .no, side: .sell, price: price("0.4"), size: shares("20"), timeInForce: .postOnlyGTC)]))
    }

    @Test func passiveModeCancelsAndWaitsForTheOperator() {
        var supervisor = StopLossSupervisor(settings: Self.settings(mode: .passive, resume: true))
        #expect(supervisor.evaluate(Self.snapshot(yes: "20", unrealized: "-11", at: 0)) == .stop(.unrealizedLoss(actual: money("-11"), limit: money("-10")), orders: []))
        #expect(supervisor.evaluate(Self.snapshot(yes: "20", unrealized: "-11", at: 99 * Self.minute)) == .none)
        #expect(supervisor.resume() == .resume)
        #expect(supervisor.state == .armed)
    }

    @Test func cooldownThenAutoResumeWhenConfigured() {
        var supervisor = StopLossSupervisor(settings: Self.settings(resume: true))
        _ = supervisor.evaluate(Self.snapshot(yes: "20", unrealized: "-11", at: 0))
        #expect(supervisor.evaluate(Self.snapshot(yes: "4.99", unrealized: "-1", at: 10_000)) == .flat(cooldownUntilMilliseconds: 10_000 + 30 * Self.minute))
        #expect(supervisor.evaluate(Self.snapshot(at: 10_000 + 30 * Self.minute - 1)) == .none)
        #expect(supervisor.evaluate(Self.snapshot(at: 10_000 + 30 * Self.minute)) == .resume)
        #expect(supervisor.state == .armed)
    }

    @Test func withoutAutoResumeItStaysStopped() {
        var supervisor = StopLossSupervisor(settings: Self.settings(resume: false))
        _ = supervisor.evaluate(Self.snapshot(yes: "20", unrealized: "-11", at: 0))
        #expect(supervisor.evaluate(Self.snapshot(at: 1_000)) == .flat(cooldownUntilMilliseconds: nil))
        #expect(supervisor.evaluate(Self.snapshot(at: 999 * Self.minute)) == .none)
        guard case .stopped = supervisor.state else { Issue.record("expected stopped"); return }
    }

    @Test func positionAgeCountsFromWhenTheExposureBeganAndResetsOnASignChange() {
        var supervisor = StopLossSupervisor(settings: Self.settings())
        #expect(supervisor.evaluate(Self.snapshot(yes: "10", at: 0)) == .none)
        #expect(supervisor.evaluate(Self.snapshot(no: "10", at: 20 * Self.minute)) == .none, "flipped: the clock restarts")
        #expect(supervisor.evaluate(Self.snapshot(no: "10", at: 50 * Self.minute)) == .none)
        let action = supervisor.evaluate(Self.snapshot(no: "10", at: 50 * Self.minute + 1))
        guard case .stop(.positionAge, _) = action else { Issue.record("expected an age stop, got \(action)"); return }
    }

    @Test func disabledNeverTriggersButOperatorLiquidationStillWorks() {
        var settings = Self.settings()
        settings.isEnabled = false
        var supervisor = StopLossSupervisor(settings: settings)
        #expect(supervisor.evaluate(Self.snapshot(yes: "20", unrealized: "-1000", at: 0)) == .none)
        let action = supervisor.liquidate(mode: .limit, Self.snapshot(yes: "20", mid: "0.5", at: 1))
        #expect(action == .stop(.operatorRequest, orders: [LiquidationOrder(outcome: .yes, side: .sell, price: price("0.5"), size: shares("20"), timeInForce: .postOnlyGTC)]))
    }

    @Test func marketModeWorstPriceNeverLeavesTheGrid() {
        let orders = StopLossSupervisor.plan(mode: .market, snapshot: Self.snapshot(yes: "10", mid: "0.02", at: 0), slippageCap: cents(3))
        #expect(orders.first?.price == price("0.01"), "clamped to the minimum tick, not below 0")
    }
}
