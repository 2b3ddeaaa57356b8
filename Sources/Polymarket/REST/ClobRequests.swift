/// Asset types of `/balance-allowance`.
public enum AssetType: String, Sendable, Hashable {
    case collateral = "COLLATERAL"
    case conditional = "CONDITIONAL"
}

/// Builders for every CLOB endpoint the daemon uses, with the official client's exact bodies.
public enum ClobRequests {
    /// The first page cursor (`base64("0")`) and the end marker (`base64("-1")`).
    public static let firstCursor = "MA=="
    public static let endCursor = "LTE="

    // MARK: Auth (L1)

    public static func createAPIKey() -> ClobRequest {
        ClobRequest(method: "POST", path: "/auth/api-key", auth: .l1, isIdempotent: false, endpointClass: .apiKeys)
    }

    public static func deriveAPIKey() -> ClobRequest {
        ClobRequest(method: "GET", path: "/auth/derive-api-key", auth: .l1, isIdempotent: true, endpointClass: .apiKeys)
    }

    // MARK: Orders (L2)

    public static func postOrder(body: String) -> ClobRequest {
        ClobRequest(method: "POST", path: "/order", body: body, auth: .l2, isIdempotent: false, endpointClass: .postOrder)
    }

    public static func postOrders(body: String) -> ClobRequest {
        ClobRequest(method: "POST", path: "/orders", body: body, auth: .l2, isIdempotent: false, endpointClass: .postOrders)
    }

    public static func cancelOrder(id: String) -> ClobRequest {
        ClobRequest(method: "DELETE", path: "/order", body: "{\"orderID\":\(JSONText.string(id))}", auth: .l2, isIdempotent: true, endpointClass: .cancelOrder)
    }

    public static func cancelOrders(ids: [String]) -> ClobRequest {
        ClobRequest(method: "DELETE", path: "/orders", body: JSONText.stringArray(ids), auth: .l2, isIdempotent: true, endpointClass: .cancelOrders)
    }

    public static func cancelAll() -> ClobRequest {
        ClobRequest(method: "DELETE", path: "/cancel-all", auth: .l2, isIdempotent: true, endpointClass: .cancelAll)
    }

    /// `DELETE /cancel-market-orders`; keys are left out when not given.
    public static func cancelMarketOrders(market: String?, assetID: String?) -> ClobRequest {
        var fields: [String] = []
        if let market { fields.append("\"market\":\(JSONText.string(market))") }
        if let assetID { fields.append("\"asset_id\":\(JSONText.string(assetID))") }
        return ClobRequest(
            method: "DELETE", path: "/cancel-market-orders", body: "{" + fields.joined(separator: ",") + "}", auth: .l2, isIdempotent: true,
            endpointClass: .cancelMarket)
    }

    /// `POST /v1/heartbeats` with the previous accepted id (`""` to start a chain).
    public static func heartbeat(previousID: String) -> ClobRequest {
        ClobRequest(method: "POST", path: "/v1/heartbeats", body: "{\"heartbeat_id\":\(JSONText.string(previousID))}", auth: .l2, isIdempotent: false, endpointClass: .heartbeat)
    }

    public static func order(id: String) -> ClobRequest {
        ClobRequest(method: "GET", path: "/data/order/\(id)", auth: .l2, isIdempotent: true, endpointClass: .dataOrders)
    }

    public static func openOrders(id: String? = nil, market: String? = nil, assetID: String? = nil, cursor: String = firstCursor) -> ClobRequest {
        var query: [QueryItem] = []
        if let id { query.append(QueryItem("id", id)) }
        if let market { query.append(QueryItem("market", market)) }
        if let assetID { query.append(QueryItem("asset_id", assetID)) }
        query.append(QueryItem("next_cursor", cursor))
        return ClobRequest(method: "GET", path: "/data/orders", query: query, auth: .l2, isIdempotent: true, endpointClass: .dataOrders)
    }

    /// `GET /data/trades`; `after`/`before` are Unix seconds.
    public static func trades(
        id: String? = nil, makerAddress: String? = nil, market: String? = nil, assetID: String? = nil, before: UInt64? = nil, after: UInt64? = nil,
        cursor: String = firstCursor
    ) -> ClobRequest {
        var query: [QueryItem] = []
        if let id { query.append(QueryItem("id", id)) }
        if let makerAddress { query.append(QueryItem("maker_address", makerAddress)) }
        if let market { query.append(QueryItem("market", market)) }
        if let assetID { query.append(QueryItem("asset_id", assetID)) }
        if let before { query.append(QueryItem("before", String(before))) }
        if let after { query.append(QueryItem("after", String(after))) }
        query.append(QueryItem("next_cursor", cursor))
        return ClobRequest(method: "GET", path: "/data/trades", query: query, auth: .l2, isIdempotent: true, endpointClass: .dataTrades)
    }

