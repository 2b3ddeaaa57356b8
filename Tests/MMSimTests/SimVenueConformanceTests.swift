import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import NIOCore
import NIOHTTP1
import Polymarket
import Testing
@testable import MMSim

/// Behaviours the conformance suite (`scripts/check-sim-with-official-client`) checks with the official
/// client, pinned here on the exchange and over loopback HTTP so a regression fails the Swift suite too.
@Suite(.serialized) struct SimVenueConformanceTests {
    typealias Venue = SimExchangeTests.Venue
    static let alice = SimExchangeTests.alice
    static let bob = SimExchangeTests.bob
    static let t0 = SimExchangeTests.t0

    @Test func aSignedOrderIsPlacedOnceWhetherCancelledOrFilled() throws {
        var venue = Venue()
        let resting = try venue.post(Self.alice, .yes, .buy, "0.40", 10, salt: 7).get()
        _ = venue.exchange.cancel(ids: [resting.orderID], apiKey: venue.aliceKey.key, nowMilliseconds: Self.t0)
        #expect(venue.post(Self.alice, .yes, .buy, "0.40", 10, salt: 7) == .failure(SimRejection("order \(resting.orderID) is invalid. Duplicated.")))
        _ = try venue.post(Self.bob, .yes, .sell, "0.45", 10).get()
        let filled = try venue.post(Self.alice, .yes, .buy, "0.45", 10, type: .fok, salt: 8).get()
        #expect(filled.status == "matched")
        #expect(venue.post(Self.alice, .yes, .buy, "0.45", 10, type: .fok, salt: 8) == .failure(SimRejection("order \(filled.orderID) is invalid. Duplicated.")))
        // A refused order was never placed: posting it again once it can be accepted works.
        #expect(throws: SimRejection.self) { try venue.post(Self.alice, .yes, .buy, "0.45", 10, type: .fok, salt: 9).get() }
        _ = try venue.post(Self.bob, .yes, .sell, "0.45", 10, salt: 2).get()
        #expect(try venue.post(Self.alice, .yes, .buy, "0.45", 10, type: .fok, salt: 9).get().status == "matched")
    }

    @Test func marketOrderAmountsNeedOnlyBeConsistentWithAGridPrice() throws {
        let tick = TickSize.hundredth
        // $10 at 0.56 as the official client builds it: 10 / 0.56 = 17.857142… → 17.8571 shares.
        #expect(SimExchange.limitPrice(cash: 10_000_000, size: 17_857_100, tick: tick) == (try Price("0.56")))
        #expect(SimExchange.limitPrice(cash: 100_000_000, size: 178_571_400, tick: tick) == (try Price("0.56")))
        #expect(SimExchange.limitPrice(cash: 4_800_000, size: 10_000_000, tick: tick) == (try Price("0.48")), "an exact limit pair")
        #expect(SimExchange.limitPrice(cash: 1_250_000, size: 10_000_000, tick: tick) == nil, "0.125 is off the 0.01 grid")
        #expect(SimExchange.limitPrice(cash: 10_000_000, size: 17_840_000, tick: tick) == nil, "17.84 shares for $10 is 0.5605…: no grid price within rounding")
    }

    @Test func aFakThatMatchedOnEntryIsMatchedAndItsRestIsCancelled() throws {
        var venue = Venue()
        _ = try venue.post(Self.bob, .yes, .sell, "0.45", 10).get()
        let ack = try venue.post(Self.alice, .yes, .buy, "0.45", 30, type: .fak).get()
        #expect(ack.status == "matched" && ack.tradeIDs.count == 1)
        #expect(venue.exchange.openOrders(apiKey: venue.aliceKey.key).isEmpty)
    }

    @Test func tradesGetATransactionHashWhenMined() throws {
        var venue = Venue()
        _ = try venue.post(Self.bob, .yes, .sell, "0.45", 10).get()
        _ = try venue.post(Self.alice, .yes, .buy, "0.45", 10, type: .fok).get()
        #expect(venue.exchange.trades[0].transactionHash.isEmpty, "MATCHED has no transaction yet")
        venue.exchange.advance(nowMilliseconds: Self.t0 + venue.exchange.settings.mineDelayMilliseconds)
        let mined = venue.exchange.trades[0]
        #expect(mined.status == .mined && mined.transactionHash.hasPrefix("0x") && mined.transactionHash.count == 66)
    }

    @Test func aMakerWithoutAllowanceIsRefused() throws {
        var venue = Venue()
        venue.exchange.setApprovals(SimApprovals(collateral: 1_000_000, conditional: false), of: Self.alice.address.checksummed)
        #expect(venue.post(Self.alice, .yes, .buy, "0.40", 10) == .failure(.notEnoughBalance), "4 pUSD against an allowance of 1")
        #expect(venue.post(Self.alice, .yes, .sell, "0.60", 10) == .failure(.notEnoughBalance), "no setApprovalForAll")
        venue.exchange.setApprovals(SimApprovals(), of: Self.alice.address.checksummed)
        #expect(try venue.post(Self.alice, .yes, .sell, "0.60", 10).get().status == "live")
    }

