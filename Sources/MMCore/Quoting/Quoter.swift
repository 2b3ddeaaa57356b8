/// Settings of the reward-band quoter for one market.
public struct QuoterSettings: Hashable, Sendable {
    /// Size of each leg before limits; raised to the market's `rewardsMinSize` and the venue minimum.
    public var orderSize: Quantity
    /// offset = spreadFraction × rewardsMaxSpread (0.5 quotes halfway into the band).
    public var spreadFraction: Ratio
    /// `limits.maxNetExposure`: |YES − NO| beyond which the adding side is blocked.
    public var maxNetExposure: Quantity
    /// The venue's minimum order size for the market (`min_order_size`, typically 5).
    public var venueMinimumSize: Quantity
    public var skew: SkewSettings

    public init(orderSize: Quantity, spreadFraction: Ratio, maxNetExposure: Quantity, venueMinimumSize: Quantity, skew: SkewSettings) {
        self.orderSize = orderSize
        self.spreadFraction = spreadFraction
        self.maxNetExposure = maxNetExposure
        self.venueMinimumSize = venueMinimumSize
        self.skew = skew
    }
}

/// What we hold in a market, in shares.
public struct Inventory: Hashable, Sendable {
    public var yes: Quantity
    public var no: Quantity

    public init(yes: Quantity = .zero, no: Quantity = .zero) {
        self.yes = yes
        self.no = no
    }

    /// Net exposure: YES − NO. Positive is long YES.
    public var net: Quantity { yes - no }
}

/// Everything outside the quoter's own settings that shapes one decision.
public struct QuoteContext: Sendable {
    public var book: OrderBook
    public var tick: TickSize
    public var rewards: RewardParameters
    public var inventory: Inventory
    /// Extra distance from mid for both legs (volatility widening), micro-pUSD.
    public var extraOffset: Int64
    /// Legs a risk policy wants empty.
    public var pulledLegs: Set<QuoteLeg>
    /// Per-leg size caps (bait defence); a leg whose cap is below the venue minimum is pulled.
    public var sizeCaps: [QuoteLeg: Quantity]
    /// The book without our own orders (the competition); `nil`: `book` has none of ours.
    public var competition: OrderBook?
    /// What the market taught the machine (flow, adverse selection, volatility); `nil`: priors only.
    public var estimates: MarketEstimates?
    /// The YES price each leg rests at now, so an objective can prefer not to churn.
    public var currentPrices: [QuoteLeg: Price] = [:]
    /// The size each leg rests at now (a replaced order loses its queue place and its reward age).
    public var currentSizes: [QuoteLeg: Quantity] = [:]
    /// The mid's slow reference (mean reversion), from the book without our orders; `nil`: none kept.
    public var reference: Price?

    public init(
        book: OrderBook, tick: TickSize, rewards: RewardParameters, inventory: Inventory,
        extraOffset: Int64 = 0, pulledLegs: Set<QuoteLeg> = [], sizeCaps: [QuoteLeg: Quantity] = [:], competition: OrderBook? = nil,
        estimates: MarketEstimates? = nil, currentPrices: [QuoteLeg: Price] = [:]
    ) {
        self.competition = competition
        self.estimates = estimates
        self.currentPrices = currentPrices
        self.sizeCaps = sizeCaps
        self.book = book
        self.tick = tick
        self.rewards = rewards
        self.inventory = inventory
        self.extraOffset = extraOffset
        self.pulledLegs = pulledLegs
    }
}

