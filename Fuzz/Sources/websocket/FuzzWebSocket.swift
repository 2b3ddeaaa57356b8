// The venue's websocket frames, market and user channels, as ChannelFeed hands them to the decoder, and
// what the daemon reads from a decoded message next (prices, sizes, the book, our fills, statuses).
import MMCore
import Polymarket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocket(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let frame = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    for message in ChannelDecoder().decode(frame) {
        _ = message.kind
        read(message)
    }
    return 0
}

private func read(_ message: ChannelMessage) {
    switch message {
    case .book(let book):
        let orderBook = book.orderBook
        _ = (orderBook.mid, orderBook.spread, orderBook.mirrored, book.tickSize?.tickSize, book.minOrderSize?.quantity, book.timestamp?.milliseconds)
        if let reference = orderBook.mid {
            _ = orderBook.depth(.buy, within: 30_000, of: reference)
            _ = orderBook.depth(.sell, within: 30_000, of: reference)
            _ = orderBook.sizeCutoffAdjustedMid(minimumSize: Quantity(shares: 20))
        }
    case .priceChange(let change):
        var orderBook = OrderBook()
        for level in change.changes {
            _ = (level.bestBid?.price, level.bestAsk?.price)
            if let price = level.price.price, let size = level.size.quantity { orderBook.set(level.side, price: price, size: size) }
        }
        _ = (orderBook.mid, orderBook.spread)
    case .tickSizeChange(let change):
        _ = (change.oldTickSize.tickSize, change.newTickSize.tickSize)
    case .lastTradePrice(let trade):
        _ = (trade.price.price, trade.size?.quantity, trade.feeRateBps?.micros)
    case .bestBidAsk(let quote):
        _ = (quote.bestBid?.price, quote.bestAsk?.price, quote.spread?.micros)
    case .trade(let trade):
        _ = (trade.tradeStatus, trade.matchTime?.milliseconds, trade.lastUpdate?.milliseconds)
        let owners = Set(trade.makerOrders.map(\.owner) + [trade.owner ?? ""])
        for owner in owners { _ = trade.fills(ownedBy: owner, takerOrderIDs: [trade.takerOrderID]) }
    case .order(let order):
        _ = (order.normalizedStatus, order.isTerminal, order.price.price, order.originalSize.quantity, order.sizeMatched.quantity, order.createdAt?.milliseconds)
    case .marketResolved, .pong, .ignored, .unknown, .malformed:
        break
    }
}
