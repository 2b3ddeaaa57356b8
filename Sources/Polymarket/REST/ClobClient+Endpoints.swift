import Foundation
import MMCore

extension ClobClient {
    // MARK: API keys (L1)

    public func createAPIKey() async throws(ClobError) -> APICredentials {
        try await credentials(from: fetch(APIKeyResponse.self, ClobRequests.createAPIKey()))
    }

    public func deriveAPIKey() async throws(ClobError) -> APICredentials {
        try await credentials(from: fetch(APIKeyResponse.self, ClobRequests.deriveAPIKey()))
    }

    /// Derives the key for nonce 0, creating it when the venue has none yet.
    public func createOrDeriveAPIKey() async throws(ClobError) -> APICredentials {
        do {
            return try await deriveAPIKey()
        } catch where error.code != .notSent && error.code != .ambiguous {
            return try await createAPIKey()
        }
    }

    private func credentials(from response: APIKeyResponse) throws(ClobError) -> APICredentials {
        do { return try response.credentials() } catch { throw ClobError(.unexpectedResponse, "\(error)") }
    }

    // MARK: Orders

    /// Posts one signed order. A rejection (HTTP error or `success: false`) throws its typed error.
    public func postOrder(_ order: SignedOrder, type: OrderType, postOnly: Bool) async throws(ClobError) -> PostOrderResponse {
        guard let credentials else { throw ClobError(.unauthorized, "posting needs API credentials") }
        if postOnly, type == .fok || type == .fak { throw ClobError(.invalidPostOnlyOrderType, "post_only is not supported for \(type.rawValue) orders") }
        let body = OrderBody.postOrder(order, owner: credentials.key, orderType: type, postOnly: postOnly)
        let response = try await fetch(PostOrderResponse.self, ClobRequests.postOrder(body: body))
        if let rejection = response.rejection { throw rejection }
        return response
    }

