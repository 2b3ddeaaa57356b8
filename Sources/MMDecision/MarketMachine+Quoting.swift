import MMCore

extension MarketMachine {
    /// Whether anything withholds quoting: the operator, the heartbeat, a halt, the store or the stop-loss.
    var mayQuote: Bool { !isPaused && !isSuspended && haltReason == nil && storeFailure == nil && stopLoss.state == .armed }

    /// Builds the plan under every risk policy, lets the requote gate decide, diffs it against the live
    /// orders and emits the cancels and posts.
    mutating func requote(now: Int64) {
        // Paced even while quoting is withheld, so a stopped market wakes once a second, not every tick.
        lastRequoteAt = now
        guard mayQuote else { return }
        let assessment = volatility.assess(nowMilliseconds: now)
        // Bait defence looks at the market without our own quotes (they narrow the touch too).
        let others = bookWithoutOurOrders()
        if let mid = others.mid { reference?.observe(mid, nowMilliseconds: now) }
        baitDefence.record(others, nowMilliseconds: now)
        let baitOffset = baitDefence.extraOffset(current: others, tick: tick, nowMilliseconds: now)
        var caps: [QuoteLeg: Quantity] = [:]
        for leg in QuoteLeg.allCases { caps[leg] = baitDefence.sizeCap(leg, book: others) }
        if let transition = assessment.transition {
            let paused = transition == .paused
            let reason =
                "realized volatility \(FixedPoint.format(micros: assessment.realizedVolatility)) "
                + (paused ? "reached the pause threshold" : "stayed calm for the calm period")
            log(.notice, paused ? "paused for volatility" : "volatility calm: quoting again", ["reason": reason])
            emit(.riskEvent(kind: paused ? "volatility-pause" : "volatility-resume", reason: reason))
        }
        let (scored, verdict) = scoringDecision(settings.quoter)
        noteScoring(verdict)
        var effective = scored
        effective.maxNetExposure = min(exposureLimit ?? scored.maxNetExposure, scored.maxNetExposure)
        if strategy.isObjectiveDriven, let bound = stopLossBound(volatility: assessment.realizedVolatility) {
            effective.maxNetExposure = min(effective.maxNetExposure, bound)
        }
        noteCap(exposureBoundBy)
        let taperDecision = settings.taper.decide(endMilliseconds: market.endMilliseconds, nowMilliseconds: now)
        if case .shrink(let fraction) = taperDecision {
            let full = Quoter.legSize(settings: settings.quoter, rewards: rewards)
            let shrunk = Quantity(micros: max(fraction.of(full.micros, rounding: .down), market.venueMinimumSize.micros))
                .truncated(toMultipleOf: Quantity.venueSizeStep)
            for leg in QuoteLeg.allCases { caps[leg] = min(caps[leg] ?? shrunk, shrunk) }
        }
        var pulled = Set<QuoteLeg>()
        if let leg = assessment.trend.exposedLeg { pulled.insert(leg) }
        for (leg, until) in legBlockedUntil where until > now { pulled.insert(leg) }
        let plan: QuotePlan
        if taperDecision == .stop {
            plan = QuotePlan(bid: .skipped(.nearResolution), ask: .skipped(.nearResolution), mid: book.mid, offsets: nil)
        } else if assessment.isPaused {
            plan = QuotePlan(bid: .skipped(.pulled), ask: .skipped(.pulled), mid: book.mid, offsets: nil)
        } else {
            var context = QuoteContext(
                book: book, tick: tick, rewards: rewards, inventory: ledger.inventory, extraOffset: assessment.widening + baitOffset,
                pulledLegs: pulled, sizeCaps: caps, competition: others)
            context.reference = reference?.price
            if strategy.isObjectiveDriven {
                // The objective prices volatility itself (inventory cost, adverse selection); bait defence
                // stays a hard minimum distance from mid.
                context.extraOffset = baitOffset
                context.competition = others
                context.estimates = MarketEstimates(
                    bidFlow: flow.flow(against: .bid, nowMilliseconds: now), askFlow: flow.flow(against: .ask, nowMilliseconds: now),
                    adverseSelection: markouts.adverseSelection, volatility: assessment.realizedVolatility)
                for quote in gate.lastQuotes {
                    context.currentPrices[quote.leg] = quote.yesPrice
                    context.currentSizes[quote.leg] = quote.size
                }
            }
            plan = strategy.plan(settings: effective, context: context)
        }
        noteSkips(plan)
        if strategy.takesLiquidity, taking(others: others, limit: effective.maxNetExposure, now: now) {
            // Our quotes the taker order meets were cancelled for it, or are still unanswered and hold it
            // back: no new quote goes out this round, so the next one finds them answered and cancellable.
            return
        }
        var desired: [Quote]
        if gate.shouldRequote(plan, maxSpread: rewards.maxSpread, comparingPrices: strategy.isObjectiveDriven) {
            gate.accept(plan)
            desired = plan.quotes
        } else {
            desired = gate.lastQuotes
        }
        if let eventLimits {
            desired = eventLimits.apply(to: desired, minimumSize: market.venueMinimumSize)
        }
        let actions = reconciler.reconcile(desired: desired, nowMilliseconds: now, expiring: expiringOrders(now: now, limit: effective.maxNetExposure))
        if !actions.isEmpty { requotes += 1 }
        perform(actions, now: now)
    }

