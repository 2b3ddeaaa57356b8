import MMCore

/// One price level as the venue sends it.
public struct WireLevel: Decodable, Sendable, Hashable {
    public var price: WireDecimal
    public var size: WireDecimal
}

/// `book`: a full snapshot of one token's book (on subscribe and after trades).
public struct BookMessage: Decodable, Sendable, Hashable {
    public var assetID: String
    public var market: String
    public var bids: [WireLevel]
    public var asks: [WireLevel]
    public var timestamp: WireTimestamp?
    public var hash: String?
    public var tickSize: WireDecimal?
    public var lastTradePrice: WireDecimal?
    public var minOrderSize: WireDecimal?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", market, bids, asks, timestamp, hash
        case tickSize = "tick_size", lastTradePrice = "last_trade_price", minOrderSize = "min_order_size"
    }

    /// The book in mmd's representation (levels sorted best-first, unparsable levels dropped).
    public var orderBook: OrderBook {
        func levels(_ wire: [WireLevel]) -> [BookLevel] {
            wire.compactMap { level in level.price.price.flatMap { p in level.size.quantity.map { BookLevel(price: p, size: $0) } } }
        }
        return OrderBook(bids: levels(bids), asks: levels(asks))
    }
}

/// One entry of a `price_change`: the new total size at a level of one token's book.
public struct PriceChange: Decodable, Sendable, Hashable {
    public var assetID: String
    public var price: WireDecimal
    public var size: WireDecimal
    /// BUY = a bid level, SELL = an ask level.
    public var side: Side
    public var hash: String?
    public var bestBid: WireDecimal?
    public var bestAsk: WireDecimal?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", price, size, side, hash, bestBid = "best_bid", bestAsk = "best_ask"
    }
}

/// `price_change` (the schema since 2025-09): one or more level changes, possibly for both tokens.
public struct PriceChangeMessage: Decodable, Sendable, Hashable {
    public var market: String
    public var changes: [PriceChange]
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey { case market, changes = "price_changes", timestamp }
}

/// `tick_size_change`: the grid changed; quotes must be re-gridded.
public struct TickSizeChangeMessage: Decodable, Sendable, Hashable {
    public var assetID: String
    public var market: String
    public var oldTickSize: WireDecimal
    public var newTickSize: WireDecimal
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", market, oldTickSize = "old_tick_size", newTickSize = "new_tick_size", timestamp
    }
}

/// `last_trade_price`: a trade printed (side = the taker's).
public struct LastTradePriceMessage: Decodable, Sendable, Hashable {
    public var assetID: String
    public var market: String
    public var price: WireDecimal
    public var size: WireDecimal?
    public var side: Side?
    public var feeRateBps: WireDecimal?
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", market, price, size, side, feeRateBps = "fee_rate_bps", timestamp
    }
}

/// `best_bid_ask` (custom feature).
public struct BestBidAskMessage: Decodable, Sendable, Hashable {
    public var assetID: String
    public var market: String
    public var bestBid: WireDecimal?
    public var bestAsk: WireDecimal?
    public var spread: WireDecimal?
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey {
        case assetID = "asset_id", market, bestBid = "best_bid", bestAsk = "best_ask", spread, timestamp
    }
}

/// `market_resolved` (custom feature): the market ended; quoting must stop.
public struct MarketResolvedMessage: Decodable, Sendable, Hashable {
    public var market: String
    public var winningAssetID: String?
    public var winningOutcome: String?

    enum CodingKeys: String, CodingKey { case market, winningAssetID = "winning_asset_id", winningOutcome = "winning_outcome" }
}
