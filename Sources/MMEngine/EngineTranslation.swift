import Foundation
import MMCore
import MMDecision
import MMPersistence
import Polymarket

/// The venue's shapes turned into the machine's, and the machine's answers into the venue's: pure
/// functions, so the daemon and the backtest translate identically.
extension MarketEngine {
    static func translate(market message: ChannelMessage, for market: EngineMarket) -> MarketInput? {
        switch message {
        case .book(let snapshot) where snapshot.assetID == market.yesToken:
            return .bookSnapshot(snapshot.orderBook, outcome: .yes)
        case .book(let snapshot) where snapshot.assetID == market.noToken:
            return .bookSnapshot(snapshot.orderBook, outcome: .no)
        case .priceChange(let change):
            let levels = change.changes.compactMap { entry -> LevelChange? in
                guard entry.assetID == market.yesToken, let price = entry.price.price, let size = entry.size.quantity else { return nil }
                return LevelChange(side: entry.side, price: price, size: size)
            }
            return levels.isEmpty ? nil : .levels(levels)
        case .lastTradePrice(let print):
            guard let price = print.price.price, let size = print.size?.quantity, let side = print.side else { return nil }
            if print.assetID == market.yesToken { return .trade(TradePrint(takerSide: side, price: price, size: size)) }
            guard print.assetID == market.noToken else { return nil }
            // A taker buying NO at p sells YES at 1 − p.
            return .trade(TradePrint(takerSide: side == .buy ? .sell : .buy, price: price.complement, size: size))
        case .tickSizeChange(let change) where change.assetID == market.yesToken:
            return change.newTickSize.tickSize.map { .tickSize($0) }
        default:
            return nil
        }
    }

    static func translate(user message: ChannelMessage, for market: EngineMarket, apiKey: String) -> [MarketInput] {
        switch message {
        case .trade(let trade) where trade.market == market.id:
            return trade.fills(ownedBy: apiKey).compactMap { marketFill($0, raw: nil, for: market) }.map { .fillReported($0) }
        case .order(let order) where order.market == market.id && order.isTerminal:
            return [.orderGone(orderID: order.id, status: order.normalizedStatus ?? order.type?.rawValue ?? "CANCELED")]
        default:
            return []
        }
    }

    static func marketFill(_ attributed: AttributedFill, raw: String?, for market: EngineMarket) -> MarketFill? {
        guard let outcome = market.outcome(of: attributed.assetID) else { return nil }
        let fill = Fill(
            key: FillKey(tradeID: attributed.tradeID, orderID: attributed.orderID), outcome: outcome, side: attributed.side, price: attributed.price,
            size: attributed.size, timestampMilliseconds: attributed.matchTimeMilliseconds, status: attributed.status)
        return MarketFill(fill: fill, assetID: attributed.assetID, isTaker: attributed.isTaker, raw: raw)
    }

    static func venueOrder(_ order: OrderMessage) -> VenueOrder? {
        guard let size = order.originalSize.quantity, let matched = order.sizeMatched.quantity else { return nil }
        return VenueOrder(id: order.id, assetID: order.assetID, originalSize: size, sizeMatched: matched)
    }

    static func outcome(of reply: Result<PostOrderResponse, ClobError>) -> PostResult.Outcome {
        switch reply {
        case .success(let response): .accepted(status: response.status ?? "live")
        case .failure(let error) where error.code == .insufficientBalance: .refusedForBalance(message: error.message)
        case .failure(let error): .refused(message: error.description)
        }
    }

    /// The intent-log state an answer puts an order in.
    static func transition(for result: PostResult) -> (String, OrderState, String?)? {
        guard let id = result.orderID else { return nil }
        switch result.outcome {
        case .accepted(let status): return (id, status == "matched" ? .filled : .live, nil)
        case .refusedForBalance(let message), .refused(let message): return (id, .rejected, message)
        case .notSent(let message): return (id, .rejected, message)
        case .ambiguous(let message): return (id, .ambiguous, message)
        case .keptBack: return nil
        }
    }
}

extension OrderIntent {
    /// The GTD expiry signed into the order (Unix seconds), read from the stored body; `nil` for GTC.
    var expirationSeconds: Int64? {
        guard let range = signedBody.range(of: #""expiration":""#) else { return nil }
        let digits = signedBody[range.upperBound...].prefix { $0.isNumber }
        guard let value = Int64(digits), value > 0 else { return nil }
        return value
    }
}
