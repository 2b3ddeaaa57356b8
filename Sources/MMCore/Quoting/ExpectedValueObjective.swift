/// The objective of ``ExpectedValueQuoter`` for one market at one instant: everything that does not
/// depend on the candidate is computed once here.
struct Objective {
    let settings: QuoterSettings
    let objective: ExpectedValueSettings
    let context: QuoteContext
    let others: OrderBook
    let mid: Int64
    let midPrice: Price
    let tick: Int64
    /// The pool per minute, micro-pUSD.
    let poolPerMinute: Int64
    /// The competition's Q_min.
    let theirScore: Int64
    /// The competition's best bid and ask of at least `rewardsMinSize`: what the venue's size-cutoff-adjusted
    /// midpoint is made of, together with our own orders of that size.
    let qualifyingBid: Int64?
    let qualifyingAsk: Int64?
    /// σ used by the inventory cost (at least a tick: a still market is not riskless).
    let sigma: Int64
    /// Taker fee of an exit per share at mid, micro-pUSD.
    let exitFeePerShare: Int64
    let rebatePerShare: Int64
    /// The most collateral one order may tie up (the market's capital budget; unbounded when 0).
    let capitalBudget: Int64

    init(settings: QuoterSettings, objective: ExpectedValueSettings, context: QuoteContext, others: OrderBook, mid: Price) {
        self.settings = settings
        self.objective = objective
        self.context = context
        self.others = others
        self.mid = mid.micros
        tick = context.tick.micros
        poolPerMinute = context.rewards.dailyRate.micros / 1_440
        // The competition: every level of the book without us, as one aggregate maker (what
        // `RewardScoring.sides` computes, but walking from the touch and stopping at the band's edge:
        // this runs on every requote, and the generic pass over a deep book costs twice the whole objective).
        let parameters = context.rewards
        var qOne: Int64 = 0
        var qTwo: Int64 = 0
        for level in others.bids {
            guard mid.micros - level.price.micros < parameters.maxSpread else { break }
            if level.size >= parameters.minSize {
                qOne += RewardScoring.orderScore(maxSpread: parameters.maxSpread, spread: mid.micros - level.price.micros, size: level.size).micros
            }
        }
        for level in others.asks {
            guard level.price.micros - mid.micros < parameters.maxSpread else { break }
            if level.size >= parameters.minSize {
                qTwo += RewardScoring.orderScore(maxSpread: parameters.maxSpread, spread: level.price.micros - mid.micros, size: level.size).micros
            }
        }
        qualifyingBid = others.bids.first { $0.size >= parameters.minSize }?.price.micros
        qualifyingAsk = others.asks.first { $0.size >= parameters.minSize }?.price.micros
        theirScore = RewardScoring.qMin(qOne: RewardScore(micros: qOne), qTwo: RewardScore(micros: qTwo), mid: mid).micros
        midPrice = mid
        sigma = max(context.estimates?.volatility ?? 0, context.tick.micros)
        let variance = FixedPoint.multiplyDivide(mid.micros, FixedPoint.scale - mid.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        exitFeePerShare = objective.takerFeeRate.of(variance)
        rebatePerShare = objective.makerRebateRate.of(variance)
        capitalBudget = objective.capitalBudget.micros > 0 ? objective.capitalBudget.micros : Int64.max
    }

    // MARK: Candidates

    /// The leg's candidate prices (inside the band and a few ticks beyond) and sizes, under every hard
    /// constraint; or the reason the leg cannot quote at all.
    func legState(_ leg: QuoteLeg) -> LegState {
        var state = LegState(leg: leg)
        if context.pulledLegs.contains(leg) { state.skip = .pulled; return state }
        let net = context.inventory.net.micros
        let limit = settings.maxNetExposure.micros
        let room = leg == .bid ? limit - net : limit + net
        let minimum = settings.venueMinimumSize.micros
        if room < minimum { state.skip = room <= 0 ? .positionLimit : .headroomBelowMinimum; return state }
        var maximum = Quantity(micros: room).truncated(toMultipleOf: Quantity.venueSizeStep).micros
        if let cap = context.sizeCaps[leg] {
            if cap.micros < minimum { state.skip = .thinBook; return state }
            maximum = min(maximum, cap.truncated(toMultipleOf: Quantity.venueSizeStep).micros)
        }
        var sizes = [minimum, Quoter.legSize(settings: settings, rewards: context.rewards).micros, maximum]
        if context.rewards.minSize.micros > minimum { sizes.append(context.rewards.minSize.micros) }
        sizes = Array(Set(sizes.filter { $0 >= minimum && $0 <= maximum })).sorted()

        let terms = sizeTerms(leg, sizes: sizes)
        state.candidates.reserveCapacity(terms.count * 48)
        let reach = context.rewards.maxSpread + Int64(objective.levelsOutsideBand) * tick
        let distance = max(context.extraOffset, 0)
        switch leg {
        case .bid:
            let ceiling = min(roundDown(mid - distance), (others.bestAsk?.price.micros ?? FixedPoint.scale) - tick, FixedPoint.scale - tick)
            let floor = max(roundUp(mid - reach), tick)
            guard floor <= ceiling else { state.skip = .outsidePriceRange; return state }
            var depth: Int64 = 0
            var index = 0
            // From the top of the book down: the depth ahead of a bid is every competing bid at or above it.
            var price = ceiling
            while price >= floor {
                while index < others.bids.count, others.bids[index].price.micros >= price { depth += others.bids[index].size.micros; index += 1 }
                appendCandidates(leg, price: price, depthAhead: depth, terms: terms, to: &state)
                price -= tick
            }
        case .ask:
            let floor = max(roundUp(mid + distance), (others.bestBid?.price.micros ?? 0) + tick, tick)
            let ceiling = min(roundDown(mid + reach), FixedPoint.scale - tick)
            guard floor <= ceiling else { state.skip = .outsidePriceRange; return state }
            var depth: Int64 = 0
            var index = 0
            var price = floor
            while price <= ceiling {
                while index < others.asks.count, others.asks[index].price.micros <= price { depth += others.asks[index].size.micros; index += 1 }
                appendCandidates(leg, price: price, depthAhead: depth, terms: terms, to: &state)
                price += tick
            }
        }
        return state
    }

    func roundDown(_ value: Int64) -> Int64 { value >= 0 ? value / tick * tick : -((-value + tick - 1) / tick * tick) }
    func roundUp(_ value: Int64) -> Int64 { -roundDown(-value) }

    // MARK: Values

    /// A chosen candidate: its value, its reward score and its price and size (what the other leg needs).
    struct Valued {
        var value: LegValue
        var score: Int64
    }

    /// What the other leg means for a candidate's reward: its score, and its price when its size counts
    /// for the venue's midpoint. `nil` (not chosen yet): the other leg is assumed to mirror the candidate.
    struct OtherLeg {
        var score: Int64
        var price: Int64?
    }

    /// The other leg as a chosen candidate presents it (absent: no score, no price).
    func otherLeg(_ chosen: Valued?) -> OtherLeg {
        guard let chosen else { return OtherLeg(score: 0, price: nil) }
        let counts = chosen.value.size >= context.rewards.minSize
        return OtherLeg(score: chosen.score, price: counts ? chosen.value.yesPrice.micros : nil)
    }

    /// A candidate's reward score S × size where the venue measures it: from the size-cutoff-adjusted
    /// midpoint of the book **with** our orders. An order of at least `rewardsMinSize` moves that midpoint
    /// (a bid above the competition's best qualifying bid raises it), so a pair of quotes scores only while
    /// they are less than two band widths apart, however the competition's own midpoint lies. Zero below
    /// `rewardsMinSize` or outside the band.
    func score(_ leg: QuoteLeg, _ candidate: Candidate, other: OtherLeg?) -> Int64 {
        let parameters = context.rewards
        guard candidate.size >= parameters.minSize.micros else { return 0 }
        let price = candidate.price
        // The other leg's price (or the mirror image of ours), behind the competition's qualifying best.
        // No arrays or closures here: this runs for every candidate of every pass.
        var facing: Int64? = other == nil ? 2 * mid - price : other!.price
        let scoringMid: Int64
        switch leg {
        case .bid:
            if let ask = qualifyingAsk { facing = facing.map { min($0, ask) } ?? ask }
            let bid = qualifyingBid.map { max(price, $0) } ?? price
            scoringMid = facing.map { Self.midpoint(bid, $0) } ?? mid
        case .ask:
            if let bid = qualifyingBid { facing = facing.map { max($0, bid) } ?? bid }
            let ask = qualifyingAsk.map { min(price, $0) } ?? price
            scoringMid = facing.map { Self.midpoint($0, ask) } ?? mid
        }
        let spread = leg == .bid ? scoringMid - price : price - scoringMid
        return RewardScoring.orderScore(maxSpread: parameters.maxSpread, spread: spread, size: Quantity(micros: candidate.size)).micros
    }

    /// The venue's midpoint of two prices (half a micro rounds to even, as ``OrderBook/midpoint(bid:ask:)``).
    static func midpoint(_ bid: Int64, _ ask: Int64) -> Int64 {
        let sum = bid + ask
        let half = sum >> 1
        return sum & 1 == 1 && half & 1 == 1 ? half + 1 : half
    }

    /// The best candidate of a leg (`nil` when none has positive value), within optional price bounds
    /// (`below`: price must be under it; `above`: over it). The most value per minute wins (ties: the most
    /// value per pUSD); within the hysteresis margin of it the leg keeps its current order, else its
    /// current price.
    func best(_ leg: QuoteLeg, _ state: LegState, other: OtherLeg?, below: Int64?, above: Int64?) -> Valued? {
        // Pass 1: the best value per minute.
        // Each admissible candidate's value once (Int64.min: not admissible); pass 2 reads them back.
        var values = [Int64](repeating: Int64.min, count: state.candidates.count)
        var top: Int64 = 0
        var found = false
        for (index, candidate) in state.candidates.enumerated() where admissible(candidate, below: below, above: above) {
            let perMinute = reward(leg, candidate, other: other).reward + candidate.spread
            values[index] = perMinute
            if perMinute > 0 { top = max(top, perMinute); found = true }
        }
        guard found else { return nil }
        // Pass 2: within the margin, the current order or price; else the best value (ties: per pUSD).
        let floor = top - objective.hysteresis.of(top, rounding: .down)
        let current = context.currentPrices[leg]?.micros
        let currentSize = context.currentSizes[leg]?.micros
        var chosen: (key: (Int64, Int64), candidate: Candidate, perMinute: Int64)?
        var kept: (candidate: Candidate, perMinute: Int64)?
        var unchanged: Candidate?
        for (index, candidate) in state.candidates.enumerated() {
            let perMinute = values[index]
            guard perMinute >= floor, perMinute > 0 else { continue }
            if candidate.price == current, candidate.size == currentSize { unchanged = candidate }
            if candidate.price == current, perMinute > (kept?.perMinute ?? Int64.min) { kept = (candidate, perMinute) }
            let key = (perMinute, perCapital(perMinute, candidate.capital))
            if chosen == nil || key > chosen!.key { chosen = (key, candidate, perMinute) }
        }
        let winner = unchanged ?? kept?.candidate ?? chosen!.candidate
        return value(leg, winner, other: other)
    }

    /// A candidate's marginal reward per minute against the other leg, and its own score.
    func reward(_ leg: QuoteLeg, _ candidate: Candidate, other: OtherLeg?) -> (reward: Int64, score: Int64) {
        guard poolPerMinute > 0 else { return (0, 0) }
        let ours = score(leg, candidate, other: other)
        return (marginalReward(ours, other: other?.score ?? ours), ours)
    }

    func admissible(_ candidate: Candidate, below: Int64?, above: Int64?) -> Bool {
        if candidate.capital > capitalBudget { return false }
        if let below, candidate.price >= below { return false }
        if let above, candidate.price <= above { return false }
        return true
    }

    func perCapital(_ perMinute: Int64, _ capital: Int64) -> Int64 {
        FixedPoint.multiplyDivide(perMinute, FixedPoint.scale, dividingBy: capital, rounding: .down) ?? 0
    }

    /// One candidate's full value against the other leg, and its own score.
    func value(_ leg: QuoteLeg, _ candidate: Candidate, other: OtherLeg?) -> Valued {
        let (reward, score) = reward(leg, candidate, other: other)
        let perMinute = reward + candidate.spread
        let value = LegValue(
            yesPrice: Price(micros: candidate.price)!, size: Quantity(micros: candidate.size), reward: reward, fillRate: candidate.fillRate,
            valuePerFilledShare: candidate.perShare, perMinute: perMinute, perCapital: perCapital(perMinute, candidate.capital))
        return Valued(value: value, score: score)
    }

    /// What a size contributes independently of the price: the share of a reaching taker it catches,
    /// 1 − e^(−q/m), and the change of inventory cost per share filled.
    struct SizeTerms {
        var size: Int64
        var fillShare: Int64
        var inventoryCostPerShare: Int64
    }

    /// The inventory cost is charged for a full fill of the order, although a taker of the learnt
    /// exponential size would on average fill less (E[F²]/E[F] of F = min(X, q), 13.7 of 20 shares
    /// against takers of 10): a news jump or a sweep takes the whole order, and the exponential
    /// underweights exactly those (with the expected-fill charge the `jump` scenario's drawdown rose from
    /// 0.73 to 0.91 pUSD over 20 seeds).
    func sizeTerms(_ leg: QuoteLeg, sizes: [Int64]) -> [SizeTerms] {
        // With printed sizes, 1 − e^(−q/m) serves the blend's exponential prior, of the prior's mean.
        let flow = flow(leg)
        let m = flow.sizes?.priorMean ?? flow.meanSize.micros
        let net = context.inventory.net.micros
        let now = cost(net)
        return sizes.map { size in
            let after = leg == .bid ? net + size : net - size
            return SizeTerms(
                size: size, fillShare: FixedPoint.scale - DecayTable.negativeExponential(size, over: m),
                inventoryCostPerShare: FixedPoint.multiplyDivide(cost(after) - now, FixedPoint.scale, dividingBy: size, rounding: .up) ?? 0)
        }
    }

    func flow(_ leg: QuoteLeg) -> TakerFlowEstimator.Flow {
        context.estimates?.flow(leg) ?? TakerFlowEstimator.Flow(arrivalsPerMinute: 1_000_000, meanSize: Quantity(shares: 10))
    }

    /// The candidates at one price: everything that does not depend on the other leg (score, fill rate,
    /// value per filled share, collateral), computed once.
    func appendCandidates(_ leg: QuoteLeg, price: Int64, depthAhead: Int64, terms: [SizeTerms], to state: inout LegState) {
        let distance = leg == .bid ? mid - price : price - mid
        // Fill model: takers arrive at rate λ; one fills us by max(0, min(X − D, q)). X is the recent prints'
        // sizes blended with Exp(m) when the market printed any (``TakerSizes``), else Exp(m) alone.
        let flow = flow(leg)
        let m = flow.meanSize.micros
        let reach = DecayTable.negativeExponential(depthAhead, over: m)
        // λ · m · e^(−D/m) per minute, in share millionths; × (1 − e^(−q/m)) per size below.
        let reachingVolume = FixedPoint.multiplyDivide(FixedPoint.multiplyDivide(m, reach, dividingBy: FixedPoint.scale, rounding: .down) ?? 0, flow.arrivalsPerMinute, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        let empirical = flow.sizes?.reach(depth: depthAhead)
        let adverse = context.estimates?.adverseSelection ?? 0
        let unitCapital = leg == .bid ? price : FixedPoint.scale - price
        for term in terms {
            var candidate = Candidate(price: price, size: term.size)
            if let sizes = flow.sizes, let empirical {
                let fill = sizes.expectedFill(empirical, size: term.size, caught: term.fillShare)
                candidate.fillRate = FixedPoint.multiplyDivide(fill, flow.arrivalsPerMinute, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
            } else {
                candidate.fillRate = FixedPoint.multiplyDivide(reachingVolume, term.fillShare, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
            }
            candidate.perShare = distance - adverse - term.inventoryCostPerShare + rebatePerShare
            candidate.spread = FixedPoint.multiplyDivide(candidate.fillRate, candidate.perShare, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
            candidate.capital = max(FixedPoint.multiplyDivide(unitCapital, term.size, dividingBy: FixedPoint.scale, rounding: .up) ?? 1, 1)
            state.candidates.append(candidate)
        }
    }

    /// The reward an order of score `ours` adds to a plan whose other leg scores `other`: the pool share
    /// with it minus the share without it.
    func marginalReward(_ ours: Int64, other: Int64) -> Int64 {
        guard poolPerMinute > 0, ours > 0 else { return 0 }
        return reward(ours, other) - reward(0, other)
    }

    func reward(_ one: Int64, _ two: Int64) -> Int64 {
        let q = RewardScoring.qMin(qOne: RewardScore(micros: one), qTwo: RewardScore(micros: two), mid: midPrice).micros
        guard q > 0 else { return 0 }
        return FixedPoint.multiplyDivide(poolPerMinute, q, dividingBy: q + theirScore, rounding: .down) ?? 0
    }

    /// C(n) = aversion × σ × n² / limit + exit fee × |n|, micro-pUSD: convex, so the leg that flattens
    /// gains value and the leg that adds loses it, more so near the limit.
    func cost(_ net: Int64) -> Int64 {
        let limit = max(settings.maxNetExposure.micros, 1)
        let squared = FixedPoint.multiplyDivide(net, net, dividingBy: limit, rounding: .nearestEven) ?? Int64.max / 4
        let risk = FixedPoint.multiplyDivide(squared, objective.inventoryAversion.of(sigma), dividingBy: FixedPoint.scale, rounding: .nearestEven) ?? Int64.max / 4
        let fee = FixedPoint.multiplyDivide(abs(net), exitFeePerShare, dividingBy: FixedPoint.scale, rounding: .up) ?? 0
        return risk + fee
    }
}
