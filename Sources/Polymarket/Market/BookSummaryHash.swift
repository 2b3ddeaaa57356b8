import Crypto

/// The `hash` field of a `book` summary: SHA-1 of its compact JSON with `hash` set to "".
///
/// Key order is market, asset_id, timestamp, hash, bids, asks, min_order_size, tick_size, neg_risk,
/// last_trade_price, as the official client writes it; level prices and sizes are the venue's strings.
public enum BookSummaryHash {
    public struct Level: Sendable, Hashable {
        public var price: String
        public var size: String
        public init(price: String, size: String) {
            self.price = price
            self.size = size
        }
    }

    public static func json(
        market: String, assetID: String, timestamp: String, bids: [Level], asks: [Level], minOrderSize: String, tickSize: String, negRisk: Bool,
        lastTradePrice: String
    ) -> String {
        func levels(_ list: [Level]) -> String {
            "[" + list.map { "{\"price\":\(JSONText.string($0.price)),\"size\":\(JSONText.string($0.size))}" }.joined(separator: ",") + "]"
        }
        return "{\"market\":\(JSONText.string(market)),\"asset_id\":\(JSONText.string(assetID)),\"timestamp\":\(JSONText.string(timestamp)),\"hash\":\"\""
            + ",\"bids\":\(levels(bids)),\"asks\":\(levels(asks)),\"min_order_size\":\(JSONText.string(minOrderSize))"
            + ",\"tick_size\":\(JSONText.string(tickSize)),\"neg_risk\":\(negRisk),\"last_trade_price\":\(JSONText.string(lastTradePrice))}"
    }

    /// Lower-case hex SHA-1 of `json`.
    public static func hash(json: String) -> String {
        Hex.encode(Insecure.SHA1.hash(data: Array(json.utf8)), prefix: false)
    }
}
