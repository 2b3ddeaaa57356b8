import MMCore
import Polymarket

/// Batches order posts across markets: up to 15 orders per `POST /orders`, whichever engines they come from.
///
/// Leader/follower, with no background task: the first engine to post while no batch is being assembled
/// becomes the leader, waits `window` (other engines' posts join meanwhile, the actor being reentrant),
/// then sends the pending requests in batches of at most 15 orders and hands every engine its own results.
/// A request is never split across two batches, so an engine's answers arrive together.
public actor OrderBatcher {
    let gateway: any VenueGateway
    let window: Duration
    public static let maximumBatch = 15

    private struct Pending {
        var id: Int
        var orders: [(SignedOrder, OrderType)]
        var postOnly: Bool
    }

    private var pending: [Pending] = []
    private var waiters: [Int: CheckedContinuation<Result<[Result<PostOrderResponse, ClobError>], ClobError>, Never>] = [:]
    private var results: [Int: Result<[Result<PostOrderResponse, ClobError>], ClobError>] = [:]
    private var leaderActive = false
    private var nextID = 0
    public private(set) var requestsSent = 0

    public init(gateway: any VenueGateway, window: Duration = .milliseconds(2)) {
        self.gateway = gateway
        self.window = window
    }

    public func post(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async -> Result<[Result<PostOrderResponse, ClobError>], ClobError> {
        nextID += 1
        let id = nextID
        pending.append(Pending(id: id, orders: orders, postOnly: postOnly))
        guard !leaderActive else {
            return await withCheckedContinuation { continuation in
                if let ready = results.removeValue(forKey: id) { continuation.resume(returning: ready) } else { waiters[id] = continuation }
            }
        }
        leaderActive = true
        try? await Task.sleep(for: window)
        while !pending.isEmpty {
            // Same post-only flag per request; whole requests only, up to 15 orders.
            let postOnlyFlag = pending[0].postOnly
            var batch: [Pending] = []
            var count = 0
            while let next = pending.first, next.postOnly == postOnlyFlag, batch.isEmpty || count + next.orders.count <= Self.maximumBatch {
                batch.append(pending.removeFirst())
                count += next.orders.count
            }
            let flat = batch.flatMap(\.orders)
            requestsSent += 1
            let outcome: Result<[Result<PostOrderResponse, ClobError>], ClobError>
            do { outcome = .success(try await gateway.postOrders(flat, postOnly: postOnlyFlag)) } catch { outcome = .failure(error) }
            var offset = 0
            for request in batch {
                let share: Result<[Result<PostOrderResponse, ClobError>], ClobError> = outcome.map { all in
                    Array(all[offset..<min(offset + request.orders.count, all.count)])
                }
                offset += request.orders.count
                deliver(request.id, share)
            }
        }
        leaderActive = false
        return results.removeValue(forKey: id) ?? .failure(ClobError(.unexpectedResponse, "batch result missing"))
    }

    private func deliver(_ id: Int, _ result: Result<[Result<PostOrderResponse, ClobError>], ClobError>) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.resume(returning: result) } else { results[id] = result }
    }
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
