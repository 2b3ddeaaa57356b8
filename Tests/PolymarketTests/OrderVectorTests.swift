import Foundation
import MMCore
import Testing
@testable import Polymarket

/// The V2 order vectors: amounts, struct hash, digest (order id), signature, body bytes and HMAC headers.
@Suite struct OrderVectorTests {
    /// The inputs both vector formats share, normalised.
    struct OrderInputs {
        var key: PrivateKey
        var chain: Chain
        var signatureType: SignatureType
        var funder: Address?
        var tokenID: UInt256
        var isV3: Bool
        var side: Side
        var price: Double
        var size: Double
        var isMarket: Bool
        var tick: TickSize
        var negRisk: Bool
        var salt: UInt256
        var timestamp: UInt64
        var metadata: [UInt8]
        var builder: [UInt8]
        var orderType: OrderType
        var expiration: UInt64
        var postOnly: Bool
        var deferExec: Bool

        init(_ i: [String: Any]) throws {
            key = try PrivateKey(hex: i.text("private_key")!)
            chain = Chain(rawValue: UInt64(i.text("chain_id")!)!)!
            signatureType = SignatureType(rawValue: UInt8(i.text("signature_type")!)!)!
            funder = i.text("funder").flatMap(Address.init)
            // Exactly one of token_id and position_id; a position id selects the V3 exchange.
            isV3 = i.text("position_id") != nil && i.text("token_id") == nil
            tokenID = UInt256(decimal: (i.text("token_id") ?? i.text("position_id"))!)!
            side = Side(rawValue: i.text("side")!)!
            price = i.double("price")!
            isMarket = i.bool("market_order")
            size = isMarket ? i.double("amount")! : i.double("size")!
            tick = try TickSize(i.text("tick_size")!)
            negRisk = i.bool("neg_risk")
            salt = UInt256(decimal: i.text("salt")!)!
            timestamp = UInt64(i.text("timestamp_ms")!)!
            metadata = Hex.decode(i.text("metadata")!)!
            builder = Hex.decode(i.text("builder") ?? i.text("builder_code")!)!
            orderType = OrderType(rawValue: i.text("order_type")!)!
            expiration = UInt64(i.text("expiration") ?? "0")!
            postOnly = i.bool("post_only")
            deferExec = i.bool("defer_exec")
        }

        var exchange: Exchange { isV3 ? .v3 : Exchange(negRisk: negRisk) }

        var amounts: OrderAmounts {
            isMarket
                ? PythonCompatibleAmounts.market(side: side, price: price, amount: size, tick: tick)
                : PythonCompatibleAmounts.limit(side: side, price: price, size: size, tick: tick)
        }

        func sign() throws -> SignedOrder {
            let signer = try OrderSigner(key: key, chain: chain, signatureType: signatureType, funder: funder)
            return signer.makeOrder(
                tokenID: tokenID, side: side, amounts: amounts, salt: salt, timestampMilliseconds: timestamp, expiration: expiration,
                exchange: exchange, metadata: metadata, builder: builder)
        }
    }

