import MMCore

/// One of our orders filling in a trade, in that order's own token.
public struct AttributedFill: Sendable, Hashable {
    public var tradeID: String
    public var orderID: String
    public var market: String
    /// The token our order was for.
    public var assetID: String
    /// Our side on that token.
    public var side: Side
    public var price: Price
    public var size: Quantity
    public var status: TradeStatus
    public var matchTimeMilliseconds: Int64
    /// Whether our order was the taker.
    public var isTaker: Bool

    public init(
        tradeID: String, orderID: String, market: String, assetID: String, side: Side, price: Price, size: Quantity, status: TradeStatus, matchTimeMilliseconds: Int64,
        isTaker: Bool
    ) {
        self.tradeID = tradeID
        self.orderID = orderID
        self.market = market
        self.assetID = assetID
        self.side = side
        self.price = price
        self.size = size
        self.status = status
        self.matchTimeMilliseconds = matchTimeMilliseconds
        self.isTaker = isTaker
    }
}

extension TradeMessage {
    /// Every fill of ours in this trade: each maker order owned by `apiKey` (several orders → several
    /// fills), plus the taker order when `takerOrderIDs` says the taker was ours.
    ///
    /// A maker's side is its explicit `side` when present; otherwise the complementary-match rule: the same
    /// token as the taker means the opposite side, a different token (a mint or a merge) the same side.
    public func fills(ownedBy apiKey: String, takerOrderIDs: Set<String> = []) -> [AttributedFill] {
        guard let status = tradeStatus else { return [] }
        let time = matchTime?.milliseconds ?? timestamp?.milliseconds ?? 0
        var result: [AttributedFill] = []
        for maker in makerOrders where maker.owner == apiKey {
            guard let price = maker.price.price, let size = maker.matchedAmount.quantity, size.isPositive else { continue }
            let side = maker.side ?? (maker.assetID == assetID ? self.side.opposite : self.side)
            result.append(AttributedFill(
                tradeID: id, orderID: maker.orderID, market: market, assetID: maker.assetID, side: side, price: price, size: size, status: status,
                matchTimeMilliseconds: time, isTaker: false))
        }
        if takerOrderIDs.contains(takerOrderID) || (traderSide == "TAKER" && owner == apiKey),
            let price = price.price, let size = size.quantity, size.isPositive {
            result.append(AttributedFill(
                tradeID: id, orderID: takerOrderID, market: market, assetID: assetID, side: side, price: price, size: size, status: status,
                matchTimeMilliseconds: time, isTaker: true))
        }
        return result
    }
}