    public static func balanceAllowance(assetType: AssetType, tokenID: String? = nil, signatureType: SignatureType) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/balance-allowance", query: balanceQuery(assetType, tokenID, signatureType), auth: .l2, isIdempotent: true,
            endpointClass: .balanceAllowance)
    }

    /// Refreshes the venue's cached balance after on-chain changes (the Python client sends it as GET).
    public static func updateBalanceAllowance(assetType: AssetType, tokenID: String? = nil, signatureType: SignatureType) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/balance-allowance/update", query: balanceQuery(assetType, tokenID, signatureType), auth: .l2, isIdempotent: true,
            endpointClass: .balanceAllowanceUpdate)
    }

    private static func balanceQuery(_ assetType: AssetType, _ tokenID: String?, _ signatureType: SignatureType) -> [QueryItem] {
        var query = [QueryItem("signature_type", String(signatureType.rawValue)), QueryItem("asset_type", assetType.rawValue)]
        if let tokenID { query.append(QueryItem("token_id", tokenID)) }
        return query
    }

    public static func orderScoring(id: String) -> ClobRequest {
        ClobRequest(method: "GET", path: "/order-scoring", query: [QueryItem("order_id", id)], auth: .l2, isIdempotent: true, endpointClass: .scoring)
    }

    /// How many ids one `POST /orders-scoring` carries. The venue documents no limit; this keeps a
    /// request's body (about 70 bytes an id) and the venue's work per request small.
    public static let scoringBatchLimit = 100

    public static func ordersScoring(ids: [String]) -> ClobRequest {
        ClobRequest(method: "POST", path: "/orders-scoring", body: JSONText.stringArray(ids), auth: .l2, isIdempotent: true, endpointClass: .scoring)
    }

    /// Our reward earnings for one UTC day (`YYYY-MM-DD`).
    public static func userRewards(date: String, signatureType: SignatureType, cursor: String = firstCursor) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/rewards/user",
            query: [QueryItem("date", date), QueryItem("signature_type", String(signatureType.rawValue)), QueryItem("next_cursor", cursor)],
            auth: .l2, isIdempotent: true, endpointClass: .rewards)
    }

    /// Our total reward earnings for one UTC day, all markets together.
    public static func totalUserRewards(date: String, signatureType: SignatureType) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/rewards/user/total", query: [QueryItem("date", date), QueryItem("signature_type", String(signatureType.rawValue))],
            auth: .l2, isIdempotent: true, endpointClass: .rewards)
    }

    /// Our earnings per market for one UTC day with each market's reward configuration, in the official
    /// client's parameter order (`order_by`, `position` empty and `no_competition` false unless given).
    public static func userRewardMarkets(
        date: String, signatureType: SignatureType, cursor: String = firstCursor, orderBy: String = "", position: String = "", noCompetition: Bool = false
    ) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/rewards/user/markets",
            query: [
                QueryItem("date", date), QueryItem("signature_type", String(signatureType.rawValue)), QueryItem("next_cursor", cursor),
                QueryItem("order_by", orderBy), QueryItem("position", position), QueryItem("no_competition", noCompetition ? "true" : "false"),
            ],
            auth: .l2, isIdempotent: true, endpointClass: .rewards)
    }

    /// Our current share of each market's reward pool, in percent.
    public static func rewardPercentages(signatureType: SignatureType) -> ClobRequest {
        ClobRequest(
            method: "GET", path: "/rewards/user/percentages", query: [QueryItem("signature_type", String(signatureType.rawValue))], auth: .l2,
            isIdempotent: true, endpointClass: .rewards)
    }

    // MARK: Public market data

    public static func tickSize(tokenID: String) -> ClobRequest { publicGet("/tick-size", [QueryItem("token_id", tokenID)], .tickSize) }
    public static func negRisk(tokenID: String) -> ClobRequest { publicGet("/neg-risk", [QueryItem("token_id", tokenID)], .general) }
    public static func feeRate(tokenID: String) -> ClobRequest { publicGet("/fee-rate", [QueryItem("token_id", tokenID)], .general) }
    public static func book(tokenID: String) -> ClobRequest { publicGet("/book", [QueryItem("token_id", tokenID)], .book) }
    public static func midpoint(tokenID: String) -> ClobRequest { publicGet("/midpoint", [QueryItem("token_id", tokenID)], .midpoint) }
    public static func price(tokenID: String, side: String) -> ClobRequest { publicGet("/price", [QueryItem("token_id", tokenID), QueryItem("side", side)], .price) }
    public static func serverTime() -> ClobRequest { publicGet("/time", [], .general) }
    public static func clobMarket(conditionID: String) -> ClobRequest { publicGet("/clob-markets/\(conditionID)", [], .general) }

    public static func books(tokenIDs: [String]) -> ClobRequest {
        let body = "[" + tokenIDs.map { "{\"token_id\":\(JSONText.string($0))}" }.joined(separator: ",") + "]"
        return ClobRequest(method: "POST", path: "/books", body: body, auth: .none, isIdempotent: true, endpointClass: .books)
    }

    public static func midpoints(tokenIDs: [String]) -> ClobRequest {
        let body = "[" + tokenIDs.map { "{\"token_id\":\(JSONText.string($0))}" }.joined(separator: ",") + "]"
        return ClobRequest(method: "POST", path: "/midpoints", body: body, auth: .none, isIdempotent: true, endpointClass: .midpoint)
    }

    private static func publicGet(_ path: String, _ query: [QueryItem], _ endpointClass: EndpointClass) -> ClobRequest {
        ClobRequest(method: "GET", path: path, query: query, auth: .none, isIdempotent: true, endpointClass: endpointClass)
    }
}
