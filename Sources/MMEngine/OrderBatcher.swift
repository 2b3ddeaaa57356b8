import MMCore
import Polymarket

/// Batches order posts across markets: up to 15 orders per `POST /orders`, whichever engines they come
/// from (``RequestBatcher``; requests with different post-only flags never share a batch).
public struct OrderBatcher: Sendable {
    public static let maximumBatch = 15
    private let batcher: RequestBatcher<(SignedOrder, OrderType), [Result<PostOrderResponse, ClobError>]>

    public init(gateway: any VenueGateway, window: Duration = .milliseconds(2)) {
        batcher = RequestBatcher(
            window: window, maximumItems: Self.maximumBatch,
            send: { orders, postOnly in
                do throws(ClobError) { return .success(try await gateway.postOrders(orders, postOnly: postOnly)) } catch { return .failure(error) }
            },
            share: { answers, offset, orders in Array(answers[min(offset, answers.count)..<min(offset + orders.count, answers.count)]) })
    }

    public func post(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async -> Result<[Result<PostOrderResponse, ClobError>], ClobError> {
        await batcher.submit(orders, compatibility: postOnly)
    }
}

/// Batches cancels across markets: the ids of every engine that cancels while a request is assembled go
/// out in one `DELETE /orders` (at most ``maximumBatch`` ids), and each engine gets the part of the answer
/// about its own ids; a thousand markets stopping at once make a handful of requests.
public struct CancelBatcher: Sendable {
    public static let maximumBatch = 500
    private let batcher: RequestBatcher<String, CancelResponse>

    public init(gateway: any VenueGateway, window: Duration = .milliseconds(2)) {
        batcher = RequestBatcher(
            window: window, maximumItems: Self.maximumBatch,
            send: { ids, _ in
                do throws(ClobError) { return .success(try await gateway.cancel(orderIDs: ids)) } catch { return .failure(error) }
            },
            share: { response, _, ids in
                let own = Set(ids)
                return CancelResponse(canceled: response.canceled.filter(own.contains), notCanceled: response.notCanceled.filter { own.contains($0.key) })
            })
    }

    public func cancel(_ orderIDs: [String]) async -> Result<CancelResponse, ClobError> { await batcher.submit(orderIDs) }
}

/// A gateway whose posts go through an ``OrderBatcher`` and whose cancels through a ``CancelBatcher``;
/// everything else goes straight to the venue.
public struct BatchingGateway: VenueGateway {
    public let base: any VenueGateway
    public let batcher: OrderBatcher
    public let cancels: CancelBatcher?

    public init(base: any VenueGateway, batcher: OrderBatcher, cancels: CancelBatcher? = nil) {
        self.base = base
        self.batcher = batcher
        self.cancels = cancels
    }

    public var apiKey: String { base.apiKey }

    public func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        try await batcher.post(orders, postOnly: postOnly).get()
    }
    public func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        guard let cancels else { return try await base.cancel(orderIDs: orderIDs) }
        return try await cancels.cancel(orderIDs).get()
    }
    public func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse {
        try await base.cancelMarketOrders(market: market, assetID: assetID)
    }
    public func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] { try await base.openOrders(market: market, assetID: assetID) }
    public func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] {
        try await base.trades(market: market, assetID: assetID, afterSeconds: afterSeconds)
    }
    public func heartbeat(previousID: String) async throws(ClobError) -> String { try await base.heartbeat(previousID: previousID) }
}
