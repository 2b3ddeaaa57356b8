import MMCore
import MMEngine
import Testing

/// The shared event registry's check-and-register, on hand-made numbers (tick 0.01).
@Suite struct NegRiskRegistryTests {
    static func price(_ text: String) -> Price { try! Price(text) }
    static func shares(_ text: String) -> Quantity { try! Quantity(text) }

    @Test func aPostThatWouldCompleteAnArbitrageIsRefusedAndTheFirstToRegisterWins() {
        let registry = NegRiskRegistry(cap: nil)
        registry.declare(event: "e", outcomes: ["a", "b", "c"], unheldOutcome: true)
        let tick = TickSize.hundredth
        // Asks on a and b: 0.50 + 0.30; c's ask must be ≥ 1.01 − 0.80 = 0.21.
        #expect(registry.reserve(market: "a", tick: tick, leg: .ask, yesPrice: Self.price("0.50"), size: Self.shares("20")) == nil)
        #expect(registry.reserve(market: "b", tick: tick, leg: .ask, yesPrice: Self.price("0.30"), size: Self.shares("20")) == nil)
        #expect(registry.limits(market: "c", tick: tick)?.ask == .price(Self.price("0.21")))
        #expect(registry.reserve(market: "c", tick: tick, leg: .ask, yesPrice: Self.price("0.20"), size: Self.shares("20")) != nil)
        #expect(registry.reserve(market: "c", tick: tick, leg: .ask, yesPrice: Self.price("0.21"), size: Self.shares("20")) == nil)
        // Now the set is full at 1.01: b may not go lower while the others rest …
        #expect(registry.reserve(market: "b", tick: tick, leg: .ask, yesPrice: Self.price("0.29"), size: Self.shares("20")) != nil)
        // … until c's ask is gone.
        registry.setResting(market: "c", legs: [])
        #expect(registry.reserve(market: "b", tick: tick, leg: .ask, yesPrice: Self.price("0.29"), size: Self.shares("20")) == nil)
        // Bids: 0.50 + 0.30 leave c at most 0.19.
        #expect(registry.reserve(market: "a", tick: tick, leg: .bid, yesPrice: Self.price("0.50"), size: Self.shares("20")) == nil)
        #expect(registry.reserve(market: "b", tick: tick, leg: .bid, yesPrice: Self.price("0.30"), size: Self.shares("20")) == nil)
        #expect(registry.reserve(market: "c", tick: tick, leg: .bid, yesPrice: Self.price("0.20"), size: Self.shares("20")) != nil)
        #expect(registry.reserve(market: "c", tick: tick, leg: .bid, yesPrice: Self.price("0.19"), size: Self.shares("20")) == nil)
        // A market outside any event is never held back.
        #expect(registry.reserve(market: "z", tick: tick, leg: .ask, yesPrice: Self.price("0.01"), size: Self.shares("20")) == nil)
    }

    @Test func theCapCountsEveryRegisteredLegAsFilled() {
        // Cap 10 pUSD, nothing held. Bids at 0.40 × 20 on a and b each raise the other outcomes' loss by 8.
        let registry = NegRiskRegistry(cap: Money(micros: 10_000_000))
        registry.declare(event: "e", outcomes: ["a", "b", "c"], unheldOutcome: false)
        let tick = TickSize.hundredth
        #expect(registry.reserve(market: "a", tick: tick, leg: .bid, yesPrice: Self.price("0.40"), size: Self.shares("20")) == nil)
        // b's bid would put c-wins at 16 > 10: refused; 5 shares (2 more) fit.
        #expect(registry.reserve(market: "b", tick: tick, leg: .bid, yesPrice: Self.price("0.40"), size: Self.shares("20")) != nil)
        #expect(registry.reserve(market: "b", tick: tick, leg: .bid, yesPrice: Self.price("0.40"), size: Self.shares("5")) == nil)
        // An ask on a at 0.70 worsens only a-wins (2 so far, from b's bid), by 0.30 a share: (10 − 2) / 0.30 = 26.66.
        #expect(registry.reserve(market: "a", tick: tick, leg: .ask, yesPrice: Self.price("0.70"), size: Self.shares("27")) != nil)
        #expect(registry.reserve(market: "a", tick: tick, leg: .ask, yesPrice: Self.price("0.70"), size: Self.shares("26")) == nil)
        #expect(registry.worstCaseLoss(market: "a") == .zero)
        // The bounds fed to a's machine leave a's own legs out (its plan replaces them): a's bid may use
        // 10 − 2 (b's bid) = 8 pUSD on b-wins and c-wins; at post time a's resting bid of 8 still counts.
        #expect(registry.limits(market: "a", tick: tick)?.bidHeadroom == Money(micros: 8_000_000))
        #expect(registry.reserve(market: "a", tick: tick, leg: .bid, yesPrice: Self.price("0.40"), size: Self.shares("20")) != nil)
    }
}
