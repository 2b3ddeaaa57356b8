import MMCore
import Polymarket
import Testing
@testable import MMSim

/// GTD orders on the exchange state machine: the venue's minimum-expiry rule and expiry at
/// expiration − 60 s, with everything an expiry changes (book, open orders, reservation, user event).
@Suite struct SimGTDTests {
    typealias Venue = SimExchangeTests.Venue
    static let alice = SimExchangeTests.alice
    static let bob = SimExchangeTests.bob
    /// Half a second into a whole second, so the rule's whole-second comparison matters.
    static let now = SimExchangeTests.t0 + 500
    static let nowSeconds = UInt64(SimExchangeTests.t0 / 1_000)

    @Test(arguments: [
        (UInt64(0), false), (nowSeconds + 30, false), (nowSeconds + 59, false), (nowSeconds + 60, true), (nowSeconds + 61, true),
    ])
    func expirationMustBeAtLeastAMinuteAhead(expiration: UInt64, accepted: Bool) {
        var venue = Venue()
        let result = venue.post(Self.alice, .yes, .buy, "0.40", 10, type: .gtd, at: Self.now, expiration: expiration)
        switch result {
        case .success(let ack): #expect(accepted && ack.status == "live", "expiration now + \(Int64(expiration) - Int64(Self.nowSeconds)) s")
        case .failure(let rejection):
            #expect(!accepted, "expiration now + \(Int64(expiration) - Int64(Self.nowSeconds)) s was refused")
            #expect(rejection == SimRejection(status: 400, "invalid expiration"))
        }
        #expect(GoodTillDate.isAccepted(expiration: expiration, nowMilliseconds: Self.now) == accepted, "the client's rule is the venue's")
    }

    @Test func theClientsExpirationGivesTheLifetimeAsked() throws {
        let expiration = GoodTillDate.expiration(lifetimeSeconds: 120, nowMilliseconds: Self.now)
        #expect(expiration == Self.nowSeconds + 1 + 60 + 120, "now rounded up to the second, + 60 s, + the lifetime")
        #expect(GoodTillDate.endMilliseconds(expiration: expiration)! - Self.now >= 120_000)
        #expect(OrderType.resting(expiration: expiration) == .gtd && OrderType.resting(expiration: 0) == .gtc)
    }

    @Test func anExpiredOrderLeavesTheBookAndReleasesItsReservation() throws {
        var venue = Venue()
        let before = venue.balance(Self.alice)
        let expiration = GoodTillDate.expiration(lifetimeSeconds: 120, nowMilliseconds: Self.now)
        let end = try #require(GoodTillDate.endMilliseconds(expiration: expiration))
        let gtd = try venue.post(Self.alice, .yes, .buy, "0.40", 10, type: .gtd, at: Self.now, expiration: expiration).get()
        let gtc = try venue.post(Self.alice, .yes, .buy, "0.39", 10, salt: 2, at: Self.now).get()
        // Bob sells 4 into the GTD bid: 6 shares × 0.40 stay reserved.
        _ = try venue.post(Self.bob, .yes, .sell, "0.40", 4, type: .fak, salt: 3, at: Self.now + 1).get()
        #expect(venue.balance(Self.alice).reservedCollateral == 2_400_000 + 3_900_000)
        _ = venue.exchange.drainEvents()

        venue.exchange.advance(nowMilliseconds: end - 1)
        #expect(venue.exchange.openOrders(apiKey: venue.aliceKey.key).map(\.id) == [gtd.orderID, gtc.orderID], "not yet")
        venue.exchange.advance(nowMilliseconds: end)
        #expect(venue.exchange.openOrders(apiKey: venue.aliceKey.key).map(\.id) == [gtc.orderID], "gone at expiration − 60 s; the GTC stays")
        #expect(venue.exchange.yesLevels(market: SimExchangeTests.market.conditionID).bids.map(\.price) == [try Price("0.39")])
        #expect(venue.balance(Self.alice).reservedCollateral == 3_900_000, "the GTD's reservation is released")
        #expect(venue.balance(Self.alice).collateral == before.collateral - 1_600_000, "the 4 shares it bought stay paid")

        let events = venue.exchange.drainEvents()
        let cancellations = events.compactMap { event -> (String, String, SimOrder)? in
            if case .order(let owner, "CANCELLATION", let order, let status, let time) = event, time == end { (owner, status, order) } else { nil }
        }
        #expect(cancellations.count == 1)
        #expect(cancellations.first?.0 == venue.aliceKey.key && cancellations.first?.1 == "CANCELED_EXPIRED_ORDER")
        #expect(cancellations.first?.2.id == gtd.orderID && cancellations.first?.2.matched == Quantity(shares: 4))
        #expect(cancellations.first?.2.orderType == "GTD" && cancellations.first?.2.expiration == expiration)
        #expect(events.contains { if case .priceChange = $0 { true } else { false } }, "the book change is published")
    }

    @Test func aGTDOrderMatchesLikeAnyOtherUntilItExpires() throws {
        var venue = Venue()
        let expiration = GoodTillDate.expiration(lifetimeSeconds: 300, nowMilliseconds: Self.now)
        let gtd = try venue.post(Self.alice, .no, .sell, "0.60", 10, type: .gtd, at: Self.now, expiration: expiration).get()
        let end = GoodTillDate.endMilliseconds(expiration: expiration)!
        let taker = try venue.post(Self.bob, .no, .buy, "0.60", 10, type: .fak, salt: 2, at: end - 1).get()
        #expect(taker.status == "matched" && venue.exchange.trades.last?.makers.first?.orderID == gtd.orderID)
        venue.exchange.advance(nowMilliseconds: end)
        #expect(!venue.exchange.drainEvents().contains { if case .order(_, _, _, "CANCELED_EXPIRED_ORDER", _) = $0 { true } else { false } }, "a filled order does not expire")
    }
}
