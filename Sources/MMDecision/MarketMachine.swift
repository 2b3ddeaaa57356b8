import MMCore

/// One market's decisions as a synchronous, deterministic state machine: the book, quoting strategy,
/// ledger, order manager and risk policies of the core, fed ``MarketInput``s with `now`, answering with
/// ``MarketAction``s. It has no `async`, no I/O and no clock: the daemon, the backtest and the tests
/// drive the same machine, and the same inputs always give the same actions.
///
/// Durability is a protocol between machine and shell: a reported fill becomes ``MarketAction/storeFill(_:)``
/// and counts only when ``MarketInput/fillStored(_:_:)`` says it was written; a store that fails stops
/// quoting until it is healthy again.
public struct MarketMachine: Sendable {
    public let market: EngineMarket
    public private(set) var settings: MarketMachineSettings
    var strategy: any QuotingStrategy
    /// The mid's slow reference, kept when the strategy asks for one (mean reversion).
    var reference: ReferencePrice?

    public internal(set) var book = OrderBook()
    public internal(set) var ledger: PositionLedger
    var reconciler: OrderReconciler
    var gate: RequoteGate
    var volatility: VolatilityMonitor
    var stopLoss: StopLossSupervisor
    var baitDefence: BaitDefence
    /// Taker flow per side and the adverse selection of our fills, learnt online for the objective.
    var flow: TakerFlowEstimator
    var markouts: MarkoutTracker
    /// Whether this market can score at its `rewardsMinSize`, and how (sized up, or why not).
    public internal(set) var scoring = ScoringVerdict.unknown
    public internal(set) var tick: TickSize
    /// The live reward parameters (`rewardsMinSize` has been seen to change live).
    public internal(set) var rewards: RewardParameters

    public internal(set) var isPaused = false
    /// Quoting withheld while the venue's heartbeat fails; separate from the operator's pause and halt.
    public internal(set) var isSuspended = false
    public internal(set) var haltReason: String?
    /// Why the store cannot take writes (fills or intents); quoting stops meanwhile.
    public internal(set) var storeFailure: String?

    var bookChangedAt: Int64?
    var lastRequoteAt: Int64 = 0
    /// The limit the shared caps leave this market (`nil`: its own) and the cap that binds.
    var exposureLimit: Quantity?
    var exposureBoundBy: String?
    /// The neg-risk event's bounds on the legs (`nil` outside an event), applied to every plan.
    var eventLimits: EventQuoteLimits?
    var lastCapReason: String?
    /// Consecutive balance refusals per leg; a failing leg is skipped until `legBlockedUntil`.
    var balanceFailures: [QuoteLeg: Int] = [:]
    var legBlockedUntil: [QuoteLeg: Int64] = [:]
    /// The legs the last plan skipped and why, so a change is logged and recorded once.
    var lastSkips: [QuoteLeg: SkipReason] = [:]
    var balanceShortfallNoted = false
    /// GTD quotes: when each tracked order stops being valid at the venue (Unix ms), by client id.
    var validUntil: [String: Int64] = [:]
    /// Liquidation orders in flight (by client id, `true` for FAK) and resting (limit mode, venue ids).
    var liquidationPending: [String: Bool] = [:]
    var liquidationOrderIDs: [String] = []
    var lastLiquidationPrices: [Int64] = []
    var lastLiquidationSentAt: Int64 = 0
    var liquidationCounter: UInt64 = 0
    /// When the strategy's last taker order was sent (momentum's cooldown).
    var lastStrategyTakeAt: Int64?
    /// Fills (share micros by venue order id) for an order the machine cannot name yet: a post whose
    /// answer has not arrived carries no id, and its fill may come first. Settled when the answer names it.
    var fillsAwaitingAnswer: [String: Int64] = [:]
    /// Orders adopted at startup and when: their remaining size already excludes every fill matched
    /// before the venue listed them, so a trade sync replaying such a fill must not take it off again.
    var adoptedAt: [String: Int64] = [:]

    public internal(set) var quotesPosted = 0
    /// Requote cycles that changed something at the venue (a post or a cancel).
    public internal(set) var requotes = 0
    public internal(set) var fillsApplied = 0
    /// Time in each risk state and quoting two-sided, as of the last input (`mmctl stats`, `/metrics`).
    public internal(set) var timeInState = TimeInState()

    /// The actions of the input being handled.
    var out: [MarketAction] = []