    @Test func signatureTypesOneAndTwoNeedTheWalletTheSignerOwns() throws {
        var venue = Venue()
        for (type, wallet) in [(SignatureType.polyProxy, FunderWallet.proxy(of: Self.alice.address)), (.polyGnosisSafe, FunderWallet.safe(of: Self.alice.address))] {
            venue.exchange.fund(wallet.checksummed, collateral: 100_000_000)
            for (maker, expected) in [(wallet, true), (Self.bob.address, false)] {
                let signer = try OrderSigner(key: Self.alice, chain: .polygon, signatureType: type, funder: maker)
                let amounts = try ExactAmounts.limit(side: .buy, price: Price("0.30"), size: Quantity(shares: 10), tick: .hundredth)
                let signed = signer.makeOrder(tokenID: UInt256(decimal: "1001")!, side: .buy, amounts: amounts, salt: UInt256(UInt64(type.rawValue)), timestampMilliseconds: UInt64(Self.t0), exchange: .standard)
                let result = venue.exchange.submit(
                    signed.order, signature: signed.signature, owner: venue.aliceKey.key, apiKey: venue.aliceKey.key, orderType: .gtc, postOnly: false, nowMilliseconds: Self.t0)
                if expected { #expect((try? result.get())?.status == "live", "\(type): maker = the derived wallet") } else { #expect(result == .failure(.invalidSignature), "\(type): any other maker") }
            }
        }
        // A known derivation: the Safe of Hardhat account #0 (0xf39F…2266) under Polymarket's Safe factory.
        #expect(FunderWallet.safe(of: Self.alice.address) != FunderWallet.proxy(of: Self.alice.address))
    }

    // MARK: Over HTTP

    static func raw(_ url: String, _ method: HTTPMethod, _ path: String, body: String? = nil, headers: [(String, String)] = []) async throws -> (status: UInt, body: String) {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    @Test func publicMarketDataAnswersWithoutAuthentication() async throws {
        try await SimServerTests.withSimulator { url, venue in
            let market = SimServerTests.market
            let background = "0x00000000000000000000000000000000000000b9"
            await venue.perform { exchange, _ in exchange.fund(background, collateral: 100_000_000, tokens: [market.yesToken: 100_000_000]) }
            _ = await venue.perform { exchange, now in
                exchange.placeAgentOrder(owner: "bg", maker: background, market: market.conditionID, outcome: .yes, side: .buy, price: try! Price("0.40"), size: Quantity(shares: 10), orderType: .gtc, nowMilliseconds: now)
            }
            _ = await venue.perform { exchange, now in
                exchange.placeAgentOrder(owner: "bg", maker: background, market: market.conditionID, outcome: .yes, side: .sell, price: try! Price("0.46"), size: Quantity(shares: 10), orderType: .gtc, nowMilliseconds: now)
            }
            #expect(try await Self.raw(url, .GET, "/spread?token_id=\(market.yesToken)").body == #"{"spread":"0.06"}"#)
            #expect(try await Self.raw(url, .POST, "/prices", body: #"[{"token_id":"\#(market.yesToken)","side":"BUY"}]"#).body == #"{"\#(market.yesToken)":{"BUY":"0.46"}}"#)
            let markets = try await Self.raw(url, .GET, "/markets")
            #expect(markets.status == 200 && markets.body.hasPrefix(#"{"limit":100,"count":1,"next_cursor":"LTE=","data":[{"condition_id":"\#(market.conditionID)""#))
            #expect(try await Self.raw(url, .GET, "/markets-by-token/\(market.noToken)").body.contains(market.conditionID))
            #expect(try await Self.raw(url, .GET, "/fee-rate/\(market.yesToken)").body == #"{"base_fee":0}"#)
            #expect(try await Self.raw(url, .GET, "/prices-history?market=\(market.yesToken)").status == 400, "an interval or both timestamps are required")
            #expect(try await Self.raw(url, .GET, "/rewards/markets/current").body.contains(#""rewards_min_size":5"#))
        }
    }

    @Test func apiKeysAreCreatedOncePerNonceAndStopWorkingWhenDeleted() async throws {
        try await SimServerTests.withSimulator { url, _ in
            let bare = ClobClient(configuration: ClobClientConfiguration(baseURL: url), http: HTTPClient.shared, key: SimServerTests.maker, logger: Logger(label: "c"))
            await #expect(throws: ClobError.self) { try await bare.deriveAPIKey() }
            let created = try await bare.createAPIKey()
            await #expect(throws: ClobError.self) { try await bare.createAPIKey() }
            #expect(try await bare.deriveAPIKey() == created)
            let client = bare.with(credentials: created)
            _ = try await client.openOrders()
            let signed = L2Auth.headers(credentials: created, address: SimServerTests.maker.address, timestampSeconds: UInt64(Date().timeIntervalSince1970), method: "DELETE", path: "/auth/api-key", body: nil)
            #expect(try await Self.raw(url, .DELETE, "/auth/api-key", headers: signed).body == "\"OK\"")
            await #expect(throws: ClobError.self) { try await client.openOrders() }
        }
    }

    @Test func endpointFamiliesAreRateLimitedAsDocumented() async throws {
        try await SimServerTests.withSimulator(now: { SimExchangeTests.t0 }) { url, _ in
            let token = SimServerTests.market.yesToken
            for _ in 0..<200 { #expect(try await Self.raw(url, .GET, "/tick-size?token_id=\(token)").status == 200) }
            let refused = try await Self.raw(url, .GET, "/tick-size/\(token)")
            #expect(refused.status == 429 && refused.body == #"{"error":"Too Many Requests"}"#, "the 201st tick-size request in 10 s")
            #expect(try await Self.raw(url, .GET, "/book?token_id=\(token)").status == 200, "other families keep their own budget")
        }
    }
}
