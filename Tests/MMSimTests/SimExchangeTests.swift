import MMCore
import Polymarket
import Testing
@testable import MMSim

@Suite struct SimExchangeTests {
    static let market = SimMarketSpec(
        conditionID: "0x" + String(repeating: "ab", count: 32), question: "Test?", yesToken: "1001", noToken: "1002", tick: .hundredth,
        minOrderSize: Quantity(shares: 5), rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5), dailyRate: Money(micros: 144_000_000)))
    static let alice = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let bob = try! PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a3412f3851b55b7c603")
    static let t0: Int64 = 1_780_000_000_000

    struct Venue {
        var exchange: SimExchange
        var aliceKey: SimAPIKey
        var bobKey: SimAPIKey

        init(settings: SimExchangeSettings = SimExchangeSettings()) {
            exchange = SimExchange(settings: settings, markets: [SimExchangeTests.market])
            aliceKey = exchange.apiKey(for: SimExchangeTests.alice.address.checksummed, nonce: 0)
            bobKey = exchange.apiKey(for: SimExchangeTests.bob.address.checksummed, nonce: 0)
            for key in [SimExchangeTests.alice, SimExchangeTests.bob] {
                exchange.fund(key.address.checksummed, collateral: 1_000_000_000, tokens: ["1001": 100_000_000, "1002": 100_000_000])
            }
        }

        mutating func post(
            _ key: PrivateKey, _ outcome: Outcome, _ side: Side, _ price: String, _ size: Int64, type: OrderType = .gtc, postOnly: Bool = false,
            salt: UInt64 = 1, at now: Int64 = SimExchangeTests.t0, expiration: UInt64 = 0, tamper: Bool = false
        ) -> Result<SimAck, SimRejection> {
            let signer = try! OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
            let amounts = try! ExactAmounts.limit(side: side, price: Price(price), size: Quantity(shares: size), tick: .hundredth)
            var signed = signer.makeOrder(
                tokenID: UInt256(decimal: outcome == .yes ? "1001" : "1002")!, side: side, amounts: amounts, salt: UInt256(salt),
                timestampMilliseconds: UInt64(now), expiration: expiration, exchange: .standard)
            if tamper { signed.order.makerAmount += 1 }
            let apiKey = key.address == SimExchangeTests.alice.address ? aliceKey.key : bobKey.key
            return exchange.submit(signed.order, signature: signed.signature, owner: apiKey, apiKey: apiKey, orderType: type, postOnly: postOnly, nowMilliseconds: now)
        }

        func balance(_ key: PrivateKey) -> SimBalance { exchange.balance(of: key.address.checksummed) }
    }

    @Test func buyYesAgainstBuyNoMints() throws {
        var venue = Venue()
        let resting = try venue.post(Self.alice, .yes, .buy, "0.48", 10).get()
        #expect(resting.status == "live")
        #expect(venue.balance(Self.alice).reservedCollateral == 4_800_000)
        let taker = try venue.post(Self.bob, .no, .buy, "0.53", 10).get()
        #expect(taker.status == "matched" && taker.tradeIDs.count == 1)
        // Alice bought 10 YES at 0.48; Bob bought 10 NO at 1 − 0.48 = 0.52 (better than his 0.53 limit).
        #expect(venue.balance(Self.alice).collateral == 1_000_000_000 - 4_800_000)
        #expect(venue.balance(Self.alice).tokens["1001"] == 110_000_000 && venue.balance(Self.alice).reservedCollateral == 0)
        #expect(venue.balance(Self.bob).collateral == 1_000_000_000 - 5_200_000)
        #expect(venue.balance(Self.bob).tokens["1002"] == 110_000_000)
        let trade = try #require(venue.exchange.trades.first)
        let p48 = try Price("0.48")
        let p52 = try Price("0.52")
        #expect(trade.makers.first?.outcome == .yes && trade.makers.first?.side == .buy && trade.makers.first?.price == p48)
        #expect(trade.outcome == .no && trade.price == p52)
    }

    @Test func takersPayTheFeeAndMakersPayNone() throws {
        var market = Self.market
        market.takerFeeRate = Ratio(micros: 40_000)  // 0.04, a Politics-like rate
        var exchange = SimExchange(markets: [market])
        let alice = exchange.apiKey(for: Self.alice.address.checksummed, nonce: 0)
        let bob = exchange.apiKey(for: Self.bob.address.checksummed, nonce: 0)
        for key in [Self.alice, Self.bob] { exchange.fund(key.address.checksummed, collateral: 100_000_000, tokens: ["1001": 100_000_000]) }
        let maker = SimOrder(id: "x", owner: alice.key, maker: Self.alice.address.checksummed.lowercased(), market: market.conditionID, outcome: .yes, side: .sell, price: try Price("0.50"), originalSize: Quantity(shares: 100), matched: .zero, orderType: "GTC", createdAtMilliseconds: 0, expiresAtMilliseconds: nil, expiration: 0, sequence: 0)
        _ = exchange.place(maker, orderType: .gtc, postOnly: true, nowMilliseconds: Self.t0)
        _ = exchange.placeAgentOrder(owner: bob.key, maker: Self.bob.address.checksummed, market: market.conditionID, outcome: .yes, side: .buy, price: try Price("0.50"), size: Quantity(shares: 100), orderType: .fak, nowMilliseconds: Self.t0)
        // fee = 100 × 0.04 × 0.5 × 0.5 = 1 pUSD, on top of the 50 paid.
        #expect(exchange.balance(of: Self.bob.address.checksummed).collateral == 100_000_000 - 50_000_000 - 1_000_000)
        #expect(exchange.balance(of: Self.alice.address.checksummed).collateral == 100_000_000 + 50_000_000, "the maker pays no fee")
        #expect(exchange.feesCollected == 1_000_000)
    }

    @Test func sellAgainstSellMergesAndSameTokenTransfers() throws {
        var venue = Venue()
        _ = try venue.post(Self.alice, .yes, .sell, "0.60", 10).get()
        #expect(venue.balance(Self.alice).reservedTokens["1001"] == 10_000_000)
        _ = try venue.post(Self.bob, .no, .sell, "0.40", 5).get()  // merge: YES ask 0.60 vs NO ask 0.40
        #expect(venue.balance(Self.alice).collateral == 1_000_000_000 + 3_000_000)
        #expect(venue.balance(Self.bob).collateral == 1_000_000_000 + 2_000_000)
        #expect(venue.balance(Self.bob).tokens["1002"] == 95_000_000)
        _ = try venue.post(Self.bob, .yes, .buy, "0.61", 5, salt: 2).get()  // transfer: the rest of Alice's YES
        #expect(venue.balance(Self.alice).tokens["1001"] == 90_000_000 && venue.balance(Self.alice).reservedTokens["1001"] == 0)
        #expect(venue.balance(Self.bob).tokens["1001"] == 105_000_000)
        #expect(venue.exchange.orders.isEmpty)
    }

    @Test func priceTimePriorityAndPartialFills() throws {
        var venue = Venue()
        let first = try venue.post(Self.alice, .yes, .buy, "0.48", 5, salt: 1).get()
        let better = try venue.post(Self.alice, .yes, .buy, "0.49", 5, salt: 2).get()
        let second = try venue.post(Self.alice, .yes, .buy, "0.48", 5, salt: 3).get()
        _ = try venue.post(Self.bob, .yes, .sell, "0.48", 7, salt: 9).get()
        let makers = try #require(venue.exchange.trades.first?.makers)
        #expect(makers.map(\.orderID) == [better.orderID, first.orderID], "best price first, then time")
        #expect(makers.map(\.size) == [Quantity(shares: 5), Quantity(shares: 2)])
        #expect(venue.exchange.orders[first.orderID]?.remaining == Quantity(shares: 3))
        #expect(venue.exchange.orders[second.orderID]?.remaining == Quantity(shares: 5))
        let levels = venue.exchange.yesLevels(market: Self.market.conditionID)
        let level = BookLevel(price: try Price("0.48"), size: Quantity(shares: 8))
        #expect(levels.bids == [level])
    }

    @Test(arguments: [
        ("off tick", "breaks minimum tick size rule: 0.01"),
        ("below minimum", "lower than the minimum: 5"),
        ("unfunded", "not enough balance / allowance"),
        ("crossing post-only", "invalid post-only order: order crosses book"),
        ("tampered signature", "invalid signature"),
        ("duplicate", "Duplicated."),
        ("FOK not filled", "FOK orders are fully filled or killed"),
        ("post-only FAK", "INVALID_POST_ONLY_ORDER_TYPE"),
        ("expired GTD", "invalid expiration"),
    ])
    func rejectionsCarryTheVenuesWords(kind: String, message: String) throws {
        var venue = Venue()
        _ = try venue.post(Self.alice, .yes, .sell, "0.55", 10, salt: 77).get()
        let result: Result<SimAck, SimRejection>
        switch kind {
        case "off tick":
            let signer = try OrderSigner(key: Self.bob, chain: .polygon, signatureType: .eoa)
            let signed = signer.makeOrder(
                tokenID: UInt256(decimal: "1001")!, side: .buy, amounts: OrderAmounts(maker: 4_850_000, taker: 10_000_000), salt: UInt256(5),
                timestampMilliseconds: UInt64(Self.t0), exchange: .standard)
            result = venue.exchange.submit(signed.order, signature: signed.signature, owner: venue.bobKey.key, apiKey: venue.bobKey.key, orderType: .gtc, postOnly: false, nowMilliseconds: Self.t0)
        case "below minimum": result = venue.post(Self.bob, .yes, .buy, "0.40", 4)
        case "unfunded": result = venue.post(Self.bob, .yes, .buy, "0.40", 10_000)
        case "crossing post-only": result = venue.post(Self.bob, .yes, .buy, "0.55", 10, postOnly: true)
        case "tampered signature": result = venue.post(Self.bob, .yes, .buy, "0.40", 10, tamper: true)
        case "duplicate":
            _ = venue.post(Self.bob, .yes, .buy, "0.40", 10, salt: 3)
            result = venue.post(Self.bob, .yes, .buy, "0.40", 10, salt: 3)
        case "FOK not filled": result = venue.post(Self.bob, .yes, .buy, "0.55", 11, type: .fok)
        case "post-only FAK": result = venue.post(Self.bob, .yes, .buy, "0.55", 5, type: .fak, postOnly: true)
        default: result = venue.post(Self.bob, .yes, .buy, "0.40", 10, type: .gtd, expiration: UInt64(Self.t0 / 1000 + 30))
        }
        guard case .failure(let rejection) = result else { Issue.record("\(kind) was accepted"); return }
        #expect(rejection.message.contains(message), "\(kind): \(rejection.message)")
        #expect(rejection.status == 400)
    }

    @Test func signerMustBeTheAPIKeysAddress() throws {
        var venue = Venue()
        let signer = try OrderSigner(key: Self.bob, chain: .polygon, signatureType: .eoa)
        let signed = signer.makeOrder(
            tokenID: UInt256(decimal: "1001")!, side: .buy, amounts: OrderAmounts(maker: 4_000_000, taker: 10_000_000), salt: UInt256(5),
            timestampMilliseconds: UInt64(Self.t0), exchange: .standard)
        let result = venue.exchange.submit(signed.order, signature: signed.signature, owner: venue.aliceKey.key, apiKey: venue.aliceKey.key, orderType: .gtc, postOnly: false, nowMilliseconds: Self.t0)
        #expect(result == .failure(SimRejection("the order signer address has to be the address of the API KEY")))
        let owner = venue.exchange.submit(signed.order, signature: signed.signature, owner: venue.aliceKey.key, apiKey: venue.bobKey.key, orderType: .gtc, postOnly: false, nowMilliseconds: Self.t0)
        #expect(owner == .failure(SimRejection("the order owner has to be the owner of the API KEY")))
    }

    @Test func depositWalletOrdersVerifyThroughTheWrapper() throws {
        var venue = Venue()
        let wallet = Address("0x6d2F31aE95300D5221a8126E7851D64914b2617d")!
        venue.exchange.fund(wallet.checksummed, collateral: 100_000_000)
        let signer = try OrderSigner(key: Self.alice, chain: .polygon, signatureType: .poly1271, funder: wallet)
        let signed = signer.makeOrder(
            tokenID: UInt256(decimal: "1001")!, side: .buy, amounts: OrderAmounts(maker: 4_000_000, taker: 10_000_000), salt: UInt256(5),
            timestampMilliseconds: UInt64(Self.t0), exchange: .standard)
        let submit = { (exchange: inout SimExchange) in
            exchange.submit(signed.order, signature: signed.signature, owner: venue.aliceKey.key, apiKey: venue.aliceKey.key, orderType: .gtc, postOnly: false, nowMilliseconds: Self.t0)
        }
        #expect(submit(&venue.exchange) == .failure(SimRejection("the order signer address has to be the address of the API KEY")), "unregistered wallet")
        venue.exchange.registerDepositWallet(wallet.checksummed, owner: Self.alice.address.checksummed)
        #expect((try? submit(&venue.exchange).get())?.status == "live")
    }

    @Test func heartbeatDeadManSwitchCancelsEverything() throws {
        var venue = Venue()
        _ = try venue.post(Self.alice, .yes, .buy, "0.40", 10).get()
        let id = try venue.exchange.heartbeat(apiKey: venue.aliceKey.key, id: "", nowMilliseconds: Self.t0).get()
        #expect(venue.exchange.heartbeat(apiKey: venue.aliceKey.key, id: "wrong", nowMilliseconds: Self.t0 + 1).isFailure)
        let next = try venue.exchange.heartbeat(apiKey: venue.aliceKey.key, id: id, nowMilliseconds: Self.t0 + 5_000).get()
        venue.exchange.advance(nowMilliseconds: Self.t0 + 15_000)
        #expect(venue.exchange.orders.count == 1, "10 s since the last beat have not passed")
        venue.exchange.advance(nowMilliseconds: Self.t0 + 15_001)
        #expect(venue.exchange.orders.isEmpty)
        #expect(venue.balance(Self.alice).reservedCollateral == 0)
        let cancellation = venue.exchange.drainEvents().contains { if case .order(_, "CANCELLATION", _, "CANCELED_ORDER_TIMED_OUT", _) = $0 { true } else { false } }
        #expect(cancellation)
        _ = next
    }

    @Test func tradesGoMatchedMinedConfirmedOrFailAndReverse() throws {
        var ok = Venue()
        _ = try ok.post(Self.alice, .yes, .buy, "0.48", 10).get()
        _ = try ok.post(Self.bob, .yes, .sell, "0.48", 10, salt: 2).get()
        ok.exchange.advance(nowMilliseconds: Self.t0 + 2_000)
        #expect(ok.exchange.trades.first?.status == .mined)
        ok.exchange.advance(nowMilliseconds: Self.t0 + 6_000)
        #expect(ok.exchange.trades.first?.status == .confirmed)

        var settings = SimExchangeSettings()
        settings.failureProbabilityMillionths = 1_000_000
        var failing = Venue(settings: settings)
        let before = (failing.balance(Self.alice), failing.balance(Self.bob))
        _ = try failing.post(Self.alice, .yes, .buy, "0.48", 10).get()
        _ = try failing.post(Self.bob, .yes, .sell, "0.48", 10, salt: 2).get()
        failing.exchange.advance(nowMilliseconds: Self.t0 + 2_000)
        #expect(failing.exchange.trades.first?.status == .failed)
        #expect(failing.balance(Self.alice) == before.0 && failing.balance(Self.bob) == before.1, "a FAILED trade is undone")
    }

    @Test func sameInputsGiveTheSameTradeLog() throws {
        func run() throws -> [SimTrade] {
            var settings = SimExchangeSettings()
            settings.failureProbabilityMillionths = 300_000
            var venue = Venue(settings: settings)
            for i in 0..<20 {
                let price = ["0.47", "0.48", "0.49"][i % 3]
                _ = venue.post(Self.alice, .yes, .buy, price, 5 + Int64(i % 4), salt: UInt64(i), at: Self.t0 + Int64(i))
                _ = venue.post(Self.bob, .no, .buy, ["0.53", "0.52", "0.51"][i % 3], 5, salt: UInt64(100 + i), at: Self.t0 + Int64(i))
            }
            venue.exchange.advance(nowMilliseconds: Self.t0 + 60_000)
            return venue.exchange.trades
        }
        let first = try run()
        #expect(!first.isEmpty)
        #expect(try run() == first)
    }

    @Test func rewardsAreSampledEachMinuteWithQMin() throws {
        var venue = Venue()
        _ = try venue.post(Self.alice, .yes, .buy, "0.49", 10, salt: 1).get()
        _ = try venue.post(Self.alice, .yes, .sell, "0.51", 10, salt: 2).get()
        _ = try venue.post(Self.bob, .yes, .buy, "0.48", 10, salt: 3).get()
        venue.exchange.advance(nowMilliseconds: Self.t0)
        let day = UTCDay(epochMilliseconds: Self.t0).description
        let alice = venue.exchange.earnings(owner: venue.aliceKey.key, day: day)[Self.market.conditionID] ?? 0
        let bob = venue.exchange.earnings(owner: venue.bobKey.key, day: day)[Self.market.conditionID] ?? 0
        #expect(alice > bob && bob > 0, "two-sided and tighter earns more; one-sided still scores at 1/3")
        #expect(alice + bob <= 100_000 && alice + bob >= 99_990, "the minute's pool (144 / 1440 = 0.1) is shared out")
        let id = try #require(venue.exchange.openOrders(apiKey: venue.aliceKey.key).first?.id)
        #expect(venue.exchange.isScoring(orderID: id, nowMilliseconds: Self.t0))
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}

