import MMCore

/// Paper trading's matching engine: our orders, which never reach the venue, matched against what the
/// venue's market channel shows everyone else doing. Pure and deterministic (no clock, no I/O), so every
/// rule below is tested on hand-made books and prints.
///
/// Everything is kept in YES terms, as the venue's YES book is a mirror of the NO book: a NO bid at q is a
/// YES ask at 1 − q, and a print on the NO token is the opposite print on YES at 1 − p.
///
/// The rules, chosen to err against us (a paper run must not promise what live trading cannot earn):
/// - A resting order joins the back of its price level: the shares shown there when it is posted are
///   ahead of it (its *queue ahead*).
/// - A print at its price first eats the queue ahead, then fills it with what is left of the print.
/// - A print through its price (a buyer paying more than our ask) fills it up to the print's size.
/// - A level that shrinks without a print (cancels) can only shorten the queue ahead to the level's new
///   size: whoever left may have been behind us, so we move up only as far as the level forces.
/// - An order that would cross the book is refused when post-only, as the venue refuses it; otherwise it
///   takes the shown liquidity at the shown prices (FOK all or nothing, FAK what it can, GTC/GTD rest the
///   remainder).
public struct PaperMatcher: Sendable {
    /// One of our paper orders at rest.
    public struct Order: Sendable, Equatable {
        public var id: String
        public var market: String
        /// The token the order is for, and its side and price there.
        public var outcome: Outcome
        public var side: Side
        public var price: Price
        public var originalSize: Quantity
        public var remaining: Quantity
        /// Shares of others at the order's level that trade before it.
        public var queueAhead: Quantity
        /// Post order, for time priority between our own orders at one level.
        var sequence: Int

        var yesSide: Side { outcome == .yes ? side : side.opposite }
        var yesPrice: Price { outcome == .yes ? price : price.complement }
    }

    /// A fill of one of our orders, in that order's own token.
    public struct Fill: Sendable, Equatable {
        public var orderID: String
        public var market: String
        public var outcome: Outcome
        public var side: Side
        public var price: Price
        public var size: Quantity
        public var isTaker: Bool
    }

    /// What became of a new order.
    public enum Placement: Sendable, Equatable {
        /// Taken at once for `fills` (possibly none), the rest (if any) resting.
        case accepted(fills: [Fill], resting: Order?)
        /// Refused, as the venue would refuse it.
        case refused(Refusal)
    }

    public enum Refusal: Sendable, Equatable {
        /// A post-only order that would take liquidity.
        case wouldCross
        /// A fill-or-kill order the shown liquidity cannot fill in full.
        case notFilledInFull
        /// A fill-and-kill order with nothing to take.
        case noMatch
    }

    /// How long the order may live, as the venue's order types say.
    public enum Lifetime: Sendable, Equatable {
        case rest, fillOrKill, fillAndKill
    }

    /// Others' resting size per YES price, per market: bids and asks.
    private var bids: [String: [Int64: Quantity]] = [:]
    private var asks: [String: [Int64: Quantity]] = [:]
    public private(set) var orders: [String: Order] = [:]
    private var nextSequence = 0

    public init() {}

    // MARK: The market channel

    /// A full snapshot of a market's YES book: every level replaced, every queue ahead capped by its level.
    public mutating func replaceBook(market: String, bids newBids: [(Price, Quantity)], asks newAsks: [(Price, Quantity)]) {
        bids[market] = Dictionary(newBids.map { ($0.0.micros, $0.1) }, uniquingKeysWith: +)
        asks[market] = Dictionary(newAsks.map { ($0.0.micros, $0.1) }, uniquingKeysWith: +)
        for id in orders.keys where orders[id]?.market == market { capQueue(of: id) }
    }

    /// One YES level's new size (0 = gone).
    public mutating func setLevel(market: String, side: Side, price: Price, size: Quantity) {
        let value: Quantity? = size.isPositive ? size : nil
        if side == .buy { bids[market, default: [:]][price.micros] = value } else { asks[market, default: [:]][price.micros] = value }
        for (id, order) in orders where order.market == market && order.yesSide == side && order.yesPrice == price { capQueue(of: id) }
    }

