import Foundation

/// Everything that can arrive on the market or user channel, decoded.
public enum ChannelMessage: Sendable, Hashable {
    case book(BookMessage)
    case priceChange(PriceChangeMessage)
    case tickSizeChange(TickSizeChangeMessage)
    case lastTradePrice(LastTradePriceMessage)
    case bestBidAsk(BestBidAskMessage)
    case marketResolved(MarketResolvedMessage)
    case trade(TradeMessage)
    case order(OrderMessage)
    /// The reply to our text `PING`.
    case pong
    /// A known control text such as `NO NEW ASSETS`, or an event type we do not use (`new_market`).
    case ignored(String)
    /// An `event_type` nobody knows yet.
    case unknown(eventType: String)
    /// Not JSON, or JSON missing fields a known event needs.
    case malformed(kind: String, reason: String)

    /// A short stable name, for counters and "logged once per kind" warnings.
    public var kind: String {
        switch self {
        case .book: "book"
        case .priceChange: "price_change"
        case .tickSizeChange: "tick_size_change"
        case .lastTradePrice: "last_trade_price"
        case .bestBidAsk: "best_bid_ask"
        case .marketResolved: "market_resolved"
        case .trade: "trade"
        case .order: "order"
        case .pong: "pong"
        case .ignored(let text): "ignored:\(text)"
        case .unknown(let type): "unknown:\(type)"
        case .malformed(let kind, _): "malformed:\(kind)"
        }
    }
}

/// Decodes websocket frames: a JSON object, a JSON array of objects, or plain text.
///
/// Never throws: anything it cannot read becomes ``ChannelMessage/malformed(kind:reason:)`` or
/// ``ChannelMessage/unknown(eventType:)`` so the caller can count it and carry on.
public struct ChannelDecoder: Sendable {
    public init() {}

    public func decode(_ frame: String) -> [ChannelMessage] {
        let trimmed = frame.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed == "PONG" { return [.pong] }
        guard let first = trimmed.first else { return [.ignored("empty")] }
        guard first == "{" || first == "[" else { return [.ignored(String(trimmed.prefix(40)))] }
        let data = Data(trimmed.utf8)
        if first == "[" {
            guard let items = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                return [.malformed(kind: "frame", reason: "not a JSON array")]
            }
            return items.map { item in
                guard let object = item as? [String: Any], let itemData = try? JSONSerialization.data(withJSONObject: object) else {
                    return .malformed(kind: "frame", reason: "array element is not an object")
                }
                return decodeObject(itemData)
            }
        }
        return [decodeObject(data)]
    }

    private struct Envelope: Decodable {
        var eventType: String?
        enum CodingKeys: String, CodingKey { case eventType = "event_type" }
    }

    private func decodeObject(_ data: Data) -> ChannelMessage {
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else { return .malformed(kind: "frame", reason: "not a JSON object") }
        guard let type = envelope.eventType else { return .malformed(kind: "frame", reason: "no event_type") }
        func attempt<T: Decodable>(_ kind: T.Type, _ wrap: (T) -> ChannelMessage) -> ChannelMessage {
            do {
                return wrap(try decoder.decode(T.self, from: data))
            } catch {
                return .malformed(kind: type, reason: Self.reason(error))
            }
        }
        switch type {
        case "book": return attempt(BookMessage.self, ChannelMessage.book)
        case "price_change": return attempt(PriceChangeMessage.self, ChannelMessage.priceChange)
        case "tick_size_change": return attempt(TickSizeChangeMessage.self, ChannelMessage.tickSizeChange)
        case "last_trade_price": return attempt(LastTradePriceMessage.self, ChannelMessage.lastTradePrice)
        case "best_bid_ask": return attempt(BestBidAskMessage.self, ChannelMessage.bestBidAsk)
        case "market_resolved": return attempt(MarketResolvedMessage.self, ChannelMessage.marketResolved)
        case "trade": return attempt(TradeMessage.self, ChannelMessage.trade)
        case "order": return attempt(OrderMessage.self, ChannelMessage.order)
        case "new_market": return .ignored("new_market")
        default: return .unknown(eventType: type)
        }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "bad \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}
