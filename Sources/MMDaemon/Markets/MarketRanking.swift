import MMCore

/// What `mmd markets discover` knows of one candidate market: Gamma's listing and the venue's book of its
/// YES token. Plain facts, so the ranking is a pure function of them.
public struct MarketFacts: Sendable, Hashable {
    public var conditionID: String
    public var question: String
    public var rewards: RewardParameters
    public var tick: TickSize
    public var book: OrderBook
    public var liquidity: Money
    public var volume24h: Money
    public var negRiskEvent: String?
    /// Unix milliseconds; `nil` when Gamma gives none.
    public var endMilliseconds: Int64?

    public init(
        conditionID: String, question: String, rewards: RewardParameters, tick: TickSize, book: OrderBook, liquidity: Money, volume24h: Money,
        negRiskEvent: String?, endMilliseconds: Int64?
    ) {
        self.conditionID = conditionID
        self.question = question
        self.rewards = rewards
        self.tick = tick
        self.book = book
        self.liquidity = liquidity
        self.volume24h = volume24h
        self.negRiskEvent = negRiskEvent
        self.endMilliseconds = endMilliseconds
    }
}

/// One ranked market: the columns a trader acts on.
public struct RankedMarket: Sendable, Hashable {
    public var facts: MarketFacts
    /// The size-cutoff-adjusted midpoint the venue scores from, and the book's spread (micro-pUSD).
    public var mid: Price
    public var spread: Int64
    /// Our two quotes: a bid and an ask (YES terms) halfway into the band, at the size that scores.
    public var bid: Price
    public var ask: Price
    public var size: Quantity
    /// The reward model on this book with our quotes in it.
    public var estimate: RewardEstimate
    /// Collateral both quotes lock: size × bid for the BUY, size × (1 − ask) for the SELL side's BUY NO.
    public var capital: Money
    /// What the quotes give back to takers who know more, per day: see ``MarketRanking/adverseSelection``.
    public var adverseSelectionPerDay: Money
    /// Reward less adverse selection, per day, and per pUSD of capital (micro-units: 1_000_000 = 1 pUSD/day per pUSD).
    public var netPerDay: Money
    public var netPerCapitalMicros: Int64
}

/// Ranks candidate markets by what our quotes would earn on the book as it is now.
///
/// For each market the quotes are the ones the `band` strategy would post at its default
/// `spreadFraction` 0.5: a bid and an ask half the reward band from the size-cutoff-adjusted midpoint,
/// at `max(orderSize, rewardsMinSize)` so they score. ``RewardScoring/estimate`` gives our share of the
/// pool against the competition resting in the band (the venue's formula, our size taken out of the
/// book). Adverse selection is charged as a documented proxy: the day's traded volume that our quotes
/// would have been part of, in proportion to our size among the depth resting in the band, times half
/// the band (the typical move against a maker filled there).
public enum MarketRanking {
    public static func rank(_ markets: [MarketFacts], orderSize: Quantity) -> [RankedMarket] {
        markets.compactMap { rank($0, orderSize: orderSize) }.sorted {
            ($0.netPerCapitalMicros, $0.netPerDay.micros, $1.facts.conditionID) > ($1.netPerCapitalMicros, $1.netPerDay.micros, $0.facts.conditionID)
        }
    }

    /// `nil` when the book has no two-sided midpoint to score from, or the quotes fall off the price grid.
    public static func rank(_ facts: MarketFacts, orderSize: Quantity) -> RankedMarket? {
        let book = facts.book
        guard let mid = book.sizeCutoffAdjustedMid(minimumSize: facts.rewards.minSize) ?? book.mid, let spread = book.spread else { return nil }
        let size = max(orderSize, facts.rewards.minSize)
        let offset = facts.rewards.maxSpread / 2
        guard let bid = facts.tick.gridPrice(mid.micros - offset, .down), let ask = facts.tick.gridPrice(mid.micros + offset, .up), bid < ask else { return nil }
        let ours = [RewardOrder(outcome: .yes, side: .buy, price: bid, size: size), RewardOrder(outcome: .yes, side: .sell, price: ask, size: size)]
        // The book as others left it: our quotes are not in it yet, so the estimate sees all of it as competition.
        let estimate = RewardScoring.estimate(ours: ours, book: withOurs(book, ours), mid: mid, parameters: facts.rewards)
        let capital = Money(micros: notional(size, bid.micros) + notional(size, FixedPoint.scale - ask.micros))
        let adverse = adverseSelection(facts, mid: mid, size: size)
        let net = Money(micros: estimate.expectedPerDay.micros - adverse.micros)
        let perCapital = capital.micros > 0 ? FixedPoint.multiplyDivide(net.micros, FixedPoint.scale, dividingBy: capital.micros, rounding: .down) ?? 0 : 0
        return RankedMarket(
            facts: facts, mid: mid, spread: spread, bid: bid, ask: ask, size: size, estimate: estimate, capital: capital,
            adverseSelectionPerDay: adverse, netPerDay: net, netPerCapitalMicros: perCapital)
    }

    /// The proxy for what informed takers cost our quotes per day: traded volume × (our size ÷ (our size +
    /// the depth resting within the band on both sides)) × half the band, as a fraction of the price.
    public static func adverseSelection(_ facts: MarketFacts, mid: Price, size: Quantity) -> Money {
        let band = facts.rewards.maxSpread
        let depth = (facts.book.bids + facts.book.asks).filter { abs($0.price.micros - mid.micros) <= band }.reduce(Int64(0)) { $0 + $1.size.micros }
        let ours = 2 * size.micros
        guard ours + depth > 0, mid.micros > 0 else { return .zero }
        let ourVolume = FixedPoint.multiplyDivide(facts.volume24h.micros, ours, dividingBy: ours + depth, rounding: .down) ?? 0
        // Volume is in pUSD; a move of band/2 costs that fraction of the price on each share filled.
        let cost = FixedPoint.multiplyDivide(ourVolume, band / 2, dividingBy: mid.micros, rounding: .down) ?? 0
        return Money(micros: cost)
    }

    /// The book with our two quotes added at their prices, so ``RewardScoring/estimate`` (which takes our
    /// sizes out of the book) sees the competition exactly as it rests.
    static func withOurs(_ book: OrderBook, _ ours: [RewardOrder]) -> OrderBook {
        var bids = book.bids
        var asks = book.asks
        for order in ours {
            if order.side == .buy {
                if let index = bids.firstIndex(where: { $0.price == order.price }) { bids[index].size = Quantity(micros: bids[index].size.micros + order.size.micros) } else {
                    bids.append(BookLevel(price: order.price, size: order.size))
                }
            } else if let index = asks.firstIndex(where: { $0.price == order.price }) {
                asks[index].size = Quantity(micros: asks[index].size.micros + order.size.micros)
            } else {
                asks.append(BookLevel(price: order.price, size: order.size))
            }
        }
        return OrderBook(bids: bids.sorted { $0.price > $1.price }, asks: asks.sorted { $0.price < $1.price })
    }

    static func notional(_ size: Quantity, _ priceMicros: Int64) -> Int64 {
        FixedPoint.multiplyDivide(size.micros, priceMicros, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
    }
}
