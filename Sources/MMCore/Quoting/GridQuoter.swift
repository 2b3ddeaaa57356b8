/// The grid's settings (`strategy.grid`, docs/strategy.md).
public struct GridParameters: Hashable, Sendable {
    /// Resting orders per side.
    public var levels: Int
    /// The distance between two grid lines, micro-pUSD; rounded up to the market's tick.
    public var step: Int64
    /// The size of every level; `nil`: the band quoter's leg size (at least the market's `rewardsMinSize`,
    /// so that each level inside the band scores).
    public var sizePerLevel: Quantity?
    /// No order of the ladder below this YES price; `nil`: the venue's lowest price.
    public var lowerBound: Price?
    /// No order of the ladder above this YES price; `nil`: the venue's highest price.
    public var upperBound: Price?

    public init(levels: Int = 3, step: Int64 = 10_000, sizePerLevel: Quantity? = nil, lowerBound: Price? = nil, upperBound: Price? = nil) {
        self.levels = levels
        self.step = step
        self.sizePerLevel = sizePerLevel
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }
}

/// The grid: a ladder of resting orders on fixed price lines (multiples of the step), bids on the lines
/// below the mid of the book without our orders and asks on the lines above it.
///
/// Lines are absolute prices, so a small move of the mid leaves every order where it is (queue place and
/// reward age kept); when the mid crosses a line the ladder rolls by one level. A filled bid raises the
/// position: the bid ladder shrinks to the room left under the limit (outer levels first) while the asks
/// above stay to sell it back one step higher, which is how the grid earns on a market that oscillates.
/// Each level is at least the market's `rewardsMinSize` by default, so every level inside the reward
/// band scores. Rules:
/// 1. Lines: multiples of `step` (at least one tick) within [`lowerBound`, `upperBound`] and [tick, 1 − tick].
/// 2. Bids on the `levels` highest lines strictly below the mid and below the best ask (post-only); asks
///    on the `levels` lowest lines strictly above the mid and above the best bid.
/// 3. Sizes: `sizePerLevel` (else the leg size), cut by a bait-defence cap; a leg's levels together stay
///    within the room under the position limit, the innermost first.
/// 4. Instrument per level: sell held tokens while they cover the level (no collateral locked), else buy.
public enum GridQuoter {
    public static func plan(settings: QuoterSettings, parameters: GridParameters, context: QuoteContext) -> QuotePlan {
        let others = context.competition ?? context.book
        guard let mid = others.sizeCutoffAdjustedMid(minimumSize: context.rewards.minSize) else {
            return QuotePlan(bid: .skipped(.noMidpoint), ask: .skipped(.noMidpoint), mid: nil, offsets: nil)
        }
        let tick = context.tick.micros
        let step = max((parameters.step + tick - 1) / tick * tick, tick)
        let lowest = max(parameters.lowerBound?.micros ?? tick, tick)
        let highest = min(parameters.upperBound?.micros ?? FixedPoint.scale - tick, FixedPoint.scale - tick)

        // Bids: lines strictly below the mid, below the best ask; asks: strictly above the mid, above the best bid.
        var bidLine = (mid.micros - 1) / step * step
        if let bestAsk = context.book.bestAsk?.price.micros { bidLine = min(bidLine, (bestAsk - 1) / step * step) }
        var askLine = (mid.micros / step + 1) * step
        if let bestBid = context.book.bestBid?.price.micros { askLine = max(askLine, (bestBid / step + 1) * step) }
        var bidLines: [Int64] = []
        var askLines: [Int64] = []
        while bidLines.count < parameters.levels, bidLine >= lowest {
            if bidLine <= highest { bidLines.append(bidLine) }
            bidLine -= step
        }
        while askLines.count < parameters.levels, askLine <= highest {
            if askLine >= lowest { askLines.append(askLine) }
            askLine += step
        }

        let size = parameters.sizePerLevel.map { max($0, settings.venueMinimumSize) } ?? Quoter.legSize(settings: settings, rewards: context.rewards)
        let bid = ladder(.bid, lines: bidLines, size: size, settings: settings, context: context)
        let ask = ladder(.ask, lines: askLines, size: size, settings: settings, context: context)
        var plan = QuotePlan(bid: bid.first, ask: ask.first, mid: mid, offsets: nil)
        plan.ladder = bid.rest + ask.rest
        return plan
    }

    /// One leg's levels, innermost first, within the limit's room and the tokens held.
    private static func ladder(
        _ leg: QuoteLeg, lines: [Int64], size wanted: Quantity, settings: QuoterSettings, context: QuoteContext
    ) -> (first: LegDecision, rest: [Quote]) {
        if context.pulledLegs.contains(leg) { return (.skipped(.pulled), []) }
        guard !lines.isEmpty else { return (.skipped(.outsidePriceRange), []) }
        var size = wanted
        if let cap = context.sizeCaps[leg], cap < size {
            guard cap >= settings.venueMinimumSize else { return (.skipped(.thinBook), []) }
            size = cap.truncated(toMultipleOf: Quantity.venueSizeStep)
        }
        let net = context.inventory.net.micros
        let limit = settings.maxNetExposure.micros
        var room = leg == .bid ? limit - net : limit + net
        var held = leg == .bid ? context.inventory.no : context.inventory.yes
        var quotes: [Quote] = []
        for line in lines {
            let levelSize = Quantity(micros: min(size.micros, max(room, 0))).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard levelSize >= settings.venueMinimumSize, levelSize.micros > 0 else { break }
            room -= levelSize.micros
            let yes = Price(micros: line)!
            let quote: Quote
            if held >= levelSize {
                held = held - levelSize
                quote = leg == .bid
                    ? Quote(leg: .bid, outcome: .no, side: .sell, price: yes.complement, size: levelSize)
                    : Quote(leg: .ask, outcome: .yes, side: .sell, price: yes, size: levelSize)
            } else {
                quote = leg == .bid
                    ? Quote(leg: .bid, outcome: .yes, side: .buy, price: yes, size: levelSize)
                    : Quote(leg: .ask, outcome: .no, side: .buy, price: yes.complement, size: levelSize)
            }
            quotes.append(quote)
        }
        guard let first = quotes.first else {
            let reason: SkipReason = room <= 0 ? .positionLimit : .headroomBelowMinimum
            return (.skipped(reason), [])
        }
        return (.quote(first), Array(quotes.dropFirst()))
    }
}