    /// Asks the strategy for a taker order (momentum's entries and exits) and sends it. Whether the round's
    /// requote must wait: an order was sent, or one is wanted but a quote of ours in its way cannot be
    /// cancelled yet (a post without an answer). Re-posting quotes meanwhile would keep one in the way on
    /// a moving market and defer the order indefinitely.
    mutating func taking(others: OrderBook, limit: Quantity, now: Int64) -> Bool {
        let context = MomentumTakeContext(
            book: others, reference: reference?.price, trend: volatility.trend(nowMilliseconds: now), inventory: ledger.inventory, limit: limit,
            tick: tick, venueMinimumSize: market.venueMinimumSize, sinceLastTakeMilliseconds: lastStrategyTakeAt.map { now - $0 })
        guard let order = strategy.take(context: context) else { return false }
        if let refusal = takeRefusal(for: [order]) { return refusal == Self.uncancellable }
        lastStrategyTakeAt = now
        onTake([order], now: now)
        return true
    }

    /// Turns the order manager's actions into effects: resolve first (nothing else is sent meanwhile),
    /// then cancels, then one batch of posts.
    mutating func perform(_ actions: [OrderAction], now: Int64) {
        var posts: [OrderRequest] = []
        for action in actions {
            switch action {
            case .resolve: emit(.queryOpenOrders(.resolveAmbiguous))
            case .cancel(let ids): emit(.cancel(orderIDs: ids))
            case .post(let clientID, let quote):
                let timeInForce: OrderRequest.TimeInForce
                if let lifetime = settings.orderExpirySeconds {
                    let expiration = now / 1_000 + MarketMachineSettings.expirySecurityThresholdSeconds + lifetime
                    validUntil[clientID] = (expiration - MarketMachineSettings.expirySecurityThresholdSeconds) * 1_000
                    timeInForce = .goodTillDate(expirationSeconds: expiration)
                } else {
                    timeInForce = .goodTillCancelled
                }
                posts.append(
                    OrderRequest(
                        clientID: clientID, outcome: quote.outcome, side: quote.side, price: quote.price, size: quote.size, timeInForce: timeInForce,
                        postOnly: true, purpose: .quote(quote.leg)))
            }
        }
        if !posts.isEmpty { emit(.post(posts)) }
    }

    /// GTD quotes close to the end of their validity, to be replaced before they lapse. The replacement is
    /// posted before the old order is cancelled (no gap in the book) when the leg's headroom covers both
    /// filling and, for a SELL of held tokens, the tokens cover both orders (the venue reserves them per
    /// order and refuses the second for balance); otherwise the old one is cancelled first.
    mutating func expiringOrders(now: Int64, limit: Quantity) -> [String: ExpiryRefresh] {
        guard let lifetime = settings.orderExpirySeconds, !validUntil.isEmpty else { return [:] }
        validUntil = validUntil.filter { reconciler.orders[$0.key] != nil }
        // Refresh when a quarter of the lifetime (at least 5 s, at most 30 s) is left.
        let lead = min(max(lifetime * 250, 5_000), 30_000)
        var result: [String: ExpiryRefresh] = [:]
        let net = ledger.inventory.net.micros
        for order in reconciler.orders.values where order.state == .live {
            guard let until = validUntil[order.clientID], until - now <= lead else { continue }
            let room = order.quote.leg == .bid ? limit.micros - net : limit.micros + net
            let held = order.quote.outcome == .yes ? ledger.inventory.yes.micros : ledger.inventory.no.micros
            let tokensCover = order.quote.side == .buy || held >= order.remaining.micros * 2
            result[order.clientID] = room >= order.remaining.micros * 2 && tokensCover ? .postThenCancel : .cancelThenPost
        }
        return result
    }

