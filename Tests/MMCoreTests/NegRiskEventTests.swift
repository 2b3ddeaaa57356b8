import MMCore
import Testing

@Suite struct NegRiskEventTests {
    /// Outcome 0: 100 YES bought at 0.40; outcome 1: 50 NO bought at 0.70; outcome 2: nothing. Cost 75.
    let holdings = [
        EventHolding(yes: shares("100"), cost: money("40")), EventHolding(no: shares("50"), cost: money("35")), EventHolding(),
    ]

    @Test func lossPerWinnerIsCostMinusPayout() {
        // w=0: 75 − (100 YES₀ + 50 NO₁) = −75; w=1: 75 − 0 = 75; w=2: 75 − 50 NO₁ = 25; none of ours: 75 − 50 = 25.
        #expect(NegRiskEvent.loss(ifWins: 0, holdings) == money("-75"))
        #expect(NegRiskEvent.loss(ifWins: 1, holdings) == money("75"))
        #expect(NegRiskEvent.loss(ifWins: 2, holdings) == money("25"))
        #expect(NegRiskEvent.loss(ifWins: nil, holdings) == money("25"))
        #expect(NegRiskEvent.worstCaseLoss(holdings, unheldOutcome: false) == money("75"))
        // A full YES set bought at 0.33 each is worth 1 whoever wins: the worst case is −1, not 99 (Σ|net|).
        let set = (0..<3).map { _ in EventHolding(yes: shares("100"), cost: money("33")) }
        #expect(NegRiskEvent.worstCaseLoss(set, unheldOutcome: false) == money("-1"))
        // …unless an outcome we hold nothing in (the placeholder) can win.
        #expect(NegRiskEvent.worstCaseLoss(set, unheldOutcome: true) == money("99"))
    }

    @Test func legRoomShrinksWhatRaisesTheWorstCaseAndNeverBlocksWhatLowersIt() {
        // Bid on outcome 2 at 0.30 raises w=0,1 by 0.30/share: (90 − 75) / 0.30 = 50 shares.
        #expect(NegRiskEvent.legRoom(.bid, yesPrice: price("0.30"), outcome: 2, holdings, unheldOutcome: false, cap: money("90")) == shares("50"))
        // Ask on outcome 1 at 0.60 raises w=1 by 0.40/share: (90 − 75) / 0.40 = 37.5.
        #expect(NegRiskEvent.legRoom(.ask, yesPrice: price("0.60"), outcome: 1, holdings, unheldOutcome: false, cap: money("90")) == shares("37.5"))
        // Cap 50 is already exceeded (75): the ask on outcome 1 would worsen w=1 → 0 …
        #expect(NegRiskEvent.legRoom(.ask, yesPrice: price("0.50"), outcome: 1, holdings, unheldOutcome: false, cap: money("50")) == .zero)
        // … but the bid on outcome 1 lowers w=1 and may go on until another outcome reaches 75: (75 − 25) / 0.50 = 100.
        #expect(NegRiskEvent.legRoom(.bid, yesPrice: price("0.50"), outcome: 1, holdings, unheldOutcome: false, cap: money("50")) == shares("100"))
        // One outcome alone, no unheld scenario: a bid makes nothing worse.
        #expect(NegRiskEvent.legRoom(.bid, yesPrice: price("0.50"), outcome: 0, [EventHolding()], unheldOutcome: false, cap: money("1")) == nil)
    }

    @Test func restingOrdersCountAsIfTheyFilledSoSeveralLegsCannotTogetherPassTheCap() {
        // A bid on outcome 2 at 0.30 × 10 raises w=0, w=1 and the unheld scenario by 3; an ask on outcome 1
        // at 0.60 × 10 raises w=1 by 0.40 × 10 = 4.
        let resting = [[], [RestingLeg(leg: .ask, yesPrice: price("0.60"), size: shares("10"))], [RestingLeg(leg: .bid, yesPrice: price("0.30"), size: shares("10"))]]
        #expect(NegRiskEvent.committedLosses(holdings, resting: resting) == [money("-72"), money("82"), money("25"), money("28")].map(\.micros))
        // Another bid on outcome 2 may only add 90 − 82 = 8 to w=1.
        #expect(NegRiskEvent.legHeadroom(.bid, outcome: 2, holdings, resting: resting, unheldOutcome: false, cap: money("90")) == money("8"))
        // An ask on outcome 0 worsens only w=0 (−72): 162 of room.
        #expect(NegRiskEvent.legHeadroom(.ask, outcome: 0, holdings, resting: resting, unheldOutcome: true, cap: money("90")) == money("162"))
    }

