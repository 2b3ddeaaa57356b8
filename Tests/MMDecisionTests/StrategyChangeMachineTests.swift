import MMCore
import MMDecision
import Testing

/// `strategy.kind` changed while running (`mmctl config set`, reload): the machine follows at once.
@Suite struct StrategyChangeMachineTests {
    @Test func aLiveSwitchToTheGridKeepsWhatStillFitsAndRestsTheLadder() throws {
        var machine = Fixture.machine(limit: 30)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let band = machine.handle(.timer, now: now).posts
        #expect(band.count == 2, "the band quoter: one quote per leg")
        _ = machine.accept(band, now: now)
        #expect(machine.strategyName == "band")

        now += 10
        let grid = GridQuotingStrategy(parameters: GridParameters(levels: 3, sizePerLevel: Quantity(shares: 5)))
        let actions = machine.handle(.strategy(StrategyChoice(grid)), now: now)
        #expect(machine.strategyName == "grid")
        #expect(actions.riskKinds == ["strategy"])
        // Mid 0.50: bids on 0.49, 0.48, 0.47, asks on 0.51, 0.52, 0.53. The band's quotes (half the 3 c band
        // away, rounded out: 0.48 and 0.52) sit on two of those lines at the same size: kept, not replaced.
        #expect(band.map { $0.outcome == .yes ? $0.price : $0.price.complement }.sorted() == ["0.48", "0.52"].map(Fixture.price))
        let posted = actions.posts.map { $0.outcome == .yes ? $0.price : $0.price.complement }
        #expect(posted.sorted() == ["0.47", "0.49", "0.51", "0.53"].map(Fixture.price))
        #expect(actions.cancels.isEmpty)
        _ = machine.accept(actions.posts, now: now)
        _ = machine.confirmCancel(actions.cancels, now: now)
        #expect(machine.trackedOrders.count == 6)

        // The same strategy again changes nothing.
        #expect(machine.handle(.strategy(StrategyChoice(grid)), now: now + 10).effects.isEmpty)
        // Mean reversion starts its reference; back to one quote per leg.
        let back = machine.handle(.strategy(StrategyChoice(LeanQuotingStrategy(parameters: LeanParameters()))), now: now + 20)
        #expect(machine.strategyName == "mean-reversion")
        #expect(back.posts.count <= 2 && back.cancels.count >= 4)
    }
}