    /// A hard risk bound for an objective-driven strategy: no position that a 1.5-sigma move of the mid
    /// within a minute (the time the stop-loss needs to act) would carry to the stop-loss threshold. The
    /// minute's sigma is the window's realized volatility scaled by √(60 s / window). A stop costs a taker
    /// exit and a cooldown; in a calm market the bound is far above the limit and never binds.
    func stopLossBound(volatility: Int64) -> Quantity? {
        guard settings.stopLoss.isEnabled, settings.stopLoss.maxUnrealizedLoss.micros < 0, volatility > 0 else { return nil }
        let windowSeconds = max(settings.volatility.windowMilliseconds / 1_000, 1)
        // σ(1 min) = σ(window) × √(60 / window), in exact integers: √(60 × 10^12 / window) millionths.
        let scale = Int64(FixedPoint.integerSquareRoot(UInt64(60 * FixedPoint.scale * FixedPoint.scale / windowSeconds)))
        let minute = max(FixedPoint.multiplyDivide(volatility, scale, dividingBy: FixedPoint.scale, rounding: .up) ?? volatility, 1)
        // threshold ÷ 1.5 σ
        let shares = FixedPoint.multiplyDivide(-settings.stopLoss.maxUnrealizedLoss.micros, 2 * FixedPoint.scale, dividingBy: 3 * minute, rounding: .down) ?? Int64.max
        return Quantity(micros: shares).truncated(toMultipleOf: Quantity.venueSizeStep)
    }

    /// The mid of the book minus our own resting quotes, without copying the book: every book change
    /// and every fill asks for it.
    func midWithoutOurOrders() -> Price? {
        func best(_ levels: [BookLevel], _ leg: QuoteLeg) -> Price? {
            for level in levels {
                var ours: Int64 = 0
                for order in reconciler.orders.values where order.state == .live && order.quote.leg == leg && order.quote.yesPrice == level.price {
                    ours += order.remaining.micros
                }
                if level.size.micros > ours { return level.price }
            }
            return nil
        }
        return OrderBook.midpoint(bid: best(book.bids, .bid), ask: best(book.asks, .ask))
    }

    /// The book minus our own resting quotes (in the YES view), as the rest of the market shows it.
    func bookWithoutOurOrders() -> OrderBook {
        var others = book
        for order in reconciler.orders.values where order.state == .live {
            let side: Side = order.quote.leg == .bid ? .buy : .sell
            let levels = side == .buy ? others.bids : others.asks
            guard let level = levels.first(where: { $0.price == order.quote.yesPrice }) else { continue }
            others.set(side, price: level.price, size: Quantity(micros: max(level.size.micros - order.remaining.micros, 0)))
        }
        return others
    }

    /// Logs and records when a shared exposure cap starts or stops binding this market's limit.
    mutating func noteCap(_ boundBy: String?) {
        guard boundBy != lastCapReason else { return }
        lastCapReason = boundBy
        let reason = boundBy.map { "limit reduced by the \($0)" } ?? "shared exposure caps no longer bind"
        log(.notice, "exposure cap", ["reason": reason])
        emit(.riskEvent(kind: boundBy == nil ? "cap-released" : "cap", reason: reason))
    }

    /// Logs and records a leg going one-sided (position limit, headroom, a pulled leg) when the reason changes.
    mutating func noteSkips(_ plan: QuotePlan) {
        var skips: [QuoteLeg: SkipReason] = [:]
        if case .skipped(let reason) = plan.bid { skips[.bid] = reason }
        if case .skipped(let reason) = plan.ask { skips[.ask] = reason }
        guard skips != lastSkips else { return }
        lastSkips = skips
        for (leg, reason) in skips.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where reason != .noMidpoint {
            log(.warning, "quoting one-sided", ["leg": leg.rawValue, "reason": reason.rawValue])
            emit(.riskEvent(kind: "one-sided", reason: "\(leg.rawValue) leg: \(reason.rawValue)"))
        }
    }
}
