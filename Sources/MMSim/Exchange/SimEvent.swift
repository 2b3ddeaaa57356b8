import MMCore

/// One level of one token's book after a change.
public struct SimLevelChange: Sendable, Hashable {
    public var assetID: String
    public var price: Price
    /// The new total at the level (0 removes it).
    public var size: Quantity
    /// BUY = bid level, SELL = ask level, of that token's book.
    public var side: Side
    public var bestBid: Price?
    public var bestAsk: Price?
}

/// A maker's part of a trade, in its own token space.
public struct SimMakerFill: Sendable, Hashable {
    public var orderID: String
    public var owner: String
    public var maker: String
    public var assetID: String
    public var outcome: Outcome
    public var side: Side
    public var price: Price
    public var size: Quantity
}

/// A trade: one taker order against one or more makers.
public struct SimTrade: Sendable, Hashable {
    public var id: String
    public var market: String
    public var takerOrderID: String
    public var takerOwner: String
    public var takerMaker: String
    public var assetID: String
    public var outcome: Outcome
    /// The taker's side and (average-free) limit-side price in its own token space.
    public var side: Side
    public var price: Price
    public var size: Quantity
    public var makers: [SimMakerFill]
    public var status: TradeStatus
    public var matchTimeMilliseconds: Int64
    public var lastUpdateMilliseconds: Int64
    /// The settlement transaction's hash, from MINED on (empty while MATCHED, and for a FAILED trade).
    public var transactionHash: String = ""
}

/// What the exchange tells the outside world; the servers turn these into the venue's wire messages.
public enum SimEvent: Sendable, Hashable {
    case priceChange(market: String, changes: [SimLevelChange], timestampMilliseconds: Int64)
    case lastTradePrice(market: String, assetID: String, price: Price, size: Quantity, side: Side, timestampMilliseconds: Int64)
    case tickSizeChange(market: String, assetID: String, old: TickSize, new: TickSize, timestampMilliseconds: Int64)
    /// An order event for its owner: PLACEMENT, UPDATE or CANCELLATION.
    case order(owner: String, type: String, order: SimOrder, status: String, timestampMilliseconds: Int64)
    /// A trade event for every owner involved.
    case trade(owners: Set<String>, trade: SimTrade, timestampMilliseconds: Int64)
}
