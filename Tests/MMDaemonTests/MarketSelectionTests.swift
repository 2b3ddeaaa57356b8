import MMConfig
import MMCore
import Testing
@testable import MMDaemon

/// `markets.auto`'s decision on hand-made rankings (``MarketSelection``).
struct MarketSelectionTests {
    func candidate(_ id: String, _ perDay: Int64, capital: Int64 = 100) -> MarketSelection.Candidate {
        MarketSelection.Candidate(id: id, question: id, netPerDay: Money(micros: perDay * 1_000_000), capital: Money(micros: capital * 1_000_000))
    }
    func made(_ id: String, pinned: Bool = false, flat: Bool = true) -> MarketSelection.Made { MarketSelection.Made(id: id, isPinned: pinned, isFlat: flat) }
    func ids(_ decisions: [MarketSelection.Decision], _ kind: String) -> [String] {
        decisions.compactMap { decision in
            switch (decision, kind) {
            case (.add(let id, _), "add"), (.keep(let id, _), "keep"), (.remove(let id, _), "remove"), (.flatten(let id, _), "flatten"): id
            default: nil
            }
        }
    }

    @Test func fromNothingTheBestWithinTheBudgetAreAdded() {
        let ranked = [candidate("a", 50, capital: 300), candidate("b", 40, capital: 300), candidate("c", 30, capital: 100), candidate("d", 20)]
        let settings = MarketsAutoConfiguration(top: 3, capital: Money(micros: 500_000_000))
        let decisions = MarketSelection.decide(ranked: ranked, made: [], settings: settings)
        // a (300) fits, b (300 more) does not, c and d do: the best three within 500 pUSD.
        #expect(ids(decisions, "add") == ["a", "c", "d"])
        #expect(ids(decisions, "remove").isEmpty)
    }

    @Test func aMarketMadeIsKeptWithinTheHysteresisAndDroppedWhenClearlyWorse() {
        let settings = MarketsAutoConfiguration(top: 2, hysteresis: Ratio(micros: 250_000))
        // b fell just below c (the last selected is c at 40): 35 ≥ 40 × 0.75, so b stays and c is not added.
        var decisions = MarketSelection.decide(
            ranked: [candidate("a", 50), candidate("c", 40), candidate("b", 35)], made: [made("a"), made("b")], settings: settings)
        #expect(ids(decisions, "keep") == ["a", "b"] && ids(decisions, "add").isEmpty && ids(decisions, "remove").isEmpty)
        // b fell to 20 < 30: dropped, c added in its place.
        decisions = MarketSelection.decide(ranked: [candidate("a", 50), candidate("c", 40), candidate("b", 20)], made: [made("a"), made("b")], settings: settings)
        #expect(ids(decisions, "remove") == ["b"] && ids(decisions, "add") == ["c"])
        #expect(decisions.contains { if case .remove("b", let reason) = $0 { reason.contains("ranks clearly worse") } else { false } })
    }

    @Test func aMarketThatLeavesTheRankingIsDroppedAndOneWithAPositionIsFlattenedFirst() {
        let settings = MarketsAutoConfiguration(top: 2)
        let decisions = MarketSelection.decide(
            ranked: [candidate("a", 50), candidate("c", 40), candidate("d", 30)], made: [made("a"), made("b"), made("x", flat: false)], settings: settings)
        #expect(ids(decisions, "remove") == ["b"])
        #expect(ids(decisions, "flatten") == ["x"])
        #expect(decisions.contains { if case .remove("b", let reason) = $0 { reason.contains("no longer ranked") } else { false } })
        // Two slots: a kept, c added; d waits.
        #expect(ids(decisions, "keep") == ["a"] && ids(decisions, "add") == ["c"])
    }

    @Test func configuredMarketsAreNeverDroppedNorCounted() {
        let settings = MarketsAutoConfiguration(top: 1)
        let decisions = MarketSelection.decide(ranked: [candidate("p", 90), candidate("a", 50), candidate("b", 40)], made: [made("p", pinned: true)], settings: settings)
        #expect(ids(decisions, "add") == ["a"])
        #expect(!decisions.contains { $0.market == "p" })
    }

    @Test func theSameInputsGiveTheSameDecisions() {
        let ranked = (0..<50).map { candidate("m\($0)", Int64(100 - $0)) }
        let current = (10..<30).map { made("m\($0)", flat: $0 % 3 != 0) }
        let settings = MarketsAutoConfiguration(top: 20, capital: Money(micros: 1_800_000_000))
        #expect(MarketSelection.decide(ranked: ranked, made: current, settings: settings) == MarketSelection.decide(ranked: ranked, made: current, settings: settings))
        let decisions = MarketSelection.decide(ranked: ranked, made: current, settings: settings)
        #expect(ids(decisions, "keep").count + ids(decisions, "add").count <= 20)
    }
}