    @Test(arguments: Vectors.cases(.v2, kind: "order_v2"))
    func v2Orders(vector: VectorCase) throws {
        let inputs = try OrderInputs(vector.json.object("inputs"))
        let expected = vector.json.object("expected")
        let signed = try inputs.sign()
        let id = vector.id
        #expect(String(signed.order.makerAmount) == expected.text("makerAmount"), "\(id): makerAmount")
        #expect(String(signed.order.takerAmount) == expected.text("takerAmount"), "\(id): takerAmount")
        let fields = expected.object("signed_order")
        #expect(signed.order.maker.checksummed == fields.text("maker"), "\(id): maker")
        #expect(signed.order.signer.checksummed == fields.text("signer"), "\(id): signer")
        #expect(inputs.exchange.address(chain: inputs.chain).checksummed == expected.text("exchange_address"), "\(id)")
        #expect(Hex.encode(inputs.exchange.domainSeparator(chain: inputs.chain)) == expected.text("domain_separator"), "\(id)")
        #expect(Hex.encode(signed.order.structHash) == expected.text("struct_hash"), "\(id): struct hash")
        #expect(signed.orderIDHex == expected.text("digest") && signed.orderIDHex == expected.text("expected_order_id"), "\(id): digest")
        #expect(Hex.encode(signed.signature) == expected.text("signature"), "\(id): signature")
        if inputs.signatureType == .poly1271 {
            let wrap = expected.object("poly1271")
            let domain = inputs.exchange.domainSeparator(chain: inputs.chain)
            let inner = Poly1271.innerDigest(order: signed.order, appDomainSeparator: domain, chain: inputs.chain)
            #expect(Hex.encode(Poly1271.typedDataSignTypeHash) == wrap.text("typed_data_sign_typehash"), "\(id)")
            #expect(Hex.encode(inner) == wrap.text("inner_digest"), "\(id): inner digest")
            #expect(signed.signature.count == 317, "\(id)")
            let parts = try #require(Poly1271.unwrap(signed.signature))
            #expect(parts.inner.description == wrap.text("inner_signature"), "\(id)")
            #expect(parts.inner.recoverAddress(digest: inner)?.checksummed == wrap.text("inner_signature_recovers_to"), "\(id)")
            #expect(parts.typeString == OrderV2.typeString && parts.contentsHash == signed.order.structHash)
        } else {
            #expect(Signature(bytes: signed.signature)?.recoverAddress(digest: signed.orderID)?.checksummed == expected.text("signature_recovers_to"), "\(id)")
        }
        let http = expected.object("http")
        let owner = vector.json.object("inputs").text("api_key_owner")!
        let body = OrderBody.postOrder(signed, owner: owner, orderType: inputs.orderType, postOnly: inputs.postOnly, deferExec: inputs.deferExec)
        #expect(body == http.text("body"), "\(id): body bytes")
        let i = vector.json.object("inputs")
        let credentials = try APICredentials(key: owner, secret: i.text("api_secret")!, passphrase: i.text("api_passphrase")!)
        let headers = L2Auth.headers(
            credentials: credentials, address: inputs.key.address, timestampSeconds: UInt64(i.text("l2_timestamp")!)!, method: "POST", path: "/order", body: body)
        #expect(Dictionary(uniqueKeysWithValues: headers) == AuthVectorTests.headerPairs(http.object("headers")), "\(id): headers")
    }

    @Test(arguments: Vectors.cases(.common, kind: "order_v2"))
    func commonOrders(vector: VectorCase) throws {
        var raw = vector.json.object("inputs")
        raw["signature_type"] = raw["signature_type"] ?? 0
        let inputs = try OrderInputs(raw)
        let signed = try inputs.sign()
        let id = vector.id
        #expect(String(signed.order.makerAmount) == vector.json.text("maker_amount"), "\(id)")
        #expect(String(signed.order.takerAmount) == vector.json.text("taker_amount"), "\(id)")
        #expect(Hex.encode(OrderV2.typeHash) == vector.json.text("order_type_hash"), "\(id)")
        #expect(Hex.encode(signed.order.structHash) == vector.json.text("struct_hash"), "\(id)")
        #expect(signed.orderIDHex == vector.json.text("digest"), "\(id)")
        #expect(Hex.encode(signed.signature) == vector.json.text("signature"), "\(id)")
        let post = vector.json.object("post_order")
        let creds = post.object("api_creds")
        let body = OrderBody.postOrder(signed, owner: creds.text("api_key")!, orderType: inputs.orderType, postOnly: inputs.postOnly)
        #expect(body == post.text("body"), "\(id): body bytes")
        let credentials = try APICredentials(key: creds.text("api_key")!, secret: creds.text("api_secret")!, passphrase: creds.text("api_passphrase")!)
        let headers = L2Auth.headers(
            credentials: credentials, address: inputs.key.address, timestampSeconds: UInt64(post.text("header_timestamp")!)!, method: "POST", path: "/order", body: body)
        #expect(Dictionary(uniqueKeysWithValues: headers) == AuthVectorTests.headerPairs(post.object("headers")), "\(id): headers")
    }

