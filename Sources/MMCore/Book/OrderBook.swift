/// One price level of an L2 book: the total size resting at a price.
public struct BookLevel: Hashable, Sendable {
    public var price: Price
    public var size: Quantity

    public init(price: Price, size: Quantity) {
        self.price = price
        self.size = size
    }
}

/// The L2 order book of a binary market, kept on the YES token.
///
/// The venue keeps one book per market and mirrors it: a BUY NO at p is a SELL YES at 1 − p. We store
/// only the YES view and derive the NO view on demand (``mirrored``).
///
/// Levels are kept in arrays sorted best-first (bids descending, asks ascending). A market holds tens of
/// levels, so binary search plus an in-place insert beats any tree on both speed and allocations.
public struct OrderBook: Sendable, Hashable {
    /// Bids, best (highest) first.
    public private(set) var bids: [BookLevel] = []
    /// Asks, best (lowest) first.
    public private(set) var asks: [BookLevel] = []

    public init() {}

    /// Builds a book from levels in any order; zero-size levels are dropped and duplicate prices keep the last.
    public init(bids: [BookLevel], asks: [BookLevel]) {
        replace(bids: bids, asks: asks)
    }

    /// Replaces the whole book with a `book` snapshot from the venue.
    public mutating func replace(bids newBids: [BookLevel], asks newAsks: [BookLevel]) {
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        for level in newBids { set(.buy, price: level.price, size: level.size) }
        for level in newAsks { set(.sell, price: level.price, size: level.size) }
    }

    /// Applies one `price_change` entry: `size` is the new total at that price (zero removes the level).
    ///
    /// - Parameter side: `.buy` for the bid side, `.sell` for the ask side of the YES book.
    public mutating func set(_ side: Side, price: Price, size: Quantity) {
        switch side {
        case .buy: Self.set(&bids, price: price, size: size, descending: true)
        case .sell: Self.set(&asks, price: price, size: size, descending: false)
        }
    }

    private static func set(_ levels: inout [BookLevel], price: Price, size: Quantity, descending: Bool) {
        // Binary search for the first index whose price is not better than `price`.
        var low = 0
        var high = levels.count
        while low < high {
            let mid = (low + high) / 2
            let better = descending ? levels[mid].price > price : levels[mid].price < price
            if better { low = mid + 1 } else { high = mid }
        }
        let exists = low < levels.count && levels[low].price == price
        if size.micros <= 0 {
            if exists { levels.remove(at: low) }
        } else if exists {
            levels[low].size = size
        } else {
            levels.insert(BookLevel(price: price, size: size), at: low)
        }
    }

    public var bestBid: BookLevel? { bids.first }
    public var bestAsk: BookLevel? { asks.first }

    /// The midpoint of the best bid and ask, or `nil` when a side is empty.
    public var mid: Price? { Self.midpoint(bid: bestBid?.price, ask: bestAsk?.price) }

    /// Best ask − best bid, or `nil` when a side is empty.
    public var spread: Int64? {
        guard let bid = bestBid, let ask = bestAsk else { return nil }
        return ask.price.micros - bid.price.micros
    }

    /// The **size-cutoff-adjusted midpoint** used for liquidity rewards.
    ///
    /// The venue's docs do not define it formally. mmd uses the reading most market makers share: the
    /// midpoint of the best bid and best ask after ignoring every level whose total size is below
    /// `minimumSize` (the market's `rewardsMinSize`). A dust order cannot then move the reference the
    /// reward band is measured from, which is also what makes the reward-bait trick (a tiny order that
    /// compresses the touch) visible: the raw mid moves, the adjusted mid does not. When either side has
    /// no level of that size the raw midpoint is used.
    public func sizeCutoffAdjustedMid(minimumSize: Quantity) -> Price? {
        let bid = bids.first { $0.size >= minimumSize }?.price
        let ask = asks.first { $0.size >= minimumSize }?.price
        return Self.midpoint(bid: bid, ask: ask) ?? mid
    }

    /// Total size within `band` micro-pUSD of `reference` on one side (inclusive).
    public func depth(_ side: Side, within band: Int64, of reference: Price) -> Quantity {
        var total = Quantity.zero
        switch side {
        case .buy:
            for level in bids {
                guard reference.micros - level.price.micros <= band else { break }
                total = total + level.size
            }
        case .sell:
            for level in asks {
                guard level.price.micros - reference.micros <= band else { break }
                total = total + level.size
            }
        }
        return total
    }

    /// The NO token's view of this book: each YES ask at p is a NO bid at 1 − p and vice versa.
    public var mirrored: OrderBook {
        var book = OrderBook()
        book.bids = asks.map { BookLevel(price: $0.price.complement, size: $0.size) }
        book.asks = bids.map { BookLevel(price: $0.price.complement, size: $0.size) }
        return book
    }

    /// Midpoint of two prices; exact for on-grid prices, otherwise rounded half-to-even to a micro-unit.
    public static func midpoint(bid: Price?, ask: Price?) -> Price? {
        guard let bid, let ask else { return nil }
        let sum = bid.micros + ask.micros
        return Price(micros: FixedPoint.multiplyDivide(sum, 1, dividingBy: 2, rounding: .nearestEven)!)
    }
}