/// The reward-band quoter: a pure function from book, inventory and settings to the orders we want.
///
/// Rules, in order:
/// 1. Reference price: the size-cutoff-adjusted midpoint (``OrderBook/sizeCutoffAdjustedMid(minimumSize:)``).
/// 2. Offsets: spreadFraction × v, inventory-skewed (``SkewedOffsets``), plus volatility widening.
/// 3. Prices: bid = mid − offset rounded down, ask = mid + offset rounded up: away from mid, on the grid.
/// 4. Post-only safety: a bid at or above the best ask moves to best ask − tick; an ask at or below the
///    best bid moves to best bid + tick.
/// 5. No self-cross: bid < ask always, so BUY YES + BUY NO < 1.
/// 6. Instrument: each leg sells held tokens when we hold enough (no collateral locked), else buys.
/// 7. Size: max(orderSize, rewardsMinSize, venue minimum), cut to the room left under the limit on the
///    adding leg; a leg whose room is below the venue minimum is skipped.
public enum Quoter {
    public static func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan {
        guard let mid = context.book.sizeCutoffAdjustedMid(minimumSize: context.rewards.minSize) else {
            return QuotePlan(bid: .skipped(.noMidpoint), ask: .skipped(.noMidpoint), mid: nil, offsets: nil)
        }
        let base = settings.spreadFraction.of(context.rewards.maxSpread)
        let offsets = SkewedOffsets.compute(
            base: base, net: context.inventory.net, limit: settings.maxNetExposure, settings: settings.skew)
        let tick = context.tick

        var bidPrice: Price?
        var askPrice: Price?
        var bid = LegDecision.skipped(.positionLimit)
        var ask = LegDecision.skipped(.positionLimit)
        if let offset = offsets.bid {
            var micros = tick.round(mid.micros - offset - context.extraOffset, .down)
            if let bestAsk = context.book.bestAsk, micros >= bestAsk.price.micros { micros = bestAsk.price.micros - tick.micros }
            bidPrice = tick.gridPrice(micros, .down)
            if bidPrice == nil { bid = .skipped(.outsidePriceRange) }
        }
        if let offset = offsets.ask {
            var micros = tick.round(mid.micros + offset + context.extraOffset, .up)
            if let bestBid = context.book.bestBid, micros <= bestBid.price.micros { micros = bestBid.price.micros + tick.micros }
            askPrice = tick.gridPrice(micros, .up)
            if askPrice == nil { ask = .skipped(.outsidePriceRange) }
        }
        if let b = bidPrice, let a = askPrice, b >= a {
            // Only reachable in a locked or crossed book; keep the leg that flattens inventory.
            if context.inventory.net.micros > 0 { bidPrice = nil; bid = .skipped(.wouldSelfCross) } else { askPrice = nil; ask = .skipped(.wouldSelfCross) }
        }

        let size = Self.legSize(settings: settings, rewards: context.rewards)
        func sized(_ leg: QuoteLeg) -> Quantity? {
            guard let cap = context.sizeCaps[leg], cap < size else { return size }
            return cap >= settings.venueMinimumSize ? cap : nil
        }
        if let price = bidPrice {
            if context.pulledLegs.contains(.bid) { bid = .skipped(.pulled) } else if let legSize = sized(.bid) {
                bid = Self.leg(.bid, yesPrice: price, size: legSize, settings: settings, inventory: context.inventory)
            } else { bid = .skipped(.thinBook) }
        }
        if let price = askPrice {
            if context.pulledLegs.contains(.ask) { ask = .skipped(.pulled) } else if let legSize = sized(.ask) {
                ask = Self.leg(.ask, yesPrice: price, size: legSize, settings: settings, inventory: context.inventory)
            } else { ask = .skipped(.thinBook) }
        }
        return QuotePlan(bid: bid, ask: ask, mid: mid, offsets: offsets)
    }

    /// max(orderSize, rewardsMinSize, venue minimum), on the venue's two-decimal size grid.
    public static func legSize(settings: QuoterSettings, rewards: RewardParameters) -> Quantity {
        let wanted = max(settings.orderSize, rewards.minSize, settings.venueMinimumSize)
        let onGrid = wanted.truncated(toMultipleOf: Quantity.venueSizeStep)
        return onGrid == wanted ? wanted : onGrid + Quantity(micros: Quantity.venueSizeStep)
    }

    private static func leg(_ leg: QuoteLeg, yesPrice: Price, size wanted: Quantity, settings: QuoterSettings, inventory: Inventory) -> LegDecision {
        let net = inventory.net.micros
        let limit = settings.maxNetExposure.micros
        let room = leg == .bid ? limit - net : limit + net
        var size = wanted
        if room < size.micros {
            size = Quantity(micros: max(room, 0)).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard size >= settings.venueMinimumSize, size.micros > 0 else { return .skipped(.headroomBelowMinimum) }
        }
        switch leg {
        case .bid:
            if inventory.no >= size { return .quote(Quote(leg: .bid, outcome: .no, side: .sell, price: yesPrice.complement, size: size)) }
            return .quote(Quote(leg: .bid, outcome: .yes, side: .buy, price: yesPrice, size: size))
        case .ask:
            if inventory.yes >= size { return .quote(Quote(leg: .ask, outcome: .yes, side: .sell, price: yesPrice, size: size)) }
            return .quote(Quote(leg: .ask, outcome: .no, side: .buy, price: yesPrice.complement, size: size))
        }
    }
}
