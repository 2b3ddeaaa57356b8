import Foundation
import Testing
@testable import Polymarket

@Suite struct AuthVectorTests {
    static func headerPairs(_ object: [String: Any]) -> [String: String] {
        object.compactMapValues { $0 as? String }
    }

    @Test(arguments: Vectors.cases(.v2, kind: "l1_clob_auth"))
    func v2ClobAuth(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        let expected = vector.json.object("expected")
        try checkClobAuth(
            id: vector.id, key: inputs.text("private_key")!, chainID: inputs.text("chain_id")!, timestamp: inputs.text("timestamp")!,
            nonce: inputs.text("nonce")!, expected: expected)
    }

    @Test(arguments: Vectors.cases(.common, kind: "clob_auth_l1"))
    func commonClobAuth(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        #expect(Hex.encode(ClobAuth.typeHash) == vector.json.text("type_hash"), "\(vector.id)")
        try checkClobAuth(
            id: vector.id, key: inputs.text("private_key")!, chainID: inputs.text("chain_id")!, timestamp: inputs.text("timestamp")!,
            nonce: inputs.text("nonce")!, expected: vector.json)
    }

    private func checkClobAuth(id: String, key hex: String, chainID: String, timestamp: String, nonce: String, expected: [String: Any]) throws {
        let key = try PrivateKey(hex: hex)
        let chain = try #require(Chain(rawValue: UInt64(chainID)!))
        let ts = UInt64(timestamp)!
        let n = UInt64(nonce)!
        #expect(Hex.encode(ClobAuth.domainSeparator(chain: chain)) == expected.text("domain_separator"), "\(id)")
        #expect(Hex.encode(ClobAuth.structHash(address: key.address, timestampSeconds: ts, nonce: n)) == expected.text("struct_hash"), "\(id)")
        let digest = ClobAuth.digest(address: key.address, chain: chain, timestampSeconds: ts, nonce: n)
        #expect(Hex.encode(digest) == expected.text("digest"), "\(id)")
        #expect(key.sign(digest: digest).description == expected.text("signature"), "\(id)")
        let headers = Dictionary(uniqueKeysWithValues: ClobAuth.headers(key: key, chain: chain, timestampSeconds: ts, nonce: n))
        #expect(headers == Self.headerPairs(expected.object("headers")), "\(id)")
    }

    @Test(arguments: Vectors.cases(.v2, kind: "l2_hmac"))
    func v2Hmac(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        let expected = vector.json.object("expected")
        try checkHmac(id: vector.id, inputs: inputs, message: expected.text("hmac_message")!, signature: expected.text("signature")!)
    }

    @Test(arguments: Vectors.cases(.common, kind: "hmac_l2"))
    func commonHmac(vector: VectorCase) throws {
        try checkHmac(id: vector.id, inputs: vector.json.object("inputs"), message: vector.json.text("message")!, signature: vector.json.text("signature")!)
    }

    private func checkHmac(id: String, inputs: [String: Any], message: String, signature: String) throws {
        let secret = try #require(Base64URL.decode(inputs.text("secret")!))
        let body = inputs["body"] as? String
        let args = (timestamp: inputs.text("timestamp")!, method: inputs.text("method")!, path: inputs.text("request_path")!)
        #expect(L2Auth.message(timestamp: args.timestamp, method: args.method, path: args.path, body: body) == message, "\(id)")
        #expect(L2Auth.signature(secret: secret, timestamp: args.timestamp, method: args.method, path: args.path, body: body) == signature, "\(id)")
    }

