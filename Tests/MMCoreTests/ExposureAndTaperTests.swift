import MMCore
import Testing

@Suite struct ExposureAndTaperTests {
    @Test func globalAndEventCapsReduceTheLimitByWhatOtherMarketsHold() {
        var book = ExposureBook(settings: ExposureCapSettings(global: Quantity(shares: 25), perEvent: Quantity(shares: 15)))
        book.register(market: "a", event: "election")
        book.register(market: "b", event: "election")
        book.register(market: "c", event: nil)
        #expect(book.effectiveLimit(market: "a", own: Quantity(shares: 10)).limit == Quantity(shares: 10))
        book.update(market: "b", net: Quantity(shares: -8))
        // Event: 15 − |−8| = 7 binds before the global 25 − 8 = 17.
        let a = book.effectiveLimit(market: "a", own: Quantity(shares: 10))
        #expect(a.limit == Quantity(shares: 7))
        #expect(a.boundBy?.contains("event") == true)
        // Market c is outside the event: only the global cap applies.
        book.update(market: "a", net: Quantity(shares: 7))
        let c = book.effectiveLimit(market: "c", own: Quantity(shares: 20))
        #expect(c.limit == Quantity(shares: 10))
        #expect(c.boundBy?.contains("global") == true)
        #expect(book.globalExposure == Quantity(shares: 15))
        // Never negative, whatever the others hold.
        book.update(market: "c", net: Quantity(shares: 40))
        #expect(book.effectiveLimit(market: "a", own: Quantity(shares: 10)).limit == .zero)
    }

    @Test func taperShrinksLinearlyThenStops() {
        let hour: Int64 = 3_600_000
        let taper = ResolutionTaper(startMilliseconds: 48 * hour, stopMilliseconds: 6 * hour)
        let end: Int64 = 1_000 * hour
        #expect(taper.decide(endMilliseconds: nil, nowMilliseconds: 0) == .full)
        #expect(taper.decide(endMilliseconds: end, nowMilliseconds: end - 100 * hour) == .full)
        #expect(taper.decide(endMilliseconds: end, nowMilliseconds: end - 48 * hour) == .full)
        #expect(taper.decide(endMilliseconds: end, nowMilliseconds: end - 27 * hour) == .shrink(Ratio(micros: 500_000)))
        #expect(taper.decide(endMilliseconds: end, nowMilliseconds: end - 6 * hour) == .stop)
        #expect(taper.decide(endMilliseconds: end, nowMilliseconds: end + hour) == .stop)
    }
}

@Suite struct RiskStateTests {
    static let skew = SkewSettings()
    static let limit = Quantity(shares: 10)

    static func state(
        halted: Bool = false, paused: Bool = false, stop: StopLossSupervisor.State = .armed, volatility: Bool = false, skipped: Int = 0, net: Int64 = 0
    ) -> RiskState {
        RiskState.derive(
            halted: halted, operatorPaused: paused, stopLoss: stop, volatilityPaused: volatility, skippedLegs: skipped, net: Quantity(shares: net),
            limit: limit, skew: skew)
    }

    @Test func mostSevereStateWins() {
        #expect(Self.state() == .quoting)
        #expect(Self.state(net: 2) == .quoting)
        #expect(Self.state(net: -3) == .skewed)
        #expect(Self.state(skipped: 1, net: -3) == .oneSided)
        #expect(Self.state(volatility: true, skipped: 2) == .pausedForVolatility)
        #expect(Self.state(paused: true, volatility: true) == .paused)
        #expect(Self.state(paused: true, stop: .cooldown(untilMilliseconds: 5)) == .cooldown)
        #expect(Self.state(stop: .liquidating(.operatorRequest, .market, sinceMilliseconds: 0)) == .liquidating)
        #expect(Self.state(halted: true, stop: .liquidating(.operatorRequest, .market, sinceMilliseconds: 0)) == .halted)
    }
}