    @Test func askAndBidBoundsKeepFullSetsAboveAndBelowOne() {
        let tick = TickSize.hundredth
        #expect(NegRiskEvent.askBound(othersAsks: [price("0.30"), price("0.35")], tick: tick) == .price(price("0.36")))
        #expect(NegRiskEvent.askBound(othersAsks: [price("0.30"), nil], tick: tick) == .free)
        #expect(NegRiskEvent.askBound(othersAsks: [price("0.50"), price("0.52")], tick: tick) == .free)
        #expect(NegRiskEvent.askBound(othersAsks: [price("0.01")], tick: tick) == .blocked)
        // Off-grid sums round away from the arbitrage.
        #expect(NegRiskEvent.askBound(othersAsks: [price("0.305"), price("0.35")], tick: tick) == .price(price("0.36")))
        #expect(NegRiskEvent.bidBound(othersBids: [price("0.305"), price("0.35")], tick: tick) == .price(price("0.33")))
        #expect(NegRiskEvent.bidBound(othersBids: [price("0.30"), price("0.35")], tick: tick) == .price(price("0.34")))
        #expect(NegRiskEvent.bidBound(othersBids: [price("0.60"), price("0.45")], tick: tick) == .blocked)
        #expect(NegRiskEvent.bidBound(othersBids: [nil, price("0.45")], tick: tick) == .free)
        // The bounds are exactly tight.
        #expect(!NegRiskEvent.isArbitrage(asks: [price("0.36"), price("0.30"), price("0.35")], tick: tick))
        #expect(NegRiskEvent.isArbitrage(asks: [price("0.35"), price("0.30"), price("0.35")], tick: tick))
        #expect(!NegRiskEvent.isArbitrage(bids: [price("0.34"), price("0.30"), price("0.35")], tick: tick))
        #expect(NegRiskEvent.isArbitrage(bids: [price("0.35"), price("0.30"), price("0.35")], tick: tick))
    }

    @Test func limitsMoveLegsOnTheirOwnGridAndShrinkOrDropThem() {
        let ask = Quote(leg: .ask, outcome: .no, side: .buy, price: price("0.70"), size: shares("20"))
        let bid = Quote(leg: .bid, outcome: .yes, side: .buy, price: price("0.40"), size: shares("20"))
        let limits = EventQuoteLimits(ask: .price(price("0.36")), bid: .price(price("0.34")), bidHeadroom: money("3.40"))
        let applied = limits.apply(to: [bid, ask], minimumSize: shares("5"))
        #expect(applied.count == 2)
        #expect(applied[0].price == price("0.34") && applied[0].size == shares("10"))
        // The bid room is 3.40 / 0.34 = 10 shares. The ask is a BUY NO: YES 0.30 → 0.36 is NO 0.70 → 0.64.
        #expect(applied[1].price == price("0.64") && applied[1].yesPrice == price("0.36") && applied[1].size == shares("20"))
        // Already compliant legs are untouched; too little room or a blocked side drops the leg.
        #expect(EventQuoteLimits(ask: .price(price("0.20"))).apply(to: [ask], minimumSize: shares("5")) == [ask])
        #expect(EventQuoteLimits(bidHeadroom: money("1.6")).apply(to: [bid], minimumSize: shares("5")).isEmpty)
        #expect(EventQuoteLimits(ask: .blocked).apply(to: [bid, ask], minimumSize: shares("5")) == [bid])
    }
}
