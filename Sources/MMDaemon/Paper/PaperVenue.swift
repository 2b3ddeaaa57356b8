import Foundation
import Logging
import MMCore
import MMEngine
import Polymarket
import Synchronization

/// The venue of `venue.mode: paper`: orders are built, signed and stored in the intent log as live, then
/// matched here (``PaperMatcher``) against the book and trades the venue's market channel shows, with a
/// queue position. Each paper fill reaches its engine as the venue's user channel would send it (a
/// `trade`, MATCHED then CONFIRMED), so it flows through the same fill path, ledger and database as a
/// live one, tagged `paper` there. Like ``DryRunVenue`` it holds no credentials and makes no request.
public final class PaperVenue: VenueGateway {
    /// What paper trading has done so far, for `mmctl status` and the tests.
    public struct Tally: Sendable, Equatable {
        public var posts = 0
        public var cancels = 0
        /// Orders refused as the venue would refuse them (post-only crossing, FOK not filled, unknown token).
        public var refused = 0
        public var fills = 0
        public var filledShares = Quantity.zero
    }

    struct State {
        var matcher = PaperMatcher()
        var tally = Tally()
        /// Token → (market, outcome); market → its YES and NO tokens.
        var tokens: [String: (market: String, outcome: Outcome)] = [:]
        var yesTokens: [String: String] = [:]
        var noTokens: [String: String] = [:]
        /// Every paper trade of ours, for `trades()` (the stop's last trade sync, resyncs).
        var trades: [TradeMessage] = []
        var nextTrade = 0
        /// The last print seen, in YES terms, to skip the same trade printed on the other token.
        var lastPrint: PrintKey?
    }

    struct PrintKey: Equatable {
        var market: String
        var yesPrice: Int64
        var size: Int64
        var timestamp: Int64?
        var assetID: String
    }

    public static let apiKeyName = "paper"
    private let state = Mutex(State())
    /// Boxed in a struct: a bare closure in a `Mutex` gains two reabstraction thunks on every
    /// `withLock { $0 }`, so each delivery would make the next one slower (see `CommitObserver`).
    private struct Delivery: Sendable { let call: @Sendable (_ market: String, _ message: ChannelMessage) -> Void }
    private let deliver = Mutex<Delivery?>(nil)
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public var tally: Tally { state.withLock { $0.tally } }
    public var resting: [PaperMatcher.Order] { state.withLock { Array($0.matcher.orders.values) } }
    public var apiKey: String { Self.apiKeyName }

    /// The markets' tokens, so prints and orders can be put in YES terms (added to those known: markets
    /// can be added while running).
    public func register(tokens: [String: (market: String, outcome: Outcome)]) {
        state.withLock { state in
            state.tokens.merge(tokens) { _, new in new }
            for (token, owner) in tokens {
                if owner.outcome == .yes { state.yesTokens[owner.market] = token } else { state.noTokens[owner.market] = token }
            }
        }
    }

    /// Where paper fills go: the engine of `market`, as a user-channel message.
    public func connect(deliver handler: @escaping @Sendable (_ market: String, _ message: ChannelMessage) -> Void) {
        deliver.withLock { $0 = Delivery(call: handler) }
    }

    // MARK: The venue's side