/// The scripted quote-fading race (``SimExchange/fadingOrderIDs``).
@Suite struct FadingOrderTests {
    @Test func aFadingAskIsGoneWhenAnOrderThatWouldMeetItArrivesAndOnlyThen() throws {
        var exchange = SimExchange(settings: SimExchangeSettings(), markets: [SimExchangeTests.market])
        let market = SimExchangeTests.market
        for maker in ["f1", "f2", "f3"] {
            exchange.fund("0x00000000000000000000000000000000000000" + maker, collateral: 100_000_000, tokens: ["1001": 100_000_000])
        }
        let ask = exchange.placeAgentOrder(
            owner: "fader", maker: "0x00000000000000000000000000000000000000f1", market: market.conditionID, outcome: .yes, side: .sell, price: try Price("0.40"),
            size: Quantity(shares: 30), orderType: .gtc, nowMilliseconds: SimExchangeTests.t0)
        guard case .success(let ack) = ask else { Issue.record("the ask was refused: \(ask)"); return }
        exchange.fadingOrderIDs = [ack.orderID]
        // A bid below it does not meet it: it stays.
        _ = exchange.placeAgentOrder(
            owner: "bidder", maker: "0x00000000000000000000000000000000000000f2", market: market.conditionID, outcome: .yes, side: .buy, price: try Price("0.39"),
            size: Quantity(shares: 5), orderType: .gtc, nowMilliseconds: SimExchangeTests.t0)
        #expect(exchange.fadingOrderIDs == [ack.orderID])
        // A FAK BUY at 0.40 would: the ask is cancelled first, so the FAK finds nothing and is refused.
        let fak = exchange.placeAgentOrder(
            owner: "taker", maker: "0x00000000000000000000000000000000000000f3", market: market.conditionID, outcome: .yes, side: .buy, price: try Price("0.40"),
            size: Quantity(shares: 30), orderType: .fak, nowMilliseconds: SimExchangeTests.t0)
        guard case .failure(let rejection) = fak else { Issue.record("the FAK matched a faded ask"); return }
        #expect("\(rejection)".contains("no orders found to match with FAK order"))
        #expect(exchange.fadingOrderIDs.isEmpty)
    }
}
