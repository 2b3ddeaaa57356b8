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

    /// The best candidate of a leg (`nil` when none has positive value), within optional price bounds
    /// (`below`: price must be under it; `above`: over it). The most value per minute wins; within the
    /// hysteresis margin of it the leg keeps its current order (else its current price), else takes the
    /// candidate that ties up the least capital for that value (the most value per pUSD).
    func best(_ leg: QuoteLeg, _ state: LegState, otherScore: Int64?, below: Int64?, above: Int64?) -> (value: LegValue, score: Int64)? {
        // Pass 1: the best value per minute (no allocation: this runs for every requote of every market).
        var top: Int64 = 0
        var found = false
        for candidate in state.candidates where admissible(candidate, below: below, above: above) {
            let perMinute = marginalReward(candidate.score, other: otherScore ?? candidate.score) + candidate.spread
            if perMinute > 0 { top = max(top, perMinute); found = true }
        }
        guard found else { return nil }
        // Pass 2: among the candidates within the margin, the current price, else the most value per pUSD.
        let floor = top - objective.hysteresis.of(top, rounding: .down)
        let current = context.currentPrices[leg]?.micros
        let currentSize = context.currentSizes[leg]?.micros
        var chosen: (key: (Int64, Int64), candidate: Candidate, perMinute: Int64)?
        var kept: (candidate: Candidate, perMinute: Int64)?
        var unchanged: Candidate?
        for candidate in state.candidates where admissible(candidate, below: below, above: above) {
            let perMinute = marginalReward(candidate.score, other: otherScore ?? candidate.score) + candidate.spread
            guard perMinute >= floor, perMinute > 0 else { continue }
            if candidate.price == current, candidate.size == currentSize { unchanged = candidate }
            if candidate.price == current, perMinute > (kept?.perMinute ?? Int64.min) { kept = (candidate, perMinute) }
            let key = (perCapital(perMinute, candidate.capital), perMinute)
            if chosen == nil || key > chosen!.key { chosen = (key, candidate, perMinute) }
        }
        let winner = unchanged ?? kept?.candidate ?? chosen!.candidate
        return value(winner, otherScore: otherScore)
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

    /// One candidate's full value against the other leg's score, and its own score.
    func value(_ candidate: Candidate, otherScore: Int64?) -> (value: LegValue, score: Int64) {
        let reward = marginalReward(candidate.score, other: otherScore ?? candidate.score)
        let perMinute = reward + candidate.spread
        let value = LegValue(
            yesPrice: Price(micros: candidate.price)!, size: Quantity(micros: candidate.size), reward: reward, fillRate: candidate.fillRate,
            valuePerFilledShare: candidate.perShare, perMinute: perMinute, perCapital: perCapital(perMinute, candidate.capital))
        return (value, candidate.score)
    }

    /// What a size contributes independently of the price: the share of a reaching taker it catches,
    /// 1 − e^(−q/m), and the change of inventory cost per share if it fills.
    struct SizeTerms {
        var size: Int64
        var fillShare: Int64
        var inventoryCostPerShare: Int64
    }

    func sizeTerms(_ leg: QuoteLeg, sizes: [Int64]) -> [SizeTerms] {
        let m = flow(leg).meanSize.micros
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
        let parameters = context.rewards
        let distance = leg == .bid ? mid - price : price - mid
        let spreadFromMid = abs(distance)
        // Fill model: takers of mean size m arrive at rate λ; one fills us by max(0, min(X − D, q)) with X ~ Exp(m).
        let flow = flow(leg)
        let m = flow.meanSize.micros
        let reach = DecayTable.negativeExponential(depthAhead, over: m)
        // λ · m · e^(−D/m) per minute, in share millionths; × (1 − e^(−q/m)) per size below.
        let reachingVolume = FixedPoint.multiplyDivide(FixedPoint.multiplyDivide(m, reach, dividingBy: FixedPoint.scale, rounding: .down) ?? 0, flow.arrivalsPerMinute, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        let adverse = context.estimates?.adverseSelection ?? 0
        let unitCapital = leg == .bid ? price : FixedPoint.scale - price
        for term in terms {
            var candidate = Candidate(price: price, size: term.size)
            if term.size >= parameters.minSize.micros {
                candidate.score = RewardScoring.orderScore(maxSpread: parameters.maxSpread, spread: spreadFromMid, size: Quantity(micros: term.size)).micros
            }
            candidate.fillRate = FixedPoint.multiplyDivide(reachingVolume, term.fillShare, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
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
