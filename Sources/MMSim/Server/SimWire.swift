import Foundation
import MMCore
import Polymarket

/// The venue's JSON shapes for simulator state, written by hand so field names and string-typed numbers
/// match what the real CLOB sends.
enum SimWire {
    static func string(_ text: String) -> String { JSONText.string(text) }

    static func openOrder(_ order: SimOrder, market: SimMarketSpec, status: String) -> String {
        "{\"id\":\(string(order.id)),\"status\":\(string(status)),\"owner\":\(string(order.owner)),\"maker_address\":\(string(order.maker))"
            + ",\"market\":\(string(order.market)),\"asset_id\":\(string(market.token(order.outcome))),\"side\":\"\(order.side.rawValue)\""
            + ",\"original_size\":\"\(order.originalSize)\",\"size_matched\":\"\(order.matched)\",\"price\":\"\(order.price)\""
            + ",\"outcome\":\"\(order.outcome == .yes ? "Yes" : "No")\",\"expiration\":\"\(order.expiration)\",\"order_type\":\(string(order.orderType))"
            + ",\"associate_trades\":[],\"created_at\":\(order.createdAtMilliseconds / 1_000)}"
    }

    static func orderEvent(_ order: SimOrder, market: SimMarketSpec, type: String, status: String, timestamp: Int64) -> String {
        "{\"event_type\":\"order\",\"type\":\(string(type)),\"id\":\(string(order.id)),\"owner\":\(string(order.owner)),\"order_owner\":\(string(order.owner))"
            + ",\"market\":\(string(order.market)),\"asset_id\":\(string(market.token(order.outcome))),\"side\":\"\(order.side.rawValue)\""
            + ",\"price\":\"\(order.price)\",\"original_size\":\"\(order.originalSize)\",\"size_matched\":\"\(order.matched)\""
            + ",\"outcome\":\"\(order.outcome == .yes ? "Yes" : "No")\",\"associate_trades\":null,\"created_at\":\"\(order.createdAtMilliseconds / 1_000)\""
            + ",\"expiration\":\"\(order.expiration)\",\"order_type\":\(string(order.orderType)),\"status\":\(string(status))"
            + ",\"maker_address\":\(string(order.maker)),\"timestamp\":\"\(timestamp)\"}"
    }

    /// A trade as `/data/trades` (REST, prefixed status) or the user channel (`event_type: trade`) shows it.
    static func trade(_ trade: SimTrade, forWebSocket: Bool, viewer: String, timestamp: Int64) -> String {
        let makers = trade.makers.map { maker in
            "{\"order_id\":\(string(maker.orderID)),\"owner\":\(string(maker.owner)),\"maker_address\":\(string(maker.maker))"
                + ",\"matched_amount\":\"\(maker.size)\",\"price\":\"\(maker.price)\",\"fee_rate_bps\":\"0\",\"asset_id\":\(string(maker.assetID))"
                + ",\"outcome\":\"\(maker.outcome == .yes ? "Yes" : "No")\",\"side\":\"\(maker.side.rawValue)\"}"
        }.joined(separator: ",")
        let status = forWebSocket ? trade.status.rawValue : "TRADE_STATUS_\(trade.status.rawValue)"
        var json = "{"
        if forWebSocket { json += "\"event_type\":\"trade\",\"type\":\"TRADE\"," }
        json += "\"id\":\(string(trade.id)),\"taker_order_id\":\(string(trade.takerOrderID)),\"market\":\(string(trade.market))"
        json += ",\"asset_id\":\(string(trade.assetID)),\"side\":\"\(trade.side.rawValue)\",\"size\":\"\(trade.size)\",\"price\":\"\(trade.price)\""
        json += ",\"fee_rate_bps\":\"0\",\"status\":\"\(status)\",\"match_time\":\"\(trade.matchTimeMilliseconds / 1_000)\""
        json += ",\"last_update\":\"\(trade.lastUpdateMilliseconds / 1_000)\",\"outcome\":\"\(trade.outcome == .yes ? "Yes" : "No")\""
        json += ",\"owner\":\(string(trade.takerOwner)),\"maker_address\":\(string(trade.takerMaker)),\"transaction_hash\":\(string(trade.transactionHash)),\"bucket_index\":0"
        if forWebSocket { json += ",\"trade_owner\":\(string(viewer))" }
        json += ",\"trader_side\":\"\(trade.takerOwner == viewer ? "TAKER" : "MAKER")\",\"maker_orders\":[\(makers)]"
        if forWebSocket { json += ",\"timestamp\":\"\(timestamp)\"" }
        return json + "}"
    }

    static func levels(_ levels: [BookLevel]) -> [BookSummaryHash.Level] {
        levels.map { BookSummaryHash.Level(price: $0.price.description, size: $0.size.description) }
    }

    /// `book` (websocket, with `event_type`) or `GET /book` (without), with the venue's summary hash.
    static func book(token: String, book: OrderBook, market: SimMarketSpec, lastTradePrice: Price?, timestamp: Int64, forWebSocket: Bool) -> String {
        // The venue lists levels worst-first (bids ascending, asks descending).
        let bids = levels(book.bids.reversed())
        let asks = levels(book.asks.reversed())
        let last = lastTradePrice?.description ?? "0.5"
        let summary = BookSummaryHash.json(
            market: market.conditionID, assetID: token, timestamp: String(timestamp), bids: bids, asks: asks, minOrderSize: market.minOrderSize.description,
            tickSize: market.tick.description, negRisk: market.negRisk, lastTradePrice: last)
        let hash = BookSummaryHash.hash(json: summary)
        var body = summary.replacingFirst("\"hash\":\"\"", with: "\"hash\":\"\(hash)\"")
        if forWebSocket { body = "{\"event_type\":\"book\"," + body.dropFirst() }
        return body
    }

    /// The summary hash of a token's book at `timestamp`, as `book` carries it.
    static func bookHash(token: String, book: OrderBook, market: SimMarketSpec, lastTradePrice: Price?, timestamp: Int64) -> String {
        let summary = BookSummaryHash.json(
            market: market.conditionID, assetID: token, timestamp: String(timestamp), bids: levels(book.bids.reversed()), asks: levels(book.asks.reversed()),
            minOrderSize: market.minOrderSize.description, tickSize: market.tick.description, negRisk: market.negRisk, lastTradePrice: lastTradePrice?.description ?? "0.5")
        return BookSummaryHash.hash(json: summary)
    }

    /// `price_change`; each entry carries the hash of its token's book after the change.
    static func priceChange(market: String, changes: [SimLevelChange], hashes: [String: String], timestamp: Int64) -> String {
        let entries = changes.map { change in
            "{\"asset_id\":\(string(change.assetID)),\"price\":\"\(change.price)\",\"size\":\"\(change.size)\",\"side\":\"\(change.side.rawValue)\""
                + ",\"hash\":\(string(hashes[change.assetID] ?? "")),\"best_bid\":\"\(change.bestBid?.description ?? "0")\",\"best_ask\":\"\(change.bestAsk?.description ?? "1")\"}"
        }.joined(separator: ",")
        return "{\"event_type\":\"price_change\",\"market\":\(string(market)),\"price_changes\":[\(entries)],\"timestamp\":\"\(timestamp)\"}"
    }

    static func error(_ message: String, extra: String? = nil) -> String {
        "{\"error\":\(string(message))" + (extra.map { "," + $0 } ?? "") + "}"
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