    @Test(arguments: Vectors.cases(.v2, kind: "post_orders_batch_v2"))
    func batch(vector: VectorCase) throws {
        let shared = vector.json.object("inputs")
        var entries: [(SignedOrder, OrderType)] = []
        for order in vector.json.objects("orders") {
            var merged = shared
            for (key, value) in order.object("inputs") { merged[key] = value }
            merged["metadata"] = merged["metadata"] ?? "0x" + String(repeating: "0", count: 64)
            merged["builder"] = merged["builder"] ?? "0x" + String(repeating: "0", count: 64)
            let inputs = try OrderInputs(merged)
            let signed = try inputs.sign()
            #expect(Hex.encode(signed.signature) == order.object("expected").text("signature"), "\(vector.id)")
            entries.append((signed, inputs.orderType))
        }
        let http = vector.json.object("expected").object("http")
        let body = try OrderBody.postOrders(entries, owner: shared.text("api_key_owner")!, postOnly: shared.bool("post_only"), deferExec: shared.bool("defer_exec"))
        #expect(body == http.text("body"), "\(vector.id): body bytes")
        let credentials = try APICredentials(key: shared.text("api_key_owner")!, secret: shared.text("api_secret")!, passphrase: shared.text("api_passphrase")!)
        let headers = L2Auth.headers(
            credentials: credentials, address: Address(shared.text("signer_eoa")!)!, timestampSeconds: UInt64(shared.text("l2_timestamp")!)!,
            method: "POST", path: "/orders", body: body)
        #expect(Dictionary(uniqueKeysWithValues: headers) == AuthVectorTests.headerPairs(http.object("headers")), "\(vector.id): headers")
    }

    /// Amount rows: the Python-compatible mode matches the official client; the exact mode matches it
    /// wherever floats are exact, and the recorded exact-decimal alternative where they are not.
    @Test(arguments: Vectors.cases(.v2, kind: "order_amounts"))
    func amountTable(vector: VectorCase) throws {
        for row in vector.json.objects("rows") {
            let side = Side(rawValue: row.text("side")!)!
            let tick = try TickSize(row.text("tick_size")!)
            let isMarket = row.bool("market_order")
            let price = row.double("price")!
            let quantity = isMarket ? row.double("amount")! : row.double("size")!
            let label = "\(vector.id): \(side) \(quantity) @ \(price) tick \(tick)"
            let compat = isMarket
                ? PythonCompatibleAmounts.market(side: side, price: price, amount: quantity, tick: tick)
                : PythonCompatibleAmounts.limit(side: side, price: price, size: quantity, tick: tick)
            #expect(String(compat.maker) == row.text("makerAmount") && String(compat.taker) == row.text("takerAmount"), "\(label): python mode gave \(compat)")
            guard row["price_on_tick_grid"] as? Bool != false else { continue }
            let exactPrice = try Price("\(price)")
            let exactQuantity = try Quantity("\(quantity)")
            let exact = isMarket
                ? try ExactAmounts.market(side: side, worstPrice: exactPrice, amount: exactQuantity, tick: tick)
                : try ExactAmounts.limit(side: side, price: exactPrice, size: exactQuantity, tick: tick)
            let reference = row.object("differs_from_exact_decimal")
            let maker = reference.text("makerAmount") ?? row.text("makerAmount")!
            let taker = reference.text("takerAmount") ?? row.text("takerAmount")!
            #expect(String(exact.maker) == maker && String(exact.taker) == taker, "\(label): exact mode gave \(exact), expected \(maker) / \(taker)")
        }
    }
}