    /// - Parameter clientPrefix: makes client ids unique across markets and restarts (e.g. market + start time).
    public init(
        market: EngineMarket, settings: MarketMachineSettings, ledger: PositionLedger, clientPrefix: String,
        strategy: any QuotingStrategy = BandQuotingStrategy()
    ) {
        self.market = market
        self.settings = settings
        self.strategy = strategy
        self.ledger = ledger
        tick = market.tick
        rewards = market.rewards
        reconciler = OrderReconciler(prefix: clientPrefix)
        gate = RequoteGate(threshold: settings.rebalanceThreshold)
        volatility = VolatilityMonitor(settings: settings.volatility)
        stopLoss = StopLossSupervisor(settings: settings.stopLoss)
        baitDefence = BaitDefence(settings: settings.baitDefence)
        flow = TakerFlowEstimator(settings: settings.flow)
        markouts = MarkoutTracker(settings: settings.markouts)
        reference = strategy.referenceHalfLifeMilliseconds.map { ReferencePrice(halfLifeMilliseconds: $0) }
    }

    // MARK: Reading

    public var quoterSettings: QuoterSettings { settings.quoter }
    public var inventory: Inventory { ledger.inventory }
    public var liveOrderIDs: [String] { reconciler.liveOrderIDs }
    public var trackedOrders: [TrackedOrder] { reconciler.orders.values.sorted { $0.clientID < $1.clientID } }
    public var stopLossState: StopLossSupervisor.State { stopLoss.state }
    public var strategyName: String { strategy.name }
    /// Both legs have a quote resting at the venue.
    public var isTwoSided: Bool {
        var legs = Set<QuoteLeg>()
        for order in reconciler.orders.values where order.state == .live { legs.insert(order.quote.leg) }
        return legs.count == 2
    }
    /// The adverse move per share our fills have seen at 60 s (the objective's estimate), micro-pUSD.
    public var adverseSelection: Int64 { markouts.adverseSelection }
    /// The per-market limit after sizing up to score (what the shared caps are asked about).
    /// Our quotes that may rest at the venue (posting, live, cancelling, ambiguous) in the YES view, with
    /// what is left of them: what the neg-risk event registry holds for this market.
    public var restingLegs: [RestingLeg] {
        reconciler.orders.values.sorted { $0.clientID < $1.clientID }.map { RestingLeg(leg: $0.quote.leg, yesPrice: $0.quote.yesPrice, size: $0.remaining) }
    }

    public var scoringLimit: Quantity { scoringSettings(settings.quoter).maxNetExposure }

    /// When the machine next needs a ``MarketInput/timer`` (Unix ms): the end of a debounce, else the
    /// once-a-second cadence of the time-driven policies. A scheduler wakes only the machines that are due.
    public var nextWakeMilliseconds: Int64 {
        if let changed = bookChangedAt { return changed + settings.debounceMilliseconds }
        return lastRequoteAt + 1_000
    }

    /// The market's risk state for status displays.
    public var riskState: RiskState {
        RiskState.derive(
            halted: haltReason != nil || isSuspended || storeFailure != nil, operatorPaused: isPaused, stopLoss: stopLoss.state,
            volatilityPaused: volatility.isPaused, skippedLegs: lastSkips.filter { $0.value != .noMidpoint }.count, net: ledger.inventory.net,
            limit: scoringLimit, skew: settings.quoter.skew)
    }

    // MARK: Handling

    /// Feeds one input; returns what to do, in order.
    public mutating func handle(_ input: MarketInput, now: Int64) -> [MarketAction] {
        out = []
        switch input {
        case .bookSnapshot(let snapshot, let outcome): onSnapshot(snapshot, outcome: outcome, now: now)
        case .levels(let changes): onLevels(changes, now: now)
        case .tickSize(let new): onTickSize(new, now: now)
        case .rewards(let new): onRewards(new, now: now)
        case .trade(let print): flow.record(takerSide: print.takerSide, size: print.size, nowMilliseconds: now)
        case .exposureLimit(let limit, let boundBy): onExposureLimit(limit, boundBy: boundBy, now: now)
        case .eventLimits(let limits): eventLimits = limits
        case .fillReported(let fill): onFillReported(fill)
        case .fillStored(let fill, let result): onFillStored(fill, result, now: now)
        case .orderGone(let orderID, let status): onOrderGone(orderID, status: status)
        case .posted(let results): onPosted(results, now: now)
        case .cancelled(let result): onCancelled(result)
        case .openOrders(let purpose, let orders): onOpenOrders(purpose, orders, now: now)
        case .swept(let ids): onSwept(ids)
        case .startup(let open, let intents): onStartup(open: open, intents: intents, now: now)
        case .storeFailed(let reason): onStoreFailed(reason, now: now)
        case .storeHealthy: onStoreHealthy(now: now)
        case .timer: onTimer(now: now)
        case .pause: onPause(now: now)
        case .resume: onResume(now: now)
        case .halt(let reason): onHalt(reason, now: now)
        case .suspendForHeartbeat: onSuspend(now: now)
        case .heartbeatRestored: onHeartbeatRestored(now: now)
        case .shutdown: onShutdown(now: now)
        case .liquidate(let mode): onLiquidate(mode, now: now)
        case .take(let orders): onTake(orders, now: now)
        case .settings(let quoter, let threshold): onSettings(quoter, threshold: threshold, now: now)
        case .strategy(let choice): onStrategy(choice.strategy, now: now)
        }
        timeInState.observe(state: riskState, isTwoSided: isTwoSided, nowMilliseconds: now)
        let actions = out
        out = []
        return actions
    }