    /// Every L2 request: our builder produces the same path, query and body bytes, and the same headers.
    @Test(arguments: Vectors.cases(.v2, kind: "l2_request"))
    func l2Requests(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        let http = vector.json.object("expected").object("http")
        let function = (vector.json.object("source")["functions"] as? [String])?.first ?? ""
        let body = http["body"] as? String
        let query = http.object("query_params")
        let bodyJSON = body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        let request: ClobRequest
        switch function {
        case "ClobClient.post_heartbeat":
            request = ClobRequests.heartbeat(previousID: (bodyJSON as? [String: Any])?.text("heartbeat_id") ?? "")
        case "ClobClient.cancel_order":
            request = ClobRequests.cancelOrder(id: (bodyJSON as! [String: Any]).text("orderID")!)
        case "ClobClient.cancel_orders":
            request = ClobRequests.cancelOrders(ids: bodyJSON as! [String])
        case "ClobClient.cancel_all":
            request = ClobRequests.cancelAll()
        case "ClobClient.cancel_market_orders":
            let fields = bodyJSON as! [String: Any]
            request = ClobRequests.cancelMarketOrders(market: fields.text("market"), assetID: fields.text("asset_id"))
        case "ClobClient.get_open_orders":
            request = ClobRequests.openOrders(id: query.text("id"), market: query.text("market"), assetID: query.text("asset_id"), cursor: query.text("next_cursor")!)
        case "ClobClient.get_trades":
            request = ClobRequests.trades(
                market: query.text("market"), assetID: query.text("asset_id"), before: query.text("before").flatMap { UInt64($0) },
                after: query.text("after").flatMap { UInt64($0) }, cursor: query.text("next_cursor")!)
        case "ClobClient.get_balance_allowance", "ClobClient.update_balance_allowance":
            let make = function.hasPrefix("ClobClient.get") ? ClobRequests.balanceAllowance : ClobRequests.updateBalanceAllowance
            request = make(AssetType(rawValue: query.text("asset_type")!)!, query.text("token_id"), SignatureType(rawValue: UInt8(query.text("signature_type")!)!)!)
        case "ClobClient.is_order_scoring":
            request = ClobRequests.orderScoring(id: query.text("order_id")!)
        case "ClobClient.are_orders_scoring":
            request = ClobRequests.ordersScoring(ids: bodyJSON as! [String])
        case "ClobClient.get_order":
            request = ClobRequests.order(id: String(http.text("path")!.split(separator: "/").last ?? ""))
        default:
            // A request this suite has no builder for: still check method, path, body and headers as given.
            request = ClobRequest(
                method: http.text("method")!, path: http.text("path")!,
                query: (http["query_params"] as? [String: Any]).map { q in q.keys.sorted().map { QueryItem($0, q.text($0)!) } } ?? [],
                body: body, auth: .l2, isIdempotent: false, endpointClass: .general)
        }
        #expect(request.method == http.text("method"), "\(vector.id)")
        #expect(request.path == http.text("path"), "\(vector.id)")
        #expect(request.body == body, "\(vector.id): body bytes")
        let expectedQuery = (http["query_params"] as? [String: Any]).map { q in Set(q.keys.map { "\($0)=\(q.text($0)!)" }) } ?? []
        #expect(Set(request.query.map { "\($0.name)=\($0.value)" }) == expectedQuery, "\(vector.id): query")
        let credentials = try APICredentials(key: inputs.text("api_key")!, secret: inputs.text("api_secret")!, passphrase: inputs.text("api_passphrase")!)
        let headers = L2Auth.headers(
            credentials: credentials, address: Address(inputs.text("signer_eoa")!)!, timestampSeconds: UInt64(inputs.text("l2_timestamp")!)!,
            method: request.method, path: request.path, body: request.body)
        #expect(Dictionary(uniqueKeysWithValues: headers) == Self.headerPairs(http.object("headers")), "\(vector.id): headers")
        #expect(L2Auth.message(timestamp: inputs.text("l2_timestamp")!, method: request.method, path: request.path, body: request.body)
            == http.text("hmac_message"), "\(vector.id): HMAC message")
    }

    @Test func secretsNeverPrint() throws {
        let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let credentials = try APICredentials(key: "k", secret: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", passphrase: "pass-phrase-value")
        for text in ["\(key)", String(reflecting: key), "\(credentials)", String(reflecting: credentials), String(describing: Mirror(reflecting: key).children.map { $0 })] {
            #expect(!text.contains("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
            #expect(!text.contains("AAECAwQFBgcICQoL") && !text.contains("pass-phrase-value"))
        }
        #expect(key.address.checksummed == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(throws: SigningError.malformedPrivateKey) { try PrivateKey(hex: "0x1234") }
        #expect(throws: SigningError.malformedPrivateKey) { try PrivateKey(hex: String(repeating: "0", count: 64)) }
        #expect(Address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266") != nil, "all lower-case needs no checksum")
        #expect(Address("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266") == nil, "a wrong mixed-case checksum is refused")
    }
}
