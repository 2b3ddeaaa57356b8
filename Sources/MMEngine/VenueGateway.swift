import MMCore
import Polymarket

/// What an engine needs from the venue. The live implementation is ``ClobClient``; tests use the same
/// client against the simulator, so there is no fake venue anywhere.
public protocol VenueGateway: Sendable {
    var apiKey: String { get }
    func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>]
    func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse
    /// Cancels every order of ours in a market at the venue, whatever we believe rests there.
    func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse
    func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage]
    func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage]
    func heartbeat(previousID: String) async throws(ClobError) -> String
}

extension ClobClient: VenueGateway {
    public var apiKey: String { credentials?.key ?? "" }
}
