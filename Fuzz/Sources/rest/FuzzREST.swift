// The venue's REST answers, CLOB and Gamma: one input is tried as every answer shape the clients decode
// (through the same entry point as ClobClient.fetch), as an error body with its status, and then read as
// the daemon reads it (rejections, balances, reward figures, tick sizes, fills).
import MMCore
import Polymarket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzREST(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    func answer<T: Decodable>(_ type: T.Type) -> T? { try? ClobClient.decodeAnswer(type, from: bytes, context: "fuzz") }

    for response in answer([PostOrderResponse].self) ?? [] { _ = response.rejection?.isTransient }
    _ = answer(PostOrderResponse.self)?.rejection
    _ = answer(CancelResponse.self)
    _ = answer(APIKeyResponse.self).map { try? $0.credentials() }
    for order in answer(Page<OrderMessage>.self)?.data ?? [] { _ = (order.isTerminal, order.price.price, order.originalSize.quantity, order.sizeMatched.quantity) }
    for trade in answer(Page<TradeMessage>.self)?.data ?? [] {
        _ = trade.fills(ownedBy: trade.makerOrders.first?.owner ?? "", takerOrderIDs: [trade.takerOrderID])
    }
    if let balance = answer(BalanceAllowance.self) { _ = (balance.balanceUnits, balance.allowances.mapValues(\.micros)) }
    _ = answer(HeartbeatResponse.self)
    _ = answer([String: Bool].self)
    _ = answer([String: WireDecimal].self)?.mapValues { ($0.price, $0.micros, $0.microsTruncated) }
    for book in answer([BookMessage].self) ?? [] { _ = (book.orderBook.mid, book.tickSize?.tickSize) }
    for row in answer(Page<UserRewardEarning>.self)?.data ?? [] { _ = (row.earningsMicros, row.assetRate?.micros) }
    for row in answer([TotalUserEarning].self) ?? [] { _ = row.earnings.microsTruncated }
    _ = answer(TotalUserEarning.self)?.earnings.microsTruncated
    for row in answer(Page<UserRewardMarket>.self)?.data ?? [] {
        _ = (row.rewardsMaxSpread?.micros, row.rewardsMinSize?.quantity, row.earningPercentage?.microsTruncated, row.earnings.map(\.earnings.microsTruncated))
    }
    for market in answer([GammaMarket].self) ?? [] { read(market) }
    for event in answer([GammaEvent].self) ?? [] { event.markets.forEach(read) }
    // The same bytes as the body of a refused request.
    let status = [400, 401, 404, 425, 429, 500, 503][Int(bytes.first ?? 0) % 7]
    _ = ClobClient.httpError(status: status, body: bytes, retryAfterHeader: String(decoding: bytes.prefix(4), as: UTF8.self)).description
    return 0
}

private func read(_ market: GammaMarket) {
    _ = (market.binaryTokens, market.rewardParameters, market.tickSize, market.orderMinSize?.quantity, market.outcomePrices.map(\.price))
}