    public func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        var results: [Result<PostOrderResponse, ClobError>] = []
        var trades: [(String, TradeMessage)] = []
        for (signed, type) in orders {
            let intended = DryRunVenue.intended(signed)
            let outcome: Result<PostOrderResponse, ClobError> = state.withLock { state in
                guard let token = state.tokens[intended.tokenID], let price = Price(micros: intended.priceMicros) else {
                    state.tally.refused += 1
                    return .failure(ClobError(.rejected, "paper: order for an unknown token \(intended.tokenID)"))
                }
                let lifetime: PaperMatcher.Lifetime = type == .fok ? .fillOrKill : type == .fak ? .fillAndKill : .rest
                let placement = state.matcher.place(
                    id: intended.id, market: token.market, outcome: token.outcome, side: intended.side, price: price, size: intended.size, postOnly: postOnly,
                    lifetime: lifetime)
                switch placement {
                case .refused(let refusal):
                    state.tally.refused += 1
                    return .failure(Self.error(for: refusal))
                case .accepted(let fills, let resting):
                    state.tally.posts += 1
                    trades += fills.compactMap { fill in self.record(fill, assetID: intended.tokenID, in: &state).map { (token.market, $0) } }
                    return .success(PostOrderResponse(success: true, orderID: intended.id, status: resting == nil ? "matched" : "live", errorMsg: nil))
                }
            }
            results.append(outcome)
        }
        send(trades)
        return results
    }

    public func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        let (canceled, missing): ([String], [String]) = state.withLock { state in
            var canceled: [String] = []
            var missing: [String] = []
            for id in orderIDs {
                if state.matcher.cancel(id: id) { canceled.append(id) } else { missing.append(id) }
            }
            state.tally.cancels += canceled.count
            return (canceled, missing)
        }
        return CancelResponse(canceled: canceled, notCanceled: Dictionary(missing.map { ($0, "paper: order not resting (filled or cancelled already)") }, uniquingKeysWith: { a, _ in a }))
    }

    public func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse {
        let ids = state.withLock { state in
            state.matcher.orders.values.filter { order in
                (market == nil || order.market == market) && (assetID == nil || state.tokens[assetID!].map { $0.market == order.market && $0.outcome == order.outcome } == true)
            }.map(\.id)
        }
        return try await cancel(orderIDs: ids)
    }

    /// The paper orders at rest, as the venue would list them.
    public func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] {
        let listed: [(PaperMatcher.Order, String)] = state.withLock { state in
            state.matcher.orders.values.filter { market == nil || $0.market == market }.compactMap { order in
                guard let yes = state.yesTokens[order.market] else { return nil }
                let token = order.outcome == .yes ? yes : state.noTokens[order.market]
                guard let token, assetID == nil || token == assetID else { return nil }
                return (order, token)
            }
        }
        return listed.compactMap { order, token in
            Self.decode(OrderMessage.self, [
                "id": order.id, "owner": Self.apiKeyName, "market": order.market, "asset_id": token, "side": order.side.rawValue, "price": order.price.description,
                "original_size": order.originalSize.description, "size_matched": (order.originalSize - order.remaining).description,
                "outcome": order.outcome == .yes ? "Yes" : "No", "status": "LIVE", "order_type": "GTC",
            ])
        }
    }

    public func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] {
        state.withLock { state in state.trades.filter { market == nil || $0.market == market } }
    }

    public func heartbeat(previousID: String) async throws(ClobError) -> String { "paper" }

    // MARK: The market channel

    /// A market-channel message: books and level changes keep the paper book current; prints fill the
    /// paper orders they reach.
    public func observe(_ message: ChannelMessage, nowMilliseconds now: Int64) {
        let trades: [(String, TradeMessage)] = state.withLock { state in
            switch message {
            case .book(let book):
                guard let token = state.tokens[book.assetID], token.outcome == .yes else { return [] }
                state.matcher.replaceBook(market: token.market, bids: Self.levels(book.bids), asks: Self.levels(book.asks))
                return []
            case .priceChange(let change):
                for level in change.changes {
                    guard let token = state.tokens[level.assetID], token.outcome == .yes, let price = level.price.price, let size = level.size.quantity else { continue }
                    state.matcher.setLevel(market: token.market, side: level.side, price: price, size: size)
                }
                return []
            case .lastTradePrice(let print):
                guard let token = state.tokens[print.assetID], let price = print.price.price, let size = print.size?.quantity, size.isPositive else { return [] }
                let yesPrice = token.outcome == .yes ? price : price.complement
                let key = PrintKey(market: token.market, yesPrice: yesPrice.micros, size: size.micros, timestamp: print.timestamp?.milliseconds, assetID: print.assetID)
                // The same trade printed on the other token (a mint or a merge) is one trade.
                if let last = state.lastPrint, last.assetID != key.assetID, last.market == key.market, last.yesPrice == key.yesPrice, last.size == key.size,
                    last.timestamp == key.timestamp
                {
                    state.lastPrint = nil
                    return []
                }
                state.lastPrint = key
                let takerSide = print.side.map { token.outcome == .yes ? $0 : $0.opposite }
                let fills = state.matcher.trade(market: token.market, price: yesPrice, size: size, takerSide: takerSide)
                return fills.map { fill in
                    let asset = (fill.outcome == .yes ? state.yesTokens[fill.market] : state.noTokens[fill.market]) ?? print.assetID
                    return self.record(fill, assetID: asset, in: &state, nowMilliseconds: now).map { (fill.market, $0) }
                }.compactMap { $0 }
            default:
                return []
            }
        }
        send(trades)
    }

    // MARK: Helpers

    /// Stores a paper fill as the venue's trade record (CONFIRMED, for `trades()`) and returns it MATCHED.
    func record(_ fill: PaperMatcher.Fill, assetID: String, in state: inout State, nowMilliseconds now: Int64 = Int64(Date().timeIntervalSince1970 * 1_000))
        -> TradeMessage?
    {
        state.nextTrade += 1
        state.tally.fills += 1
        state.tally.filledShares = state.tally.filledShares + fill.size
        let id = "paper-\(now)-\(state.nextTrade)"
        let ours: [String: Any] = [
            "order_id": fill.orderID, "owner": Self.apiKeyName, "matched_amount": fill.size.description, "price": fill.price.description, "asset_id": assetID,
            "side": fill.side.rawValue, "outcome": fill.outcome == .yes ? "Yes" : "No",
        ]
        var body: [String: Any] = [
            "event_type": "trade", "id": id, "market": fill.market, "asset_id": assetID, "size": fill.size.description, "price": fill.price.description,
            "match_time": "\(now / 1_000)", "timestamp": "\(now)", "outcome": fill.outcome == .yes ? "Yes" : "No",
        ]
        if fill.isTaker {
            body.merge(["taker_order_id": fill.orderID, "side": fill.side.rawValue, "owner": Self.apiKeyName, "trader_side": "TAKER", "maker_orders": []]) { _, new in new }
        } else {
            body.merge(["taker_order_id": "\(id)-taker", "side": fill.side.opposite.rawValue, "owner": "others", "trader_side": "MAKER", "maker_orders": [ours]]) { _, new in new }
        }
        body["status"] = "CONFIRMED"
        // Built from our own well-formed values: decoding fails only by a bug, which is said, not hidden.
        guard let confirmed = Self.decode(TradeMessage.self, body) else {
            logger.error("paper: a fill could not be written as a venue trade; it is lost (a bug)", metadata: ["order_id": "\(fill.orderID)"])
            return nil
        }
        state.trades.append(confirmed)
        var matched = confirmed
        matched.status = "MATCHED"
        return matched
    }

    /// Hands each paper trade to its engine: MATCHED, then CONFIRMED (a paper trade cannot fail to settle).
    private func send(_ trades: [(String, TradeMessage)]) {
        guard !trades.isEmpty, let handler = deliver.withLock({ $0 }) else { return }
        for (market, trade) in trades {
            for (index, maker) in trade.makerOrders.enumerated() where maker.owner == Self.apiKeyName {
                logger.notice(
                    "paper: filled \(maker.side?.rawValue ?? "") \(maker.matchedAmount.text) @ \(maker.price.text)",
                    metadata: ["order_id": "\(maker.orderID)", "trade_id": "\(trade.id)", "market": "\(market)", "maker_index": "\(index)"])
            }
            if trade.traderSide == "TAKER" {
                logger.notice("paper: took \(trade.side.rawValue) \(trade.size.text) @ \(trade.price.text)", metadata: ["order_id": "\(trade.takerOrderID)", "trade_id": "\(trade.id)", "market": "\(market)"])
            }
            handler.call(market, .trade(trade))
            var confirmed = trade
            confirmed.status = "CONFIRMED"
            handler.call(market, .trade(confirmed))
        }
    }

    static func levels(_ levels: [WireLevel]) -> [(Price, Quantity)] {
        levels.compactMap { level in level.price.price.flatMap { price in level.size.quantity.map { (price, $0) } } }
    }

    static func error(for refusal: PaperMatcher.Refusal) -> ClobError {
        switch refusal {
        case .wouldCross: ClobError(.postOnlyWouldCross, "paper: invalid post-only order: order crosses book")
        case .notFilledInFull: ClobError(.fokNotFilled, "paper: order couldn't be fully filled. FOK orders are fully filled or killed.")
        case .noMatch: ClobError(.fakNoMatch, "paper: no orders found to match with FAK order")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ object: [String: Any]) -> T? {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}