    /// Posts up to 15 orders in one request; the result has one entry per order, in order.
    public func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        guard let credentials else { throw ClobError(.unauthorized, "posting needs API credentials") }
        let body: String
        do { body = try OrderBody.postOrders(orders, owner: credentials.key, postOnly: postOnly) } catch {
            throw ClobError(.batchTooLarge, error.description)
        }
        let responses = try await fetch([PostOrderResponse].self, ClobRequests.postOrders(body: body), cost: Int64(orders.count))
        guard responses.count == orders.count else {
            throw ClobError(.ambiguous, "the batch answer has \(responses.count) entries for \(orders.count) orders")
        }
        return responses.map { response in response.rejection.map { .failure($0) } ?? .success(response) }
    }

    public func cancel(orderID: String) async throws(ClobError) -> CancelResponse {
        try await fetch(CancelResponse.self, ClobRequests.cancelOrder(id: orderID))
    }

    public func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        try await fetch(CancelResponse.self, ClobRequests.cancelOrders(ids: orderIDs), cost: Int64(max(orderIDs.count, 1)))
    }

    public func cancelAll() async throws(ClobError) -> CancelResponse {
        try await fetch(CancelResponse.self, ClobRequests.cancelAll())
    }

    public func cancelMarketOrders(market: String?, assetID: String? = nil) async throws(ClobError) -> CancelResponse {
        try await fetch(CancelResponse.self, ClobRequests.cancelMarketOrders(market: market, assetID: assetID))
    }

    /// One order by id, or `nil` when the venue no longer lists it (filled or cancelled).
    public func order(id: String) async throws(ClobError) -> OrderMessage? {
        let bytes = try await send(ClobRequests.order(id: id))
        if bytes.isEmpty || bytes == Array("null".utf8) || bytes == Array("{}".utf8) { return nil }
        return try? JSONDecoder().decode(OrderMessage.self, from: Data(bytes))
    }

    /// Every open order (all pages).
    public func openOrders(market: String? = nil, assetID: String? = nil) async throws(ClobError) -> [OrderMessage] {
        try await allPages { cursor throws(ClobError) in
            try await fetch(Page<OrderMessage>.self, ClobRequests.openOrders(market: market, assetID: assetID, cursor: cursor))
        }
    }

    /// Every trade (all pages), optionally since `afterSeconds` (Unix seconds).
    public func trades(market: String? = nil, assetID: String? = nil, afterSeconds: UInt64? = nil) async throws(ClobError) -> [TradeMessage] {
        try await allPages { cursor throws(ClobError) in
            try await fetch(Page<TradeMessage>.self, ClobRequests.trades(market: market, assetID: assetID, after: afterSeconds, cursor: cursor))
        }
    }

    func allPages<Item>(_ page: (String) async throws(ClobError) -> Page<Item>) async throws(ClobError) -> [Item] {
        var items: [Item] = []
        var cursor = ClobRequests.firstCursor
        for _ in 0..<10_000 {
            let next = try await page(cursor)
            items += next.data
            guard let nextCursor = next.nextCursor, !nextCursor.isEmpty, nextCursor != ClobRequests.endCursor, nextCursor != cursor else { return items }
            cursor = nextCursor
        }
        throw ClobError(.unexpectedResponse, "pagination did not end after 10000 pages")
    }

    // MARK: Balances, scoring, heartbeats

    public func balanceAllowance(assetType: AssetType, tokenID: String? = nil, signatureType: SignatureType) async throws(ClobError) -> BalanceAllowance {
        try await fetch(BalanceAllowance.self, ClobRequests.balanceAllowance(assetType: assetType, tokenID: tokenID, signatureType: signatureType))
    }

    public func updateBalanceAllowance(assetType: AssetType, tokenID: String? = nil, signatureType: SignatureType) async throws(ClobError) {
        _ = try await send(ClobRequests.updateBalanceAllowance(assetType: assetType, tokenID: tokenID, signatureType: signatureType))
    }

    public func isScoring(orderID: String) async throws(ClobError) -> Bool {
        try await fetch(ScoringResponse.self, ClobRequests.orderScoring(id: orderID)).scoring
    }

    public func areScoring(orderIDs: [String]) async throws(ClobError) -> [String: Bool] {
        try await fetch([String: Bool].self, ClobRequests.ordersScoring(ids: orderIDs))
    }

    /// Whether each order scores, in requests of at most `batchSize` ids (each drawing on the `scoring`
    /// rate limit), one after another. Ids the venue leaves out of its answer are left out here too.
    public func areScoring(orderIDs: [String], batchSize: Int) async throws(ClobError) -> [String: Bool] {
        let size = max(1, min(batchSize, ClobRequests.scoringBatchLimit))
        var answer: [String: Bool] = [:]
        var start = 0
        while start < orderIDs.count {
            let batch = Array(orderIDs[start..<min(start + size, orderIDs.count)])
            answer.merge(try await areScoring(orderIDs: batch)) { _, new in new }
            start += size
        }
        return answer
    }

    /// Sends one heartbeat chained on `previousID` and returns the id for the next one.
    ///
    /// When the venue rejects a stale id it names the one it expects; that case is retried once with it.
    public func heartbeat(previousID: String) async throws(ClobError) -> String {
        do throws(ClobError) {
            let response = try await fetch(HeartbeatResponse.self, ClobRequests.heartbeat(previousID: previousID))
            guard let id = response.heartbeatID, !id.isEmpty else { throw ClobError(.unexpectedResponse, "heartbeat accepted without an id") }
            return id
        } catch where error.code == .invalidHeartbeat && error.expectedHeartbeatID != nil && error.expectedHeartbeatID != previousID {
            let response = try await fetch(HeartbeatResponse.self, ClobRequests.heartbeat(previousID: error.expectedHeartbeatID!))
            guard let id = response.heartbeatID, !id.isEmpty else { throw ClobError(.unexpectedResponse, "heartbeat accepted without an id") }
            return id
        }
    }

    /// What each market paid us on a UTC day (`YYYY-MM-DD`), every page.
    public func userRewards(date: String, signatureType: SignatureType) async throws(ClobError) -> [UserRewardEarning] {
        try await allPages { cursor throws(ClobError) in
            try await fetch(Page<UserRewardEarning>.self, ClobRequests.userRewards(date: date, signatureType: signatureType, cursor: cursor))
        }
    }

    /// Our total earnings on a UTC day, one row per reward asset (the venue answers a list or one object).
    public func totalUserRewards(date: String, signatureType: SignatureType) async throws(ClobError) -> [TotalUserEarning] {
        try await fetch(OneOrMany<TotalUserEarning>.self, ClobRequests.totalUserRewards(date: date, signatureType: signatureType)).items
    }

    /// Our earnings per market on a UTC day with each market's reward configuration, every page.
    public func userRewardMarkets(date: String, signatureType: SignatureType) async throws(ClobError) -> [UserRewardMarket] {
        try await allPages { cursor throws(ClobError) in
            try await fetch(Page<UserRewardMarket>.self, ClobRequests.userRewardMarkets(date: date, signatureType: signatureType, cursor: cursor))
        }
    }

    /// Our current share of each market's pool: condition id → percent.
    public func rewardPercentages(signatureType: SignatureType) async throws(ClobError) -> [String: WireDecimal] {
        try await fetch([String: WireDecimal].self, ClobRequests.rewardPercentages(signatureType: signatureType))
    }

    // MARK: Market data (public)

    public func tickSize(tokenID: String) async throws(ClobError) -> TickSize {
        let response = try await fetch(TickSizeResponse.self, ClobRequests.tickSize(tokenID: tokenID))
        guard let tick = response.minimumTickSize.tickSize else { throw ClobError(.unexpectedResponse, "unknown tick size \(response.minimumTickSize)") }
        return tick
    }

    public func isNegRisk(tokenID: String) async throws(ClobError) -> Bool {
        try await fetch(NegRiskResponse.self, ClobRequests.negRisk(tokenID: tokenID)).negRisk
    }

    /// The V1-era `base_fee` in basis points.
    public func feeRateBps(tokenID: String) async throws(ClobError) -> Int64 {
        let response = try await fetch(FeeRateResponse.self, ClobRequests.feeRate(tokenID: tokenID))
        return Int64(response.baseFee.text) ?? 0
    }

    /// The V2 taker fee rate of a market (`/clob-markets/{id}`, `fd.r`; zero when the market lists no
    /// fee details): a taker pays rate × p × (1 − p) per share.
    public func takerFeeRate(conditionID: String) async throws(ClobError) -> Ratio {
        let response = try await fetch(ClobMarketFeesResponse.self, ClobRequests.clobMarket(conditionID: conditionID))
        guard let rate = response.fd?.r else { return .zero }
        do { return try Ratio(rate.text) } catch { throw ClobError(.unexpectedResponse, "fee rate \(rate.text) of \(conditionID) is not a decimal") }
    }

    public func book(tokenID: String) async throws(ClobError) -> BookMessage {
        try await fetch(BookMessage.self, ClobRequests.book(tokenID: tokenID))
    }

    public func books(tokenIDs: [String]) async throws(ClobError) -> [BookMessage] {
        try await fetch([BookMessage].self, ClobRequests.books(tokenIDs: tokenIDs))
    }

    public func midpoint(tokenID: String) async throws(ClobError) -> Price? {
        try await fetch(MidpointResponse.self, ClobRequests.midpoint(tokenID: tokenID)).mid.price
    }

    /// Midpoints of several tokens: token id → mid (`nil` when a side is empty).
    public func midpoints(tokenIDs: [String]) async throws(ClobError) -> [String: Price?] {
        try await fetch([String: WireDecimal].self, ClobRequests.midpoints(tokenIDs: tokenIDs)).mapValues(\.price)
    }

    /// The venue's `GET /price` for a token and side.
    public func price(tokenID: String, side: Side) async throws(ClobError) -> Price? {
        try await fetch(PriceResponse.self, ClobRequests.price(tokenID: tokenID, side: side.rawValue)).price.price
    }

    /// The venue's clock, Unix seconds.
    public func serverTime() async throws(ClobError) -> Int64 {
        let bytes = try await send(ClobRequests.serverTime())
        guard let seconds = Int64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ClobError(.unexpectedResponse, "server time is not an integer")
        }
        return seconds
    }
}

extension ClobClient {
    /// `GET /auth/ban-status/closed-only` (L2): whether the account may only reduce its positions.
    public func isClosedOnly() async throws(ClobError) -> Bool {
        try await fetch(
            ClosedOnlyResponse.self,
            ClobRequest(method: "GET", path: "/auth/ban-status/closed-only", auth: .l2, isIdempotent: true, endpointClass: .apiKeys)
        ).closedOnly
    }

    /// `GET /auth/api-keys` (L2): the API keys of this signer; an error when these credentials are not its own.
    public func apiKeys() async throws(ClobError) -> [String] {
        try await fetch(APIKeysResponse.self, ClobRequest(method: "GET", path: "/auth/api-keys", auth: .l2, isIdempotent: true, endpointClass: .apiKeys)).apiKeys
    }
}

struct ClosedOnlyResponse: Decodable {
    var closedOnly: Bool
    enum CodingKeys: String, CodingKey { case closedOnly = "closed_only" }
}

struct APIKeysResponse: Decodable {
    var apiKeys: [String]
}