    mutating func emit(_ action: MarketAction) { out.append(action) }

    mutating func log(_ level: LogRecord.Level, _ message: String, _ metadata: [String: String] = [:]) {
        out.append(.log(LogRecord(level, message, metadata)))
    }

    // MARK: The market

    private mutating func onSnapshot(_ snapshot: OrderBook, outcome: Outcome, now: Int64) {
        switch outcome {
        case .yes: book = snapshot
        case .no:
            guard book.bids.isEmpty, book.asks.isEmpty else { return }
            book = snapshot.mirrored
        }
        bookChanged(now: now)
    }

    private mutating func onLevels(_ changes: [LevelChange], now: Int64) {
        guard !changes.isEmpty else { return }
        for change in changes { book.set(change.side, price: change.price, size: change.size) }
        bookChanged(now: now)
    }

    /// Volatility is measured on the market without our orders: our own re-posts (after a restart, at a
    /// limit) must not look like the market moving.
    private mutating func bookChanged(now: Int64) {
        if let mid = midWithoutOurOrders() { volatility.record(mid: mid, nowMilliseconds: now) }
        bookChangedAt = now
    }

    private mutating func onTickSize(_ new: TickSize, now: Int64) {
        log(.notice, "tick size changed, re-gridding quotes", ["tick": "\(new)"])
        tick = new
        gate = RequoteGate(threshold: gate.threshold)
        bookChangedAt = now
    }

    private mutating func onRewards(_ new: RewardParameters, now: Int64) {
        guard new != rewards else { return }
        log(.notice, "reward parameters changed", ["max_spread": FixedPoint.format(micros: new.maxSpread), "min_size": "\(new.minSize)"])
        rewards = new
        gate = RequoteGate(threshold: gate.threshold)
        requote(now: now)
    }

    private mutating func onExposureLimit(_ limit: Quantity, boundBy: String?, now: Int64) {
        exposureLimit = limit
        exposureBoundBy = boundBy
    }

    private mutating func onSettings(_ quoter: QuoterSettings, threshold: Int64, now: Int64) {
        guard quoter != settings.quoter || threshold != gate.threshold else { return }
        settings.quoter = quoter
        settings.rebalanceThreshold = threshold
        gate = RequoteGate(threshold: threshold)
        log(.notice, "strategy settings changed", ["order_size": "\(quoter.orderSize)", "limit": "\(quoter.maxNetExposure)"])
        requote(now: now)
    }

    /// Another strategy, live: the next plan is its own (the requote gate starts afresh), and the orders
    /// resting now are kept, moved or cancelled by the usual diff. The mid's reference is kept when the new
    /// strategy wants one of the same half-life, started afresh for another, dropped when it wants none.
    private mutating func onStrategy(_ new: any QuotingStrategy, now: Int64) {
        guard StrategyChoice(new) != StrategyChoice(strategy) else { return }
        let old = strategy.name
        strategy = new
        if let halfLife = new.referenceHalfLifeMilliseconds {
            if reference?.halfLifeMilliseconds != halfLife { reference = ReferencePrice(halfLifeMilliseconds: halfLife) }
        } else {
            reference = nil
        }
        gate = RequoteGate(threshold: gate.threshold)
        log(.notice, "strategy changed", ["from": old, "to": new.name])
        emit(.riskEvent(kind: "strategy", reason: "strategy changed from \(old) to \(new.name)"))
        requote(now: now)
    }

    // MARK: Time

    /// Stop-loss on every tick; a requote once a burst of book changes settled, and at least once a
    /// second so time-driven policies (volatility resume, trend, GTD refresh) act on a quiet book.
    private mutating func onTimer(now: Int64) {
        evaluateStopLoss(now: now)
        flow.observe(nowMilliseconds: now)
        if markouts.hasPending {
            let due = markouts.observe(mid: midWithoutOurOrders(), nowMilliseconds: now)
            if !due.isEmpty { emit(.recordMarkouts(due)) }
        }
        if let changed = bookChangedAt, now - changed >= settings.debounceMilliseconds {
            bookChangedAt = nil
            requote(now: now)
        } else if bookChangedAt == nil, now - lastRequoteAt >= 1_000 {
            requote(now: now)
        }
    }
}
