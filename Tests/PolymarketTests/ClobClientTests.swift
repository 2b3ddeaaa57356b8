import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import Testing
@testable import Polymarket

/// The REST client against a real local HTTP server that checks what a venue would check.
@Suite(.serialized) struct ClobClientTests {
    static let key = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let credentials = try! APICredentials(key: "5f0c8a1e-3b7d-4c2a-9e61-0d4b2f7a8c93", secret: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", passphrase: "pp")
    static let now: Int64 = 1_780_000_000_000

    static func client(_ baseURL: String, credentials: APICredentials? = credentials, timeout: Duration = .seconds(5)) -> ClobClient {
        ClobClient(
            configuration: ClobClientConfiguration(baseURL: baseURL, requestTimeout: timeout, maxAttempts: 3, retryBaseDelay: .milliseconds(1)),
            http: HTTPClient.shared, key: key, credentials: credentials, nowMilliseconds: { now }, logger: Logger(label: "test"))
    }

    /// What the venue checks on every L2 request: the HMAC over timestamp + method + path + exact body.
    static func hmacIsValid(_ request: RecordedRequest) -> Bool {
        guard let timestamp = request.headers["POLY_TIMESTAMP"], let signature = request.headers["POLY_SIGNATURE"] else { return false }
        let expected = L2Auth.signature(
            secret: credentials.secretBytes, timestamp: timestamp, method: request.method, path: request.path, body: request.body.isEmpty ? nil : request.body)
        return expected == signature && request.headers["POLY_API_KEY"] == credentials.key && request.headers["POLY_PASSPHRASE"] == "pp"
            && request.headers["POLY_ADDRESS"] == key.address.checksummed
    }

    static func order() throws -> SignedOrder {
        let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        let amounts = try ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 10), tick: .hundredth)
        return signer.makeOrder(
            tokenID: UInt256(decimal: "123")!, side: .buy, amounts: amounts, salt: UInt256(7), timestampMilliseconds: UInt64(now), exchange: .standard)
    }

    @Test func deriveAPIKeySendsValidL1Headers() async throws {
        let server = TestHTTPServer { request, _ in
            let ts = UInt64(request.headers["POLY_TIMESTAMP"] ?? "") ?? 0
            let digest = ClobAuth.digest(address: Self.key.address, chain: .polygon, timestampSeconds: ts, nonce: UInt64(request.headers["POLY_NONCE"] ?? "") ?? 99)
            let recovered = Signature(hex: request.headers["POLY_SIGNATURE"] ?? "")?.recoverAddress(digest: digest)
            guard recovered?.checksummed == request.headers["POLY_ADDRESS"] else { return CannedResponse(status: 401, body: #"{"error":"Invalid L1 Request headers"}"#) }
            return CannedResponse(body: #"{"apiKey":"k-1","secret":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","passphrase":"p-1"}"#)
        }
        let creds = try await server.run { url in try await Self.client(url, credentials: nil).deriveAPIKey() }
        #expect(creds.key == "k-1")
        #expect(server.requests.first?.path == "/auth/derive-api-key" && server.requests.first?.method == "GET")
    }

    @Test func postOrderSignsTheExactBodyItSends() async throws {
        let signed = try Self.order()
        let server = TestHTTPServer { request, _ in
            guard Self.hmacIsValid(request), request.headers["Content-Type"] == "application/json" else {
                return CannedResponse(status: 401, body: #"{"error":"Unauthorized/Invalid api key"}"#)
            }
            return CannedResponse(body: #"{"success":true,"orderID":"\#(signed.orderIDHex)","status":"live","makingAmount":"","takingAmount":"","transactionsHashes":[],"tradeIDs":[],"errorMsg":""}"#)
        }
        let response = try await server.run { url in try await Self.client(url).postOrder(signed, type: .gtc, postOnly: true) }
        #expect(response.orderID == signed.orderIDHex && response.status == "live")
        let sent = try #require(server.requests.first)
        #expect(sent.body == OrderBody.postOrder(signed, owner: Self.credentials.key, orderType: .gtc, postOnly: true))
    }

    @Test(arguments: [
        (400, #"{"error":"not enough balance / allowance"}"#, ClobError.Code.insufficientBalance),
        (400, #"{"error":"order 0xabc is invalid. Price (0.485) breaks minimum tick size rule: 0.01"}"#, .invalidTick),
        (400, #"{"error":"order 0xabc is invalid. Size (1) lower than the minimum: 5"}"#, .belowMinimumSize),
        (400, #"{"error":"invalid post-only order: order crosses book"}"#, .postOnlyWouldCross),
        (400, #"{"error":"invalid signature"}"#, .invalidSignature),
        (400, #"{"error":"maker address not allowed, please use the deposit wallet flow"}"#, .makerNotAllowed),
        (400, #"{"error":"the order signer address has to be the address of the API KEY"}"#, .signerNotAPIKey),
        (401, #"{"error":"Unauthorized/Invalid api key"}"#, .unauthorized),
        (200, #"{"success":false,"orderID":"","errorMsg":"INVALID_ORDER_NOT_ENOUGH_BALANCE"}"#, .insufficientBalance),
    ])
    func rejectionsAreTypedAndNeverRetried(status: Int, body: String, code: ClobError.Code) async throws {
        let signed = try Self.order()
        let server = TestHTTPServer { _, _ in CannedResponse(status: status, body: body) }
        let error = try await server.run { url -> ClobError? in
            do {
                _ = try await Self.client(url).postOrder(signed, type: .gtc, postOnly: false)
                return nil
            } catch { return error as? ClobError }
        }
        #expect(error?.code == code, "got \(String(describing: error))")
        #expect(server.requests.count == 1, "a rejected post is never repeated")
    }

    @Test func transientFailuresOfIdempotentRequestsAreRetried() async throws {
        let server = TestHTTPServer { _, index in
            switch index {
            case 0: CannedResponse(status: 425, body: #"{"error":"service not ready"}"#)
            case 1: CannedResponse(status: 429, body: #"{"error":"Too Many Requests"}"#, headers: ["Retry-After": "0"])
            default: CannedResponse(body: #"{"canceled":["0x1"],"not_canceled":{"0x2":"Order not found or already canceled"}}"#)
            }
        }
        let response = try await server.run { url in try await Self.client(url).cancel(orderIDs: ["0x1", "0x2"]) }
        #expect(response.canceled == ["0x1"] && response.notCanceled["0x2"] == "Order not found or already canceled")
        #expect(server.requests.count == 3)
        #expect(server.requests.allSatisfy { $0.body == #"["0x1","0x2"]"# && Self.hmacIsValid($0) })
    }

    @Test func aPostThatTimesOutAfterSendingIsAmbiguousAndNotRepeated() async throws {
        let signed = try Self.order()
        let server = TestHTTPServer { _, _ in CannedResponse(body: "{}", delay: .milliseconds(800)) }
        let error = try await server.run { url -> ClobError? in
            do {
                _ = try await Self.client(url, timeout: .milliseconds(200)).postOrder(signed, type: .gtc, postOnly: true)
                return nil
            } catch { return error as? ClobError }
        }
        #expect(error?.code == .ambiguous, "got \(String(describing: error))")
        #expect(server.requests.count == 1)
    }

    @Test func nothingListeningIsNotSent() async throws {
        let signed = try Self.order()
        do {
            _ = try await Self.client("http://127.0.0.1:1", timeout: .milliseconds(300)).postOrder(signed, type: .gtc, postOnly: true)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notSent, "got \(error)")
        }
    }

    @Test func batchResultsArePerOrder() async throws {
        let a = try Self.order()
        let server = TestHTTPServer { _, _ in
            CannedResponse(body: #"[{"success":true,"orderID":"0xaaa","status":"live","errorMsg":""},{"success":true,"orderID":"","errorMsg":"invalid post-only order: order crosses book"}]"#)
        }
        let results = try await server.run { url in try await Self.client(url).postOrders([(a, .gtc), (a, .gtc)], postOnly: true) }
        #expect(results.count == 2)
        if case .success(let ok) = results[0] { #expect(ok.orderID == "0xaaa") } else { Issue.record("first should succeed") }
        if case .failure(let error) = results[1] { #expect(error.code == .postOnlyWouldCross) } else { Issue.record("second should fail") }
        let tooMany = [(SignedOrder, OrderType)](repeating: (a, .gtc), count: 16)
        await #expect(throws: ClobError.self) { try await Self.client("http://127.0.0.1:1").postOrders(tooMany, postOnly: true) }
    }

    @Test func openOrdersFollowsCursorsToTheEnd() async throws {
        let order = #"{"id":"0x%@","status":"LIVE","owner":"k","market":"0xm","asset_id":"1","side":"BUY","original_size":"10","size_matched":"0","price":"0.48","outcome":"Yes","created_at":1780000000,"expiration":"0","order_type":"GTC"}"#
        let server = TestHTTPServer { request, _ in
            let first = request.query.contains("next_cursor=MA%3D%3D")
            let item = String(format: order, first ? "1" : "2")
            return CannedResponse(body: #"{"limit":1,"count":1,"next_cursor":"\#(first ? "MQ==" : "LTE=")","data":[\#(item)]}"#)
        }
        let orders = try await server.run { url in try await Self.client(url).openOrders(market: "0xm") }
        #expect(orders.map(\.id) == ["0x1", "0x2"])
        #expect(server.requests.allSatisfy { $0.path == "/data/orders" && Self.hmacIsValid($0) })
    }

    @Test func heartbeatRecoversFromAStaleID() async throws {
        let server = TestHTTPServer { request, _ in
            if request.body.contains("\"stale\"") {
                return CannedResponse(status: 400, body: #"{"error_msg":"Invalid Heartbeat ID","heartbeat_id":"expected-1"}"#)
            }
            return CannedResponse(body: #"{"heartbeat_id":"next-2"}"#)
        }
        let next = try await server.run { url in try await Self.client(url).heartbeat(previousID: "stale") }
        #expect(next == "next-2")
        #expect(server.requests.map(\.body) == [#"{"heartbeat_id":"stale"}"#, #"{"heartbeat_id":"expected-1"}"#])
    }

    @Test func marketDataDecodesNumbersWithoutFloatingPoint() async throws {
        let server = TestHTTPServer { request, _ in
            switch request.path {
            case "/tick-size": CannedResponse(body: #"{"minimum_tick_size": 0.001}"#)
            case "/neg-risk": CannedResponse(body: #"{"neg_risk": true}"#)
            case "/midpoint": CannedResponse(body: #"{"mid": "0.455"}"#)
            case "/time": CannedResponse(body: "1780000000")
            default: CannedResponse(status: 404, body: #"{"error":"not found"}"#)
            }
        }
        try await server.run { url async throws in
            let client = Self.client(url)
            #expect(try await client.tickSize(tokenID: "1") == .thousandth)
            #expect(try await client.isNegRisk(tokenID: "1"))
            #expect(try await client.midpoint(tokenID: "1") == Price(micros: 455_000))
            #expect(try await client.serverTime() == 1_780_000_000)
        }
    }

    @Test func tokenBucketPacesToTheConfiguredRate() {
        var bucket = TokenBucket(capacity: 2, windowMilliseconds: 1_000)
        #expect(bucket.take(nowMilliseconds: 0) == 0)
        #expect(bucket.take(nowMilliseconds: 0) == 0)
        #expect(bucket.take(nowMilliseconds: 0) == 500, "one token refills in 500 ms")
        #expect(bucket.take(nowMilliseconds: 250) == 250)
        #expect(bucket.take(nowMilliseconds: 500) == 0)
        #expect(bucket.take(nowMilliseconds: 10_000) == 0 && bucket.take(nowMilliseconds: 10_000) == 0 && bucket.take(nowMilliseconds: 10_000) > 0, "capacity caps the refill")
    }
}
