import Logging
import MMCore
import MMEngine
import Polymarket
import Synchronization

/// The venue of `venue.mode: dry-run`: every order the engines decide on has been built, signed and
/// stored in the intent log by the time it gets here, and here it stops. Each would-be post and cancel is
/// logged and counted, and answered as the venue would answer a successful one, so the engines carry on
/// exactly as they would live. It holds no credentials and makes no request at all: it cannot send an
/// order, by construction.
public final class DryRunVenue: VenueGateway {
    /// What dry-run has done so far, for `mmctl status` and the tests.
    public struct Tally: Sendable, Equatable {
        public var posts = 0
        public var cancels = 0
        /// Orders posted and not yet cancelled: what would rest at the venue now.
        public var resting: [String: IntendedOrder] = [:]
        /// Fills the would-be orders would have had from the trades the market channel printed.
        public var wouldHaveFilled = 0
        /// Their positions and P&L per market, marked at each market's last traded price (YES terms).
        public var ledgers: [String: PositionLedger] = [:]
        public var marks: [String: Price] = [:]
        /// Token → (market, outcome), for the fills and the marks.
        var tokens: [String: (market: String, outcome: Outcome)] = [:]

        /// The would-have-been P&L over every market: realized plus unrealized at the last trade.
        public var wouldHaveBeenPnL: Money {
            ledgers.reduce(Money.zero) { total, entry in total + (marks[entry.key].map { entry.value.total(mid: $0) } ?? entry.value.realized) }
        }

        public static func == (lhs: Tally, rhs: Tally) -> Bool {
            lhs.posts == rhs.posts && lhs.cancels == rhs.cancels && lhs.resting == rhs.resting && lhs.wouldHaveFilled == rhs.wouldHaveFilled
        }
    }

    /// One would-be resting order.
    public struct IntendedOrder: Sendable, Equatable {
        public var id: String
        public var tokenID: String
        public var side: Side
        /// pUSD per share, micro-units.
        public var priceMicros: Int64
        public var size: Quantity
    }

    private let state = Mutex(Tally())
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public var tally: Tally { state.withLock { $0 } }
    public var apiKey: String { "dry-run" }

    public func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        orders.map { signed, type in
            let intended = Self.intended(signed)
            state.withLock { tally in
                tally.posts += 1
                tally.resting[intended.id] = intended
            }
            logger.notice(
                "dry-run: would post \(intended.side.rawValue) \(intended.size) @ \(FixedPoint.format(micros: intended.priceMicros)) (not sent)",
                metadata: [
                    "order_id": "\(intended.id)", "token": "\(intended.tokenID)", "side": "\(intended.side.rawValue)", "price": "\(FixedPoint.format(micros: intended.priceMicros))",
                    "size": "\(intended.size)", "order_type": "\(type.rawValue)", "post_only": "\(postOnly)",
                ])
            return .success(PostOrderResponse(success: true, orderID: intended.id, status: "live", errorMsg: nil))
        }
    }

    public func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        state.withLock { tally in
            tally.cancels += orderIDs.count
            for id in orderIDs { tally.resting[id] = nil }
        }
        for id in orderIDs { logger.info("dry-run: would cancel (not sent)", metadata: ["order_id": "\(id)"]) }
        return CancelResponse(canceled: orderIDs, notCanceled: [:])
    }

    public func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse {
        // Dry-run knows tokens, not markets: a market sweep withdraws nothing it has not already cancelled by id.
        let ids = state.withLock { tally in tally.resting.values.filter { assetID == nil || $0.tokenID == assetID }.map(\.id) }
        guard assetID != nil else { return CancelResponse(canceled: [], notCanceled: [:]) }
        return try await cancel(orderIDs: ids)
    }

    /// Nothing rests at the venue in dry-run: recovery finds no order of ours and forgets the last run's.
    public func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] { [] }

    /// Nothing is ever matched.
    public func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] { [] }

    public func heartbeat(previousID: String) async throws(ClobError) -> String { "dry-run" }

    /// The markets' tokens, so observed trades can be matched against the would-be orders.
    public func register(tokens: [String: (market: String, outcome: Outcome)]) {
        state.withLock { tally in tally.tokens.merge(tokens) { _, new in new } }
    }

    /// A trade printed on the market channel: each would-be order it would have reached (a taker BUY lifts
    /// asks at or below its price, a taker SELL hits bids at or above it; either, when the side is not
    /// given) is filled at its own price, up to the trade's size, and taken off what would rest. Queue
    /// position is ignored, so this is what the quotes could have made at best.
    public func observe(_ print: LastTradePriceMessage, nowMilliseconds now: Int64) {
        guard let price = print.price.price, let size = print.size?.quantity, size.micros > 0 else { return }
        let fills: [(IntendedOrder, Quantity)] = state.withLock { tally in
            guard let token = tally.tokens[print.assetID] else { return [] }
            tally.marks[token.market] = token.outcome == .yes ? price : price.complement
            var left = size
            var filled: [(IntendedOrder, Quantity)] = []
            let reached = tally.resting.values.filter { order in
                order.tokenID == print.assetID
                    && (order.side == .sell
                        ? print.side != .sell && order.priceMicros <= price.micros : print.side != .buy && order.priceMicros >= price.micros)
            }.sorted { $0.side == .buy ? $0.priceMicros > $1.priceMicros : $0.priceMicros < $1.priceMicros }
            for var order in reached where left.micros > 0 {
                let take = Quantity(micros: min(left.micros, order.size.micros))
                guard let orderPrice = Price(micros: order.priceMicros) else { continue }
                tally.wouldHaveFilled += 1
                var ledger = tally.ledgers[token.market] ?? PositionLedger()
                _ = ledger.apply(Fill(
                    key: FillKey(tradeID: "dry-run-\(tally.wouldHaveFilled)", orderID: order.id), outcome: token.outcome, side: order.side,
                    price: orderPrice, size: take, timestampMilliseconds: now, status: .matched))
                tally.ledgers[token.market] = ledger
                left = Quantity(micros: left.micros - take.micros)
                order.size = Quantity(micros: order.size.micros - take.micros)
                tally.resting[order.id] = order.size.micros > 0 ? order : nil
                filled.append((order, take))
            }
            return filled
        }
        for (order, take) in fills {
            logger.notice(
                "dry-run: would have filled \(order.side.rawValue) \(take) @ \(FixedPoint.format(micros: order.priceMicros))",
                metadata: ["order_id": "\(order.id)", "token": "\(order.tokenID)", "trade_price": "\(price)"])
        }
    }

    /// The order as its signed amounts say: a BUY pays `makerAmount` pUSD for `takerAmount` shares, a SELL
    /// the reverse; both in 6-decimal base units.
    static func intended(_ signed: SignedOrder) -> IntendedOrder {
        let order = signed.order
        let (pusd, shares) = order.side == .buy ? (order.makerAmount, order.takerAmount) : (order.takerAmount, order.makerAmount)
        let micros = shares == 0 ? 0 : FixedPoint.multiplyDivide(Int64(clamping: pusd), FixedPoint.scale, dividingBy: Int64(clamping: shares), rounding: .nearestEven) ?? 0
        return IntendedOrder(
            id: signed.orderIDHex, tokenID: order.tokenID.description, side: order.side, priceMicros: micros,
            size: Quantity(micros: Int64(clamping: shares)))
    }
}
