import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Logging
import MMCore
import Polymarket
import Synchronization
import Testing
@testable import MMSim

/// The venue client (REST and websockets) against the simulator on loopback, end to end.
@Suite(.serialized) struct SimServerTests {
    static let maker = SimExchangeTests.alice
    static let taker = SimExchangeTests.bob
    static let market = SimExchangeTests.market

    static func withSimulator<T: Sendable>(
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }, _ body: @Sendable (String, SimVenue) async throws -> T
    ) async throws -> T {
        var exchange = SimExchange(markets: [market])
        for key in [maker, taker] {
            exchange.fund(key.address.checksummed, collateral: 1_000_000_000, tokens: [market.yesToken: 100_000_000, market.noToken: 100_000_000])
        }
        let venue = SimVenue(exchange: exchange, nowMilliseconds: now)
        var logger = Logger(label: "sim")
        logger.logLevel = .critical
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run { port in continuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let result = try await body("http://127.0.0.1:\(port)", venue)
            group.cancelAll()
            return result
        }
    }

    static func client(_ url: String, _ key: PrivateKey) async throws -> ClobClient {
        let bare = ClobClient(configuration: ClobClientConfiguration(baseURL: url), http: HTTPClient.shared, key: key, logger: Logger(label: "client"))
        return bare.with(credentials: try await bare.createOrDeriveAPIKey())
    }

    static func order(
        _ key: PrivateKey, _ outcome: Outcome, _ side: Side, _ price: String, _ size: Int64, salt: UInt64, expiration: UInt64 = 0
    ) throws -> SignedOrder {
        let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        let amounts = try ExactAmounts.limit(side: side, price: Price(price), size: Quantity(shares: size), tick: .hundredth)
        return signer.makeOrder(
            tokenID: UInt256(decimal: outcome == .yes ? market.yesToken : market.noToken)!, side: side, amounts: amounts, salt: UInt256(salt),
            timestampMilliseconds: UInt64(Date().timeIntervalSince1970 * 1_000), expiration: expiration, exchange: .standard)
    }

    @Test func clientDerivesPostsBatchesCancelsAndSeesFills() async throws {
        try await Self.withSimulator { url, _ in
            let maker = try await Self.client(url, Self.maker)
            let again = try await ClobClient(configuration: ClobClientConfiguration(baseURL: url), http: HTTPClient.shared, key: Self.maker, logger: Logger(label: "c")).deriveAPIKey()
            #expect(again.key == maker.credentials?.key, "derive returns the same key")

            // The maker listens on the user channel before quoting.
            let fills = SharedBox<[TradeMessage]>([])
            let feed = ChannelFeed(
                configuration: ChannelFeedConfiguration(baseURL: url.replacingOccurrences(of: "http://", with: "ws://"), pingInterval: .milliseconds(200)),
                subscription: .user(credentials: maker.credentials!, markets: [Self.market.conditionID]), logger: Logger(label: "feed"))
            let connected = SharedBox(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await feed.run { event in
                        if case .connected = event { connected.set(true) }
                        if case .message(.trade(let trade)) = event { fills.update { $0.append(trade) } }
                    }
                }
                try await waitUntil { connected.value }

                let bid = try Self.order(Self.maker, .yes, .buy, "0.48", 10, salt: 1)
                let posted = try await maker.postOrder(bid, type: .gtc, postOnly: true)
                #expect(posted.orderID == bid.orderIDHex && posted.status == "live")
                let batch = try await maker.postOrders(
                    [(try Self.order(Self.maker, .no, .buy, "0.48", 10, salt: 2), .gtc), (try Self.order(Self.maker, .yes, .buy, "0.47", 10, salt: 3), .gtc)],
                    postOnly: true)
                #expect(batch.allSatisfy { if case .success = $0 { true } else { false } })
                #expect(try await maker.openOrders(market: Self.market.conditionID).count == 3)

                // A taker sells into the maker's bid: the maker sees the fill on the user channel and in trades.
                let taker = try await Self.client(url, Self.taker)
                let sell = try await taker.postOrder(try Self.order(Self.taker, .yes, .sell, "0.48", 6, salt: 9), type: .fak, postOnly: false)
                #expect(sell.status == "matched")
                try await waitUntil { !fills.value.isEmpty }
                let ours = fills.value.flatMap { $0.fills(ownedBy: maker.credentials!.key) }
                #expect(ours.first?.orderID == bid.orderIDHex && ours.first?.size == Quantity(shares: 6) && ours.first?.side == .buy)
                let trades = try await maker.trades(market: Self.market.conditionID)
                #expect(trades.count == 1 && trades.first?.tradeStatus == .matched)

                let canceled = try await maker.cancel(orderID: bid.orderIDHex)
                #expect(canceled.canceled == [bid.orderIDHex])
                let all = try await maker.cancelAll()
                #expect(all.canceled.count == 2)
                #expect(try await maker.openOrders().isEmpty)
                group.cancelAll()
            }
        }
    }

    @Test func theVenuesErrorsReachTheClientTyped() async throws {
        try await Self.withSimulator { url, _ in
            let client = try await Self.client(url, Self.maker)
            _ = try await client.postOrder(try Self.order(Self.maker, .yes, .sell, "0.55", 10, salt: 50), type: .gtc, postOnly: true)
            func code(_ order: SignedOrder) async -> ClobError.Code? { await Self.rejection(client, order) }
            var tampered = try Self.order(Self.maker, .yes, .buy, "0.40", 10, salt: 1)
            tampered.signature[10] ^= 0xFF
            #expect(await code(tampered) == .invalidSignature)
            let signer = try OrderSigner(key: Self.maker, chain: .polygon, signatureType: .eoa)
            let offTick = signer.makeOrder(
                tokenID: UInt256(decimal: Self.market.yesToken)!, side: .buy, amounts: OrderAmounts(maker: 4_050_000, taker: 10_000_000), salt: UInt256(2),
                timestampMilliseconds: 1, exchange: .standard)
            #expect(await code(offTick) == .invalidTick)
            #expect(await code(try Self.order(Self.maker, .yes, .buy, "0.40", 4, salt: 3)) == .belowMinimumSize)
            #expect(await code(try Self.order(Self.maker, .yes, .buy, "0.40", 100_000, salt: 4)) == .insufficientBalance)
            #expect(await code(try Self.order(Self.maker, .yes, .buy, "0.56", 10, salt: 5)) == .postOnlyWouldCross)

            // A wrong HMAC: the right key id with the wrong secret.
            let forged = try APICredentials(key: client.credentials!.key, secret: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", passphrase: client.credentials!.rawPassphrase)
            do {
                _ = try await client.with(credentials: forged).openOrders()
                Issue.record("a wrong HMAC was accepted")
            } catch let error as ClobError {
                #expect(error.code == .unauthorized)
            }
        }
    }

    static func rejection(_ client: ClobClient, _ order: SignedOrder) async -> ClobError.Code? {
        do {
            _ = try await client.postOrder(order, type: .gtc, postOnly: true)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func marketChannelSendsSnapshotsAndChanges() async throws {
        try await Self.withSimulator { url, _ in
            let client = try await Self.client(url, Self.maker)
            _ = try await client.postOrder(try Self.order(Self.maker, .yes, .buy, "0.45", 10, salt: 1), type: .gtc, postOnly: true)
            let messages = SharedBox<[ChannelMessage]>([])
            let feed = ChannelFeed(
                configuration: ChannelFeedConfiguration(baseURL: url.replacingOccurrences(of: "http://", with: "ws://"), pingInterval: .milliseconds(200)),
                subscription: .market(assetIDs: [Self.market.yesToken, Self.market.noToken]), logger: Logger(label: "feed"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await feed.run { event in if case .message(let m) = event { messages.update { $0.append(m) } } } }
                try await waitUntil { messages.value.filter { if case .book = $0 { true } else { false } }.count == 2 }
                let books = messages.value.compactMap { if case .book(let b) = $0 { b } else { nil } }
                let yes = try #require(books.first { $0.assetID == Self.market.yesToken })
                let no = try #require(books.first { $0.assetID == Self.market.noToken })
                #expect(yes.orderBook.bestBid?.price == (try Price("0.45")))
                #expect(no.orderBook.bestAsk?.price == (try Price("0.55")), "the NO book mirrors the YES book")
                _ = try await client.postOrder(try Self.order(Self.maker, .no, .buy, "0.50", 10, salt: 2), type: .gtc, postOnly: true)
                try await waitUntil { messages.value.contains { if case .priceChange = $0 { true } else { false } } }
                group.cancelAll()
            }
        }
    }
}

/// A tiny lock-protected box for test observations shared with handlers.
final class SharedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func set(_ value: Value) { mutex.withLock { $0 = value } }
    func update(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}

/// Polls `condition` every 10 ms for up to 5 s; fails the test if it never holds.
func waitUntil(_ condition: @Sendable () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 5 s", sourceLocation: sourceLocation)
}

@Suite(.serialized) struct SimFaultTests {
    static func admin(_ url: String, _ json: String) async throws {
        var request = HTTPClientRequest(url: url + "/admin/faults")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        #expect(response.status.code == 200)
    }

    @Test func httpBurstsAndSubmitTimeoutsAndPartialBatches() async throws {
        try await SimServerTests.withSimulator { url, venue in
            let client = try await SimServerTests.client(url, SimServerTests.maker)
            try await Self.admin(url, #"{"http": [{"path": "/data/orders", "status": 425, "count": 1}]}"#)
            #expect(try await client.openOrders().isEmpty, "one 425, retried, then answered")

            try await Self.admin(url, #"{"submitTimeouts": {"count": 1, "delayMilliseconds": 1500}}"#)
            let order = try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.40", 10, salt: 1)
            let quick = ClobClient(
                configuration: ClobClientConfiguration(baseURL: url, requestTimeout: .milliseconds(300)), http: HTTPClient.shared, key: SimServerTests.maker,
                credentials: client.credentials, logger: Logger(label: "c"))
            do {
                _ = try await quick.postOrder(order, type: .gtc, postOnly: true)
                Issue.record("expected a timeout")
            } catch let error as ClobError {
                #expect(error.code == .ambiguous)
            }
            #expect(try await client.openOrders().map(\.id) == [order.orderIDHex], "the ambiguous order does exist: ask before acting")

            try await Self.admin(url, #"{"batchRejectEvery": 2}"#)
            let results = try await client.postOrders(
                [(try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.39", 10, salt: 2), .gtc), (try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.38", 10, salt: 3), .gtc)],
                postOnly: true)
            #expect(results.map { if case .success = $0 { true } else { false } } == [true, false])
            _ = venue
        }
    }

    /// mmd posts in batches: a submit timeout holds a `POST /orders` answer too, after its legs rest.
    @Test func aSubmitTimeoutHoldsABatchAnswerAfterItsOrdersRest() async throws {
        try await SimServerTests.withSimulator { url, _ in
            let client = try await SimServerTests.client(url, SimServerTests.maker)
            try await Self.admin(url, #"{"submitTimeouts": {"count": 1, "delayMilliseconds": 1500}}"#)
            let orders = [
                try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.40", 10, salt: 11), try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.39", 10, salt: 12),
            ]
            let quick = ClobClient(
                configuration: ClobClientConfiguration(baseURL: url, requestTimeout: .milliseconds(300)), http: HTTPClient.shared, key: SimServerTests.maker,
                credentials: client.credentials, logger: Logger(label: "c"))
            do {
                _ = try await quick.postOrders(orders.map { ($0, .gtc) }, postOnly: true)
                Issue.record("expected a timeout")
            } catch let error as ClobError {
                #expect(error.code == .ambiguous)
            }
            #expect(Set(try await client.openOrders().map(\.id)) == Set(orders.map(\.orderIDHex)), "both legs rest although the answer never came")
        }
    }

    @Test func unknownFaultsAreRefusedByName() async throws {
        try await SimServerTests.withSimulator { url, _ in
            var request = HTTPClientRequest(url: url + "/admin/faults")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: #"{"meteor": true}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            #expect(response.status.code == 400 && body.contains("unknown fault 'meteor'"))
        }
    }

    @Test func aFrozenMarketChannelStillAnswersPings() async throws {
        try await SimServerTests.withSimulator { url, _ in
            let client = try await SimServerTests.client(url, SimServerTests.maker)
            try await Self.admin(url, #"{"ws": {"freeze": true}}"#)
            let events = SharedBox<[FeedEvent]>([])
            let feed = ChannelFeed(
                configuration: ChannelFeedConfiguration(
                    baseURL: url.replacingOccurrences(of: "http://", with: "ws://"), pingInterval: .milliseconds(50), freezeTimeoutMilliseconds: 300),
                subscription: .market(assetIDs: [SimServerTests.market.yesToken]), logger: Logger(label: "feed"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await feed.run { event in events.update { $0.append(event) } } }
                try await waitUntil { events.value.contains { if case .connected = $0 { true } else { false } } }
                _ = try await client.postOrder(try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.40", 10, salt: 1), type: .gtc, postOnly: true)
                try await waitUntil { events.value.contains { if case .frozen = $0 { true } else { false } } }
                #expect(!events.value.contains { if case .message(.priceChange) = $0 { true } else { false } }, "no data got through the freeze")
                group.cancelAll()
            }
        }
    }
}