    /// A trade the venue printed, in YES terms: `takerSide` BUY lifted asks, SELL hit bids, `nil` either.
    /// Returns our fills, best-priced order first.
    public mutating func trade(market: String, price: Price, size: Quantity, takerSide: Side?) -> [Fill] {
        var left = size
        let reached = orders.values.filter { order in
            guard order.market == market else { return false }
            return order.yesSide == .sell
                ? takerSide != .sell && order.yesPrice <= price : takerSide != .buy && order.yesPrice >= price
        }.sorted { lhs, rhs in
            lhs.yesPrice != rhs.yesPrice ? (lhs.yesSide == .sell ? lhs.yesPrice < rhs.yesPrice : lhs.yesPrice > rhs.yesPrice) : lhs.sequence < rhs.sequence
        }
        var fills: [Fill] = []
        // Others' shares at the print's price this print has already taken: ahead of every later order there too.
        var eatenAtPrice = Quantity.zero
        for var order in reached where left.isPositive {
            if order.yesPrice == price {
                order.queueAhead = order.queueAhead < eatenAtPrice ? .zero : order.queueAhead - eatenAtPrice
                let eaten = min(order.queueAhead, left)
                order.queueAhead = order.queueAhead - eaten
                eatenAtPrice = eatenAtPrice + eaten
                left = left - eaten
            }
            let take = min(order.remaining, left)
            if take.isPositive {
                left = left - take
                order.remaining = order.remaining - take
                fills.append(Fill(orderID: order.id, market: market, outcome: order.outcome, side: order.side, price: order.price, size: take, isTaker: false))
            }
            orders[order.id] = order.remaining.isPositive ? order : nil
        }
        return fills
    }

    // MARK: Our orders

    /// A new order of ours on `outcome`'s token: refused, taken, rested, or some of each.
    public mutating func place(
        id: String, market: String, outcome: Outcome, side: Side, price: Price, size: Quantity, postOnly: Bool, lifetime: Lifetime
    ) -> Placement {
        let yesSide = outcome == .yes ? side : side.opposite
        let yesPrice = outcome == .yes ? price : price.complement
        // The other side's levels this order reaches, best first.
        let opposite = yesSide == .buy ? asks[market, default: [:]] : bids[market, default: [:]]
        let crossed = opposite.filter { yesSide == .buy ? $0.key <= yesPrice.micros : $0.key >= yesPrice.micros }
            .sorted { yesSide == .buy ? $0.key < $1.key : $0.key > $1.key }
        if !crossed.isEmpty && postOnly { return .refused(.wouldCross) }
        let available = crossed.reduce(Quantity.zero) { $0 + $1.value }
        switch lifetime {
        case .fillOrKill where available < size: return .refused(.notFilledInFull)
        case .fillAndKill where !available.isPositive: return .refused(.noMatch)
        default: break
        }
        var left = size
        var fills: [Fill] = []
        for (levelMicros, levelSize) in crossed where left.isPositive {
            let take = min(left, levelSize)
            left = left - take
            let remainingLevel = levelSize - take
            if yesSide == .buy { asks[market]?[levelMicros] = remainingLevel.isPositive ? remainingLevel : nil } else {
                bids[market]?[levelMicros] = remainingLevel.isPositive ? remainingLevel : nil
            }
            guard let yesLevel = Price(micros: levelMicros) else { continue }
            fills.append(Fill(
                orderID: id, market: market, outcome: outcome, side: side, price: outcome == .yes ? yesLevel : yesLevel.complement, size: take, isTaker: true))
        }
        guard left.isPositive, lifetime == .rest else { return .accepted(fills: fills, resting: nil) }
        let ahead = (yesSide == .buy ? bids : asks)[market]?[yesPrice.micros] ?? .zero
        let order = Order(
            id: id, market: market, outcome: outcome, side: side, price: price, originalSize: size, remaining: left, queueAhead: ahead, sequence: nextSequence)
        nextSequence += 1
        orders[id] = order
        return .accepted(fills: fills, resting: order)
    }

    /// Takes an order off the book; `false` when it was not resting (filled, cancelled, or never known).
    @discardableResult
    public mutating func cancel(id: String) -> Bool { orders.removeValue(forKey: id) != nil }

    /// Others' size shown at a YES level (for the tests and the status).
    public func shown(market: String, side: Side, price: Price) -> Quantity {
        (side == .buy ? bids : asks)[market]?[price.micros] ?? .zero
    }

    private mutating func capQueue(of id: String) {
        guard var order = orders[id] else { return }
        order.queueAhead = min(order.queueAhead, shown(market: order.market, side: order.yesSide, price: order.yesPrice))
        orders[id] = order
    }
}
