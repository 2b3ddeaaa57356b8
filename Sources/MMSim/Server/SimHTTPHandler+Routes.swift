import Foundation
import MMCore
import Polymarket

extension SimHTTPHandler {
    func privateRoute(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        switch (request.method, request.path) {
        case ("POST", "/order"): return await limited(.orders, cost: 1, key) { await postOrder(request, key: key) }
        case ("POST", "/orders"):
            let count = Int64((Self.array(request.body))?.count ?? 1)
            return await limited(.orders, cost: max(count, 1), key) { await postOrders(request, key: key) }
        case ("DELETE", "/order"):
            guard let object = Self.object(request.body), let id = object["orderID"] as? String else { return Self.reject(.invalidPayload) }
            return await limited(.cancels, cost: 1, key) { await cancel([id], key: key) }
        case ("DELETE", "/orders"):
            guard let ids = Self.array(request.body) as? [String] else { return Self.reject(.invalidPayload) }
            return await limited(.cancels, cost: Int64(max(ids.count, 1)), key) { await cancel(ids, key: key) }
        case ("DELETE", "/cancel-all"):
            // 1 to be admitted, then one per order cancelled (the bucket may go below zero).
            return await limited(.cancels, cost: 1, key) {
                let canceled = await venue.perform { exchange, now in exchange.cancelAll(apiKey: key.key, nowMilliseconds: now) }
                return SimResponse(200, Self.cancelJSON(canceled, [:]), headers: await venue.chargeSigner(.cancels, cost: Int64(canceled.count), signer: key.address))
            }
        case ("DELETE", "/cancel-market-orders"):
            let object = Self.object(request.body) ?? [:]
            let (market, asset) = (object["market"] as? String, object["asset_id"] as? String)
            return await limited(.cancels, cost: 1, key) {
                let canceled = await venue.perform { exchange, now in
                    exchange.cancelAll(apiKey: key.key, market: market, assetID: asset, nowMilliseconds: now)
                }
                return SimResponse(200, Self.cancelJSON(canceled, [:]), headers: await venue.chargeSigner(.cancels, cost: Int64(canceled.count), signer: key.address))
            }
        case ("POST", "/v1/heartbeats"), ("POST", "/heartbeats"):
            let id = (Self.object(request.body)?["heartbeat_id"] as? String) ?? ""
            switch await venue.perform({ exchange, now in exchange.heartbeat(apiKey: key.key, id: id, nowMilliseconds: now) }) {
            case .success(let next): return SimResponse(200, "{\"heartbeat_id\":\(SimWire.string(next))}")
            case .failure(let rejection): return SimResponse(400, "{\"error_msg\":\(SimWire.string(rejection.message)),\(rejection.extraJSON ?? "\"heartbeat_id\":\"\"")}")
            }
        case ("GET", "/data/orders"): return await openOrders(request, key: key)
        case ("GET", "/data/trades"): return await trades(request, key: key)
        case ("GET", "/balance-allowance"), ("GET", "/balance-allowance/update"): return await balance(request, key: key)
        case ("GET", "/order-scoring"):
            let scoring = await venue.perform { exchange, now in exchange.isScoring(orderID: request.query["order_id"] ?? "", nowMilliseconds: now) }
            return SimResponse(200, "{\"scoring\":\(scoring)}")
        case ("POST", "/orders-scoring"):
            let ids = (Self.array(request.body) as? [String]) ?? []
            let scores = await venue.perform { exchange, now in ids.map { ($0, exchange.isScoring(orderID: $0, nowMilliseconds: now)) } }
            return SimResponse(200, "{" + scores.map { "\(SimWire.string($0.0)):\($0.1)" }.joined(separator: ",") + "}")
        case ("GET", "/rewards/user"): return await userRewards(request, key: key)
        case ("GET", "/rewards/user/total"): return await totalUserRewards(request, key: key)
        case ("GET", "/rewards/user/markets"): return await userRewardMarkets(request, key: key)
        case ("GET", "/rewards/user/percentages"): return await rewardPercentages(key: key)
        case ("GET", "/auth/api-keys"): return SimResponse(200, "{\"apiKeys\":[\(SimWire.string(key.key))]}")
        case ("DELETE", "/auth/api-key"):
            await venue.perform { exchange, _ in exchange.deleteKey(key.key) }
            return SimResponse(200, "\"OK\"")
        case ("GET", "/auth/ban-status/closed-only"):
            let status = await venue.exchange.status(of: key.address)
            return SimResponse(200, "{\"closed_only\":\(status == .closedOnly)}")
        case ("POST", "/auth/readonly-api-key"):
            let created = await venue.perform { exchange, _ in exchange.createReadonlyKey(for: key.key) }
            return SimResponse(200, "{\"apiKey\":\(SimWire.string(created))}")
        case ("GET", "/auth/readonly-api-keys"):
            let list = await venue.exchange.readonlyKeys(of: key.key)
            return SimResponse(200, "[" + list.map(SimWire.string).joined(separator: ",") + "]")
        case ("DELETE", "/auth/readonly-api-key"):
            let readonly = (Self.object(request.body)?["key"] as? String) ?? ""
            let deleted = await venue.perform { exchange, _ in exchange.deleteReadonlyKey(readonly, of: key.key) }
            return deleted ? SimResponse(200, "\"OK\"") : SimResponse(404, SimWire.error("readonly api key not found"))
        // A V2-only venue that was never V1: no pre-migration orders; no notifications are raised.
        case ("POST", "/auth/builder-api-key"):
            let builder = await venue.perform { exchange, _ in exchange.createReadonlyKey(for: "builder|" + key.key) }
            return SimResponse(200, "{\"key\":\(SimWire.string(builder)),\"secret\":\(SimWire.string(Base64URL.encode(Keccak256.hash(Array(builder.utf8)))))"
                + ",\"passphrase\":\(SimWire.string(Hex.encode(Keccak256.hash(Array((builder + "|passphrase").utf8)), prefix: false)))}")
        case ("GET", "/auth/builder-api-key"):
            let list = await venue.exchange.readonlyKeys(of: "builder|" + key.key)
            return SimResponse(200, "[" + list.map { "{\"key\":\(SimWire.string($0)),\"created_at\":null,\"revoked_at\":null}" }.joined(separator: ",") + "]")
        case ("DELETE", "/auth/builder-api-key"):
            let list = await venue.exchange.readonlyKeys(of: "builder|" + key.key)
            await venue.perform { exchange, _ in for builder in list { _ = exchange.deleteReadonlyKey(builder, of: "builder|" + key.key) } }
            return SimResponse(200, "\"OK\"")
        case ("GET", "/data/pre-migration-orders"): return SimResponse(200, Self.page([], cursor: request.query["next_cursor"]))
        case ("GET", "/notifications"): return SimResponse(200, "[]")
        case ("DELETE", "/notifications"): return SimResponse(200, "\"OK\"")
        default:
            if request.method == "GET", request.path.hasPrefix("/data/order/") {
                let id = String(request.path.dropFirst("/data/order/".count))
                let json = await venue.perform { exchange, _ -> String in
                    guard let order = exchange.orders[id], order.owner == key.key, let market = exchange.markets[order.market] else { return "null" }
                    return SimWire.openOrder(order, market: market, status: "LIVE")
                }
                return SimResponse(200, json)
            }
            return SimResponse(404, SimWire.error("not found"))
        }
    }

    // MARK: Orders

    /// Decodes one `POST /order` object into the signed order and its options.
    static func decodeOrder(_ object: [String: Any]) -> (OrderV2, [UInt8], owner: String, OrderType, postOnly: Bool)? {
        guard let fields = object["order"] as? [String: Any],
            let salt = (fields["salt"] as? NSNumber).flatMap({ UInt256(decimal: $0.stringValue) }) ?? (fields["salt"] as? String).flatMap({ UInt256(decimal: $0) }),
            let maker = (fields["maker"] as? String).flatMap(Address.init), let signer = (fields["signer"] as? String).flatMap(Address.init),
            let token = (fields["tokenId"] as? String).flatMap({ UInt256(decimal: $0) }),
            let makerAmount = (fields["makerAmount"] as? String).flatMap({ UInt64($0) }), let takerAmount = (fields["takerAmount"] as? String).flatMap({ UInt64($0) }),
            let side = (fields["side"] as? String).flatMap(Side.init(rawValue:)),
            let typeNumber = fields["signatureType"] as? NSNumber, let signatureType = SignatureType(rawValue: typeNumber.uint8Value),
            let timestamp = (fields["timestamp"] as? String).flatMap({ UInt64($0) }),
            let signature = (fields["signature"] as? String).flatMap({ Hex.decode($0) }),
            let owner = object["owner"] as? String
        else { return nil }
        let metadata = (fields["metadata"] as? String).flatMap { Hex.decode($0) }.map(Self.pad32) ?? OrderV2.zeroBytes32
        let builder = (fields["builder"] as? String).flatMap { Hex.decode($0) }.map(Self.pad32) ?? OrderV2.zeroBytes32
        let expiration = (fields["expiration"] as? String).flatMap { UInt64($0) } ?? 0
        let orderType = (object["orderType"] as? String).flatMap(OrderType.init(rawValue:)) ?? .gtc
        let order = OrderV2(
            salt: salt, maker: maker, signer: signer, tokenID: token, makerAmount: makerAmount, takerAmount: takerAmount, side: side,
            signatureType: signatureType, timestampMilliseconds: timestamp, metadata: metadata, builder: builder, expiration: expiration)
        return (order, signature, owner, orderType, (object["postOnly"] as? Bool) ?? false)
    }

    static func pad32(_ bytes: [UInt8]) -> [UInt8] { bytes.count >= 32 ? Array(bytes.suffix(32)) : [UInt8](repeating: 0, count: 32 - bytes.count) + bytes }

    func submit(_ object: [String: Any], key: SimAPIKey) async -> Result<SimAck, SimRejection> {
        // A V1 order (the 12-field struct: taker, nonce, feeRateBps, no timestamp): the venue's version
        // mismatch, on which the official clients re-query `GET /version`.
        if let fields = object["order"] as? [String: Any], fields["timestamp"] == nil || fields["nonce"] != nil || fields["feeRateBps"] != nil || fields["taker"] != nil {
            return .failure(.versionMismatch)
        }
        guard let (order, signature, owner, type, postOnly) = Self.decodeOrder(object) else { return .failure(.invalidPayload) }
        return await venue.perform { exchange, now in
            exchange.submit(order, signature: signature, owner: owner, apiKey: key.key, orderType: type, postOnly: postOnly, nowMilliseconds: now)
        }
    }

    static func ackJSON(_ ack: SimAck) -> String {
        "{\"success\":true,\"orderID\":\(SimWire.string(ack.orderID)),\"status\":\(SimWire.string(ack.status)),\"makingAmount\":\"\",\"takingAmount\":\"\""
            + ",\"transactionsHashes\":[],\"tradeIDs\":[\(ack.tradeIDs.map(SimWire.string).joined(separator: ","))],\"errorMsg\":\"\"}"
    }

    func postOrder(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        guard let object = Self.object(request.body) else { return Self.reject(.invalidPayload) }
        switch await submit(object, key: key) {
        case .success(let ack):
            // Injected fault: the order is live, but the answer comes too late for the client.
            if let delay = await venue.takeSubmitTimeout() { try? await Task.sleep(for: .milliseconds(delay)) }
            return SimResponse(200, Self.ackJSON(ack))
        case .failure(let rejection): return Self.reject(rejection)
        }
    }

    func postOrders(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        guard let array = Self.array(request.body) else { return Self.reject(.invalidPayload) }
        guard array.count <= 15 else { return Self.reject(SimRejection("Too many orders in payload: \(array.count), max allowed: 15")) }
        var results: [String] = []
        var accepted = 0
        for item in array {
            guard let object = item as? [String: Any] else {
                results.append("{\"success\":false,\"orderID\":\"\",\"errorMsg\":\"Invalid order payload\"}")
                continue
            }
            if await venue.rejectBatchLeg() {
                results.append("{\"success\":false,\"orderID\":\"\",\"status\":\"\",\"errorMsg\":\"the market is not yet ready to process new orders\"}")
                continue
            }
            switch await submit(object, key: key) {
            case .success(let ack):
                results.append(Self.ackJSON(ack))
                accepted += 1
            case .failure(let rejection): results.append("{\"success\":false,\"orderID\":\"\",\"status\":\"\",\"errorMsg\":\(SimWire.string(rejection.message))}")
            }
        }
        // Injected fault, as for one order: the batch's orders are live, but the answer comes too late.
        if accepted > 0, let delay = await venue.takeSubmitTimeout() { try? await Task.sleep(for: .milliseconds(delay)) }
        return SimResponse(200, "[" + results.joined(separator: ",") + "]")
    }

    func cancel(_ ids: [String], key: SimAPIKey) async -> SimResponse {
        let (canceled, notCanceled) = await venue.perform { exchange, now in exchange.cancel(ids: ids, apiKey: key.key, nowMilliseconds: now) }
        return SimResponse(200, Self.cancelJSON(canceled, notCanceled))
    }

    static func cancelJSON(_ canceled: [String], _ notCanceled: [String: String]) -> String {
        "{\"canceled\":[\(canceled.map(SimWire.string).joined(separator: ","))],\"not_canceled\":{"
            + notCanceled.sorted { $0.key < $1.key }.map { "\(SimWire.string($0.key)):\(SimWire.string($0.value))" }.joined(separator: ",") + "}}"
    }

    // MARK: Reads

    /// Pages of 100 with the venue's base64 offset cursors (`MA==` first, `LTE=` end).
    static func page(_ items: [String], cursor: String?) -> String {
        let offset = cursor.flatMap { Base64URL.decode($0) }.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        let start = max(0, min(offset, items.count))
        let slice = items[start..<min(start + 100, items.count)]
        let end = start + slice.count
        let next = end >= items.count ? "LTE=" : Data(String(end).utf8).base64EncodedString()
        return "{\"limit\":100,\"count\":\(slice.count),\"next_cursor\":\"\(next)\",\"data\":[\(slice.joined(separator: ","))]}"
    }

    func openOrders(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        let items = await venue.perform { exchange, _ in
            exchange.openOrders(apiKey: key.key, market: request.query["market"], assetID: request.query["asset_id"])
                .filter { request.query["id"] == nil || $0.id == request.query["id"] }
                .map { SimWire.openOrder($0, market: exchange.markets[$0.market]!, status: "LIVE") }
        }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    func trades(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        let items = await venue.perform { exchange, now in
            exchange.trades(apiKey: key.key, market: request.query["market"], afterSeconds: request.query["after"].flatMap { Int64($0) })
                .filter { request.query["id"] == nil || $0.id == request.query["id"] }
                .filter { trade in request.query["before"].flatMap { Int64($0) }.map { trade.matchTimeMilliseconds / 1_000 <= $0 } ?? true }
                .filter { trade in
                    request.query["maker_address"].map { address in
                        address.lowercased() == trade.takerMaker.lowercased() || trade.makers.contains { $0.maker.lowercased() == address.lowercased() }
                    } ?? true
                }
                .filter { request.query["asset_id"] == nil || $0.assetID == request.query["asset_id"] || $0.makers.contains { m in m.assetID == request.query["asset_id"] } }
                .map { SimWire.trade($0, forWebSocket: false, viewer: key.key, timestamp: now) }
        }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    func balance(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        guard let type = request.query["asset_type"], type == "COLLATERAL" || type == "CONDITIONAL" else { return Self.reject(SimRejection("Invalid asset type")) }
        guard let signatureType = request.query["signature_type"].flatMap({ UInt8($0) }).flatMap(SignatureType.init(rawValue:)) else {
            return Self.reject(SimRejection("Invalid signature_type"))
        }
        let json = await venue.perform { exchange, _ -> String in
            // The funder checked: the key's EOA for type 0, the proxy or Safe it owns (CREATE2) for types 1
            // and 2, its registered deposit wallet for type 3.
            let funder: String
            if signatureType == .poly1271 {
                funder = exchange.depositWallets.first { $0.value == key.address.lowercased() }?.key ?? key.address
            } else {
                funder = Address(key.address).flatMap { FunderWallet.funder(of: $0, signatureType: signatureType)?.checksummed } ?? key.address
            }
            let balance = exchange.balance(of: funder)
            let amount = type == "COLLATERAL" ? balance.availableCollateral : balance.availableTokens(request.query["token_id"] ?? "")
            let approvals = exchange.approvals(of: funder)
            let allowance = type == "COLLATERAL" ? approvals.collateralText : approvals.conditionalText
            let spenders = [Exchange.standard.address, Exchange.negRisk.address, Self.negRiskAdapter].map { "\(SimWire.string($0.checksummed)):\"\(allowance)\"" }
            return "{\"balance\":\"\(amount)\",\"allowances\":{\(spenders.joined(separator: ","))}}"
        }
        return SimResponse(200, json)
    }

    /// The neg-risk adapter, a third spender the venue reports (and checks on neg-risk markets).
    static let negRiskAdapter = Address("0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296")!

    // MARK: JSON helpers

    static func object(_ body: String) -> [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    static func array(_ body: String) -> [Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [Any] }

    /// Runs an order or cancel request within the signer's bucket: over it, 429 with `Retry-After` and
    /// nothing done (a batch is refused whole); within it, the answer carries the bucket's headers.
    func limited(_ kind: SignerBucket, cost: Int64, _ key: SimAPIKey, _ body: () async -> SimResponse) async -> SimResponse {
        let verdict = await venue.admitSigner(kind, cost: cost, signer: key.address)
        guard verdict.admitted else { return SimResponse(429, SimWire.error("Too Many Requests"), headers: verdict.headers) }
        var response = await body()
        response.headers = verdict.headers.merging(response.headers) { _, later in later }
        return response
    }
}
