import CoreMetrics
import MMEngine
import Polymarket

/// The venue client with every request timed and every failure counted, by endpoint (and error code):
/// `mmd_venue_request_duration_seconds` and `mmd_venue_request_errors_total`.
struct MeasuredGateway: VenueGateway {
    let base: any VenueGateway
    let factory: any MetricsFactory

    var apiKey: String { base.apiKey }

    private func measure<T>(_ endpoint: String, _ work: () async throws(ClobError) -> T) async throws(ClobError) -> T {
        let started = ContinuousClock.now
        defer {
            CoreMetrics.Timer(label: "mmd_venue_request_duration_seconds", dimensions: [("endpoint", endpoint)], factory: factory)
                .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        }
        do { return try await work() } catch {
            CoreMetrics.Counter(label: "mmd_venue_request_errors_total", dimensions: [("endpoint", endpoint), ("code", error.code.rawValue)], factory: factory)
                .increment()
            throw error
        }
    }

    func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        try await measure("post_orders") { () async throws(ClobError) in try await base.postOrders(orders, postOnly: postOnly) }
    }

    func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        try await measure("cancel_orders") { () async throws(ClobError) in try await base.cancel(orderIDs: orderIDs) }
    }

    func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse {
        try await measure("cancel_market_orders") { () async throws(ClobError) in try await base.cancelMarketOrders(market: market, assetID: assetID) }
    }

    func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] {
        try await measure("open_orders") { () async throws(ClobError) in try await base.openOrders(market: market, assetID: assetID) }
    }

    func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] {
        try await measure("trades") { () async throws(ClobError) in try await base.trades(market: market, assetID: assetID, afterSeconds: afterSeconds) }
    }

    func heartbeat(previousID: String) async throws(ClobError) -> String {
        try await measure("heartbeat") { () async throws(ClobError) in try await base.heartbeat(previousID: previousID) }
    }
}
