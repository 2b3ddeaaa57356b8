import Foundation
import Logging
import MMCore
import MMPersistence
import Polymarket

/// A market as the engine trades it.
public struct EngineMarket: Sendable {
    public var id: String
    public var yesToken: String
    public var noToken: String
    public var tick: TickSize
    public var negRisk: Bool
    public var rewards: RewardParameters
    public var venueMinimumSize: Quantity
    /// The neg-risk event the market belongs to (Gamma's `negRiskMarketID`), for the per-event cap.
    public var event: String?
    /// When the market is expected to resolve (Gamma's `endDate`), for the near-resolution taper.
    public var endMilliseconds: Int64?

    public init(
        id: String, yesToken: String, noToken: String, tick: TickSize, negRisk: Bool, rewards: RewardParameters, venueMinimumSize: Quantity,
        event: String? = nil, endMilliseconds: Int64? = nil
    ) {
        self.event = event
        self.endMilliseconds = endMilliseconds
        self.id = id
        self.yesToken = yesToken
        self.noToken = noToken
        self.tick = tick
        self.negRisk = negRisk
        self.rewards = rewards
        self.venueMinimumSize = venueMinimumSize
    }

    func token(_ outcome: Outcome) -> String { outcome == .yes ? yesToken : noToken }
    func outcome(of token: String) -> Outcome? { token == yesToken ? .yes : (token == noToken ? .no : nil) }
}

/// Everything that reaches an engine, in one ordered stream.
public enum EngineInput: Sendable {
    case market(ChannelMessage)
    case user(ChannelMessage)
    /// Periodic: risk evaluation and requote checks.
    case timer
    /// After a (re)connect: fetch open orders and trades before quoting again.
    case resync
}

/// One market's engine: the book, quoter, ledger, order manager and risk state machines of the core,
/// driven by market and user events. Decisions are synchronous; effects (sign, store, send) come after,
/// and every fill is committed to the database before the ledger or the quoter see it.
public actor MarketEngine {
    public nonisolated let market: EngineMarket
    public private(set) var settings: QuoterSettings
    let gateway: any VenueGateway
    let signer: OrderSigner
    let database: AppDatabase
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64

    var book = OrderBook()
    var ledger: PositionLedger
    var reconciler: OrderReconciler
    var gate: RequoteGate
    var volatility: VolatilityMonitor
    var stopLoss: StopLossSupervisor
    var baitDefence: BaitDefence
    let exposure: ExposureRegistry?
    let taper: ResolutionTaper
    let balance: BalanceGuard?
    var tick: TickSize
    /// The live reward parameters (refreshed from Gamma; `rewardsMinSize` has been seen to change live).
    public private(set) var rewards: RewardParameters
    public private(set) var isPaused = false
    /// Quoting withheld while the venue's heartbeat fails; separate from the operator's pause and halt,
    /// which a recovered heartbeat must not undo.
    public private(set) var isSuspended = false
    /// Trailing debounce: a burst of book changes is quoted once, `debounceMilliseconds` after the last one.
    let debounceMilliseconds: Int64
    var bookChangedAt: Int64?
    var lastRequoteAt: Int64 = 0
    /// Consecutive balance/allowance rejections per leg; a failing leg is skipped for `legCooldown`.
    var balanceFailures: [QuoteLeg: Int] = [:]
    var legBlockedUntil: [QuoteLeg: Int64] = [:]
    let legCooldownMilliseconds: Int64
    /// Both legs failing this many times in a row halts the market.
    let haltAfterFailures = 3
    public private(set) var haltReason: String?
    /// The legs the last plan skipped and why, so a change is logged and recorded once, not every tick.
    var lastSkips: [QuoteLeg: SkipReason] = [:]
    var lastCapReason: String?
    var balanceShortfallNoted = false
    /// Liquidation orders resting or in flight (limit mode), and when market-mode orders were last sent.
    var liquidationOrderIDs: [String] = []
    var lastLiquidationPrices: [Int64] = []
    var lastLiquidationSentAt: Int64 = 0
    public private(set) var quotesPosted = 0
    /// Requote cycles that changed something at the venue (a post or a cancel).
    public private(set) var requotes = 0
    public private(set) var fillsApplied = 0
    var salt: UInt64

    public init(
        market: EngineMarket, settings: QuoterSettings, rebalanceThreshold: Int64, volatility: VolatilitySettings, stopLoss: StopLossSettings,
        gateway: any VenueGateway, signer: OrderSigner, database: AppDatabase, ledger: PositionLedger, logger: Logger,
        debounceMilliseconds: Int64 = 50, legCooldownMilliseconds: Int64 = 30_000, baitDefence: BaitDefenceSettings = BaitDefenceSettings(),
        exposure: ExposureRegistry? = nil, taper: ResolutionTaper = ResolutionTaper(), balance: BalanceGuard? = nil,
        nowMilliseconds: @escaping @Sendable () -> Int64
    ) {
        self.exposure = exposure
        self.taper = taper
        self.balance = balance
        exposure?.register(market: market.id, event: market.event, net: ledger.inventory.net)
        self.baitDefence = BaitDefence(settings: baitDefence)
        self.debounceMilliseconds = debounceMilliseconds
        self.legCooldownMilliseconds = legCooldownMilliseconds
        self.market = market
        self.settings = settings
        self.gateway = gateway
        self.signer = signer
        self.database = database
        self.ledger = ledger
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
        tick = market.tick
        rewards = market.rewards
        reconciler = OrderReconciler(prefix: "\(market.id.suffix(8))-\(nowMilliseconds())")
        gate = RequoteGate(threshold: rebalanceThreshold)
        self.volatility = VolatilityMonitor(settings: volatility)
        self.stopLoss = StopLossSupervisor(settings: stopLoss)
        salt = UInt64(nowMilliseconds()) & 0xFFFF_FFFF
    }

    public var inventory: Inventory { ledger.inventory }
    public var currentLedger: PositionLedger { ledger }
    public var currentBook: OrderBook { book }
    public var liveOrderIDs: [String] { reconciler.liveOrderIDs }

    // MARK: Inputs

    public func handle(_ input: EngineInput) async {
        switch input {
        case .market(let message): await onMarket(message)
        case .user(let message): await onUser(message)
        case .timer: await onTimer()
        case .resync: await resync()
        }
    }

    private func onMarket(_ message: ChannelMessage) async {
        switch message {
        case .book(let snapshot) where snapshot.assetID == market.yesToken:
            book = snapshot.orderBook
        case .book(let snapshot) where snapshot.assetID == market.noToken && book.bids.isEmpty && book.asks.isEmpty:
            book = snapshot.orderBook.mirrored
        case .priceChange(let change):
            for entry in change.changes where entry.assetID == market.yesToken {
                guard let price = entry.price.price, let size = entry.size.quantity else { continue }
                book.set(entry.side, price: price, size: size)
            }
        case .tickSizeChange(let change) where change.assetID == market.yesToken:
            if let new = change.newTickSize.tickSize {
                logger.notice("tick size changed, re-gridding quotes", metadata: ["market": "\(market.id)", "tick": "\(new)"])
                tick = new
                gate = RequoteGate(threshold: gate.threshold)
            }
        default:
            return
        }
        if let mid = book.mid { volatility.record(mid: mid, nowMilliseconds: nowMilliseconds()) }
        bookChangedAt = nowMilliseconds()
    }

    /// Called every few milliseconds: requotes once a burst of book changes has settled, and at least
    /// once a second so time-driven policies (volatility resume, trend) take effect on a quiet book.
    private func onTimer() async {
        let now = nowMilliseconds()
        await evaluateStopLoss(now)
        if let changed = bookChangedAt, now - changed >= debounceMilliseconds {
            bookChangedAt = nil
            await requote()
        } else if bookChangedAt == nil, now - lastRequoteAt >= 1_000 {
            await requote()
        }
    }

    private func onUser(_ message: ChannelMessage) async {
        switch message {
        case .trade(let trade) where trade.market == market.id:
            for fill in trade.fills(ownedBy: gateway.apiKey) { await apply(fill, raw: nil) }
        case .order(let order) where order.market == market.id && order.isTerminal:
            reconciler.gone(orderID: order.id)
        default:
            break
        }
    }

    /// Durable first: the fill is committed to SQLite, then the ledger and the order manager react.
    func apply(_ attributed: AttributedFill, raw: String?) async {
        guard let outcome = market.outcome(of: attributed.assetID) else { return }
        let fill = Fill(
            key: FillKey(tradeID: attributed.tradeID, orderID: attributed.orderID), outcome: outcome, side: attributed.side, price: attributed.price,
            size: attributed.size, timestampMilliseconds: attributed.matchTimeMilliseconds, status: attributed.status)
        let write: FillWrite
        do {
            write = try await database.record(StoredFill(fill: fill, market: market.id, assetID: attributed.assetID, isTaker: attributed.isTaker, raw: raw), nowMilliseconds: nowMilliseconds())
        } catch {
            logger.error("fill could not be stored; not applied", metadata: ["market": "\(market.id)", "trade_id": "\(attributed.tradeID)", "error": "\(error)"])
            return
        }
        guard write != .duplicate else { return }
        let ledgerOutcome = ledger.apply(fill)
        if write == .inserted {
            reconciler.filled(orderID: attributed.orderID, size: attributed.size)
            if !reconciler.orders.values.contains(where: { $0.orderID == attributed.orderID }) {
                _ = try? await database.transition(orderID: attributed.orderID, to: .filled, detail: attributed.tradeID, nowMilliseconds: nowMilliseconds())
            }
        }
        if write == .inserted { fillsApplied += 1 }
        exposure?.update(market: market.id, net: ledger.inventory.net)
        let mid = book.mid ?? (outcome == .yes ? attributed.price : attributed.price.complement)
        // The P&L block marks at the YES mid (the ledger mirrors it for NO).
        let report = PnLReport(ledger: ledger, mid: mid)
        logger.notice(
            "\(PnLReport.fillLine(fill)) [\(attributed.status.rawValue)] \(report.lines.joined(separator: " | "))",
            metadata: [
                "market": "\(market.id)", "trade_id": "\(attributed.tradeID)", "order_id": "\(attributed.orderID)", "ledger": "\(ledgerOutcome)",
                "side": "\(attributed.side.rawValue)", "outcome": "\(outcome.rawValue)", "price": "\(attributed.price)", "size": "\(attributed.size)",
                "status": "\(attributed.status.rawValue)", "net": "\(ledger.inventory.net)",
            ])
        try? await database.saveEconomics(market: market.id, ledger: ledger, nowMilliseconds: nowMilliseconds())
    }

    // MARK: Quoting

    /// Builds the plan, lets the requote gate decide, diffs against live orders and performs the actions.
    func requote() async {
        guard !isPaused, !isSuspended, haltReason == nil, stopLoss.state == .armed else { return }
        let now = nowMilliseconds()
        lastRequoteAt = now
        let assessment = volatility.assess(nowMilliseconds: now)
        // Bait defence looks at the market without our own quotes (they narrow the touch too).
        let others = bookWithoutOurOrders()
        baitDefence.record(others, nowMilliseconds: now)
        let baitOffset = baitDefence.extraOffset(current: others, tick: tick, nowMilliseconds: now)
        var caps: [QuoteLeg: Quantity] = [:]
        for leg in QuoteLeg.allCases { caps[leg] = baitDefence.sizeCap(leg, book: others) }
        if let transition = assessment.transition {
            let paused = transition == .paused
            let reason = "realized volatility \(FixedPoint.format(micros: assessment.realizedVolatility)) " + (paused ? "reached the pause threshold" : "stayed calm for the calm period")
            logger.notice(paused ? "paused for volatility" : "volatility calm: quoting again", metadata: ["market": "\(market.id)", "reason": "\(reason)"])
            try? await database.recordRiskEvent(market: market.id, kind: paused ? "volatility-pause" : "volatility-resume", reason: reason, nowMilliseconds: now)
        }
        var effective = settings
        let (limit, boundBy) = exposure?.effectiveLimit(market: market.id, own: settings.maxNetExposure) ?? (settings.maxNetExposure, nil)
        effective.maxNetExposure = limit
        await noteCap(boundBy, now: now)
        let taperDecision = taper.decide(endMilliseconds: market.endMilliseconds, nowMilliseconds: now)
        if case .shrink(let fraction) = taperDecision {
            let shrunk = Quantity(micros: max(fraction.of(Quoter.legSize(settings: settings, rewards: rewards).micros, rounding: .down), market.venueMinimumSize.micros))
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
            plan = Quoter.plan(
                settings: effective,
                context: QuoteContext(
                    book: book, tick: tick, rewards: rewards, inventory: ledger.inventory, extraOffset: assessment.widening + baitOffset, pulledLegs: pulled,
                    sizeCaps: caps))
        }
        await noteSkips(plan, now: now)
        let desired: [Quote]
        if gate.shouldRequote(plan, maxSpread: rewards.maxSpread) {
            gate.accept(plan)
            desired = plan.quotes
        } else {
            desired = gate.lastQuotes
        }
        let actions = reconciler.reconcile(desired: desired, nowMilliseconds: now)
        if !actions.isEmpty { requotes += 1 }
        await perform(actions)
    }

    func perform(_ actions: [OrderAction]) async {
        for action in actions {
            switch action {
            case .cancel(let ids): await cancel(ids)
            case .resolve(let clientIDs): await resolve(clientIDs)
            case .post: break
            }
        }
        let posts = actions.compactMap { if case .post(let clientID, let quote) = $0 { (clientID, quote) } else { nil } }
        if !posts.isEmpty { await post(posts) }
    }

    private func post(_ posts: [(String, Quote)]) async {
        let now = nowMilliseconds()
        var batch: [(SignedOrder, OrderType)] = []
        var clientIDs: [String] = []
        for (clientID, quote) in posts {
            if quote.side == .buy, let balance {
                let cost = Money(micros: FixedPoint.multiplyDivide(quote.price.micros, quote.size.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? .max)
                guard balance.reserve(cost) else {
                    reconciler.rejected(clientID: clientID)
                    await noteBalanceShortfall(quote, now: now)
                    continue
                }
                balanceShortfallNoted = false
            }
            let amounts: OrderAmounts
            do { amounts = try ExactAmounts.limit(side: quote.side, price: quote.price, size: quote.size, tick: tick) } catch {
                reconciler.rejected(clientID: clientID)
                continue
            }
            salt &+= 1
            let signed = signer.makeOrder(
                tokenID: UInt256(decimal: market.token(quote.outcome))!, side: quote.side, amounts: amounts, salt: UInt256(salt),
                timestampMilliseconds: UInt64(now), exchange: Exchange(negRisk: market.negRisk))
            reconciler.signed(clientID: clientID, orderID: signed.orderIDHex)
            // The intent log holds the signed order before it leaves.
            let intent = OrderIntent(
                orderID: signed.orderIDHex, clientID: clientID, market: market.id, assetID: market.token(quote.outcome), outcome: quote.outcome, side: quote.side,
                price: quote.price, size: quote.size, orderType: OrderType.gtc.rawValue, postOnly: true,
                signedBody: OrderBody.postOrder(signed, owner: gateway.apiKey, orderType: .gtc, postOnly: true), createdAtMilliseconds: now)
            do { try await database.record(intent: intent) } catch {
                logger.error("order intent could not be stored; not sent", metadata: ["market": "\(market.id)", "error": "\(error)"])
                reconciler.rejected(clientID: clientID)
                continue
            }
            batch.append((signed, .gtc))
            clientIDs.append(clientID)
        }
        guard !batch.isEmpty else { return }
        for id in batch.map(\.0.orderIDHex) { _ = try? await database.transition(orderID: id, to: .posting, nowMilliseconds: now) }
        do {
            let results = try await gateway.postOrders(batch, postOnly: true)
            for ((signed, _), (clientID, result)) in zip(batch, zip(clientIDs, results)) {
                switch result {
                case .success:
                    if let leg = reconciler.orders[clientID]?.quote.leg { balanceFailures[leg] = 0 }
                    reconciler.accepted(clientID: clientID, nowMilliseconds: nowMilliseconds())
                    quotesPosted += 1
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: .live, nowMilliseconds: nowMilliseconds())
                    logger.info(
                        "quote posted", metadata: ["market": "\(market.id)", "order_id": "\(signed.orderIDHex)", "side": "\(signed.order.side.rawValue)", "price": "\(Self.price(signed))",
                            "size": "\(reconciler.orders[clientID]?.quote.size.description ?? "")",
                            "outcome": "\(reconciler.orders[clientID]?.quote.outcome.rawValue ?? "")",
                        ])
                case .failure(let error):
                    if error.code == .insufficientBalance, let leg = reconciler.orders[clientID]?.quote.leg { await balanceFailed(leg, error) }
                    reconciler.rejected(clientID: clientID)
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: .rejected, detail: error.description, nowMilliseconds: nowMilliseconds())
                    logger.warning("quote rejected", metadata: ["market": "\(market.id)", "order_id": "\(signed.orderIDHex)", "error": "\(error)"])
                }
            }
        } catch {
            for ((signed, _), clientID) in zip(batch, clientIDs) {
                if error.code == .notSent {
                    reconciler.rejected(clientID: clientID)
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: .rejected, detail: error.description, nowMilliseconds: nowMilliseconds())
                } else {
                    reconciler.ambiguous(clientID: clientID, nowMilliseconds: nowMilliseconds())
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: .ambiguous, detail: error.description, nowMilliseconds: nowMilliseconds())
                }
            }
            logger.warning("quote batch failed", metadata: ["market": "\(market.id)", "error": "\(error)"])
        }
    }

    /// A leg without balance or allowance is skipped for a while (one-sided, with a warning); when both
    /// legs keep failing the market halts with a reason, recorded as a risk event.
    private func balanceFailed(_ leg: QuoteLeg, _ error: ClobError) async {
        let now = nowMilliseconds()
        balanceFailures[leg, default: 0] += 1
        legBlockedUntil[leg] = now + legCooldownMilliseconds
        logger.warning(
            "quoting one-sided: no balance or allowance for a leg", metadata: ["market": "\(market.id)", "leg": "\(leg.rawValue)", "failures": "\(balanceFailures[leg]!)"])
        try? await database.recordRiskEvent(market: market.id, kind: "one-sided", reason: "\(leg.rawValue) leg: \(error.message)", nowMilliseconds: now)
        if QuoteLeg.allCases.allSatisfy({ balanceFailures[$0, default: 0] >= haltAfterFailures }) {
            haltReason = "both sides failed \(haltAfterFailures) times in a row for lack of balance or allowance"
            logger.error("market halted", metadata: ["market": "\(market.id)", "reason": "\(haltReason!)"])
            try? await database.recordRiskEvent(market: market.id, kind: "halt", reason: haltReason!, nowMilliseconds: now)
            await perform(reconciler.cancelAll(nowMilliseconds: now))
        }
    }

    static func price(_ signed: SignedOrder) -> String {
        let o = signed.order
        let (cash, shares) = o.side == .buy ? (o.makerAmount, o.takerAmount) : (o.takerAmount, o.makerAmount)
        return FixedPoint.format(micros: Int64(cash * 1_000_000 / max(shares, 1)))
    }

    func cancel(_ ids: [String]) async {
        let now = nowMilliseconds()
        for id in ids { _ = try? await database.transition(orderID: id, to: .cancelling, nowMilliseconds: now) }
        do {
            let response = try await gateway.cancel(orderIDs: ids)
            for id in response.canceled {
                releaseCollateral(of: id)
                reconciler.gone(orderID: id)
                _ = try? await database.transition(orderID: id, to: .cancelled, nowMilliseconds: nowMilliseconds())
            }
            for (id, reason) in response.notCanceled {
                // "not found or already canceled": it is gone either way (filled or cancelled).
                reconciler.gone(orderID: id)
                _ = try? await database.transition(orderID: id, to: .cancelled, detail: reason, nowMilliseconds: nowMilliseconds())
            }
        } catch {
            for id in ids { reconciler.cancelFailed(orderID: id) }
            logger.warning("cancel failed", metadata: ["market": "\(market.id)", "error": "\(error)"])
        }
    }

    /// A cancelled BUY's cost goes back to the balance pre-flight (the next venue refresh corrects any drift).
    private func releaseCollateral(of orderID: String) {
        guard let balance, let order = reconciler.orders.values.first(where: { $0.orderID == orderID }), order.quote.side == .buy else { return }
        balance.release(Money(micros: FixedPoint.multiplyDivide(order.quote.price.micros, order.remaining.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0))
    }

    /// Asks the venue whether ambiguous orders exist before anything else is sent for this market.
    private func resolve(_ clientIDs: [String]) async {
        guard let open = try? await gateway.openOrders(market: market.id, assetID: nil) else { return }
        let live = Set(open.map(\.id))
        for clientID in clientIDs {
            guard let orderID = reconciler.orders[clientID]?.orderID else {
                reconciler.resolved(clientID: clientID, exists: false, nowMilliseconds: nowMilliseconds())
                continue
            }
            let exists = live.contains(orderID)
            reconciler.resolved(clientID: clientID, exists: exists, nowMilliseconds: nowMilliseconds())
            _ = try? await database.transition(orderID: orderID, to: exists ? .live : .lost, detail: "resolved by asking the venue", nowMilliseconds: nowMilliseconds())
            logger.notice("ambiguous submit resolved", metadata: ["market": "\(market.id)", "order_id": "\(orderID)", "exists": "\(exists)"])
        }
    }

    /// Startup reconciliation against the intent log: our orders still resting at the venue (a crash, a
    /// kill -9) are adopted when the log knows them and still match a leg, orders of ours the log does
    /// not know are cancelled as strays, and intents the venue no longer has are marked lost.
    public func reconcileAtStartup() async {
        let now = nowMilliseconds()
        guard let open = try? await gateway.openOrders(market: market.id, assetID: nil) else {
            logger.error("startup reconciliation failed: open orders unavailable", metadata: ["market": "\(market.id)"])
            return
        }
        let intents = (try? await database.intents(market: market.id)) ?? []
        let known = Dictionary(intents.map { ($0.orderID, $0) }, uniquingKeysWith: { first, _ in first })
        var strays: [String] = []
        var adoptedLegs = Set<QuoteLeg>()
        for order in open {
            guard let intent = known[order.id], let outcome = market.outcome(of: order.assetID) else {
                strays.append(order.id)
                continue
            }
            let leg: QuoteLeg = (outcome == .yes) == (intent.side == .buy) ? .bid : .ask
            guard !adoptedLegs.contains(leg), let size = order.originalSize.quantity, let matched = order.sizeMatched.quantity else {
                strays.append(order.id)
                continue
            }
            adoptedLegs.insert(leg)
            let quote = Quote(leg: leg, outcome: outcome, side: intent.side, price: intent.price, size: intent.size)
            reconciler.adopt(TrackedOrder(clientID: intent.clientID, orderID: order.id, quote: quote, remaining: size - matched, state: .live, sinceMilliseconds: now))
            _ = try? await database.transition(orderID: order.id, to: .live, detail: "adopted at startup", nowMilliseconds: now)
        }
        if !adoptedLegs.isEmpty { logger.notice("adopted our live orders from an earlier run", metadata: ["market": "\(market.id)", "count": "\(adoptedLegs.count)"]) }
        if !strays.isEmpty {
            logger.notice("cancelling stray orders", metadata: ["market": "\(market.id)", "count": "\(strays.count)"])
            await cancel(strays)
        }
        let venueIDs = Set(open.map(\.id))
        for intent in intents where !venueIDs.contains(intent.orderID) {
            _ = try? await database.transition(orderID: intent.orderID, to: .lost, detail: "not at the venue at startup", nowMilliseconds: now)
        }
    }

    /// Fetches trades and open orders from the venue: fills missed while disconnected are applied, and
    /// orders the venue no longer lists are forgotten.
    public func resync() async {
        await syncTrades()
        if let open = try? await gateway.openOrders(market: market.id, assetID: nil) {
            let live = Set(open.map(\.id))
            for id in reconciler.liveOrderIDs where !live.contains(id) { reconciler.gone(orderID: id) }
        }
        await requote()
    }

    /// New strategy settings (`mmctl config set`, reload): quotes are rebuilt against them at once.
    public func update(settings new: QuoterSettings, rebalanceThreshold: Int64) async {
        guard new != settings || rebalanceThreshold != gate.threshold else { return }
        settings = new
        gate = RequoteGate(threshold: rebalanceThreshold)
        logger.notice("strategy settings changed", metadata: ["market": "\(market.id)", "order_size": "\(new.orderSize)", "limit": "\(new.maxNetExposure)"])
        await requote()
    }

    /// New reward parameters from the venue: quotes are rebuilt against them at once.
    public func update(rewards new: RewardParameters) async {
        guard new != rewards else { return }
        logger.notice(
            "reward parameters changed", metadata: ["market": "\(market.id)", "max_spread": "\(FixedPoint.format(micros: new.maxSpread))", "min_size": "\(new.minSize)"])
        rewards = new
        gate = RequoteGate(threshold: gate.threshold)
        await requote()
    }

    /// Applies every trade of ours the venue reports since a minute before the newest stored fill
    /// (idempotent: stored fills are skipped). Used on resync and as the last step of a stop, so a fill
    /// that happened while orders were being cancelled is not lost with the closed websocket.
    public func syncTrades() async {
        let after = (try? await database.lastFillTime()).flatMap { $0 }.map { UInt64(max($0 / 1_000 - 60, 0)) }
        guard let trades = try? await gateway.trades(market: market.id, assetID: nil, afterSeconds: after) else {
            logger.warning("trade sync failed", metadata: ["market": "\(market.id)"])
            return
        }
        for trade in trades {
            for fill in trade.fills(ownedBy: gateway.apiKey) { await apply(fill, raw: nil) }
        }
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
    private func noteCap(_ boundBy: String?, now: Int64) async {
        guard boundBy != lastCapReason else { return }
        lastCapReason = boundBy
        let reason = boundBy.map { "limit reduced by the \($0)" } ?? "shared exposure caps no longer bind"
        logger.notice("exposure cap", metadata: ["market": "\(market.id)", "reason": "\(reason)"])
        try? await database.recordRiskEvent(market: market.id, kind: boundBy == nil ? "cap-released" : "cap", reason: reason, nowMilliseconds: now)
    }

    /// Logs and records, once per shortfall, a BUY the pre-flight kept back for lack of collateral.
    private func noteBalanceShortfall(_ quote: Quote, now: Int64) async {
        guard !balanceShortfallNoted else { return }
        balanceShortfallNoted = true
        let reason = "\(quote.leg.rawValue) leg: BUY \(quote.size) at \(quote.price) exceeds the free collateral (\(FixedPoint.format(micros: balance?.availableMicros ?? 0)) pUSD)"
        logger.warning("quoting one-sided", metadata: ["market": "\(market.id)", "reason": "\(reason)"])
        try? await database.recordRiskEvent(market: market.id, kind: "balance", reason: reason, nowMilliseconds: now)
    }

    /// Logs and records a leg going one-sided (position limit, headroom, a pulled leg) when the reason changes.
    private func noteSkips(_ plan: QuotePlan, now: Int64) async {
        var skips: [QuoteLeg: SkipReason] = [:]
        if case .skipped(let reason) = plan.bid { skips[.bid] = reason }
        if case .skipped(let reason) = plan.ask { skips[.ask] = reason }
        guard skips != lastSkips else { return }
        lastSkips = skips
        for (leg, reason) in skips.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where reason != .noMidpoint {
            logger.warning("quoting one-sided", metadata: ["market": "\(market.id)", "leg": "\(leg.rawValue)", "reason": "\(reason.rawValue)"])
            try? await database.recordRiskEvent(market: market.id, kind: "one-sided", reason: "\(leg.rawValue) leg: \(reason.rawValue)", nowMilliseconds: now)
        }
    }

    // MARK: Stop-loss

    /// What the supervisor sees now; `nil` without a two-sided book to mark against.
    func riskSnapshot(_ now: Int64) -> RiskSnapshot? {
        guard let mid = book.mid else { return nil }
        let today = ledger.figures(on: UTCDay(epochMilliseconds: now))
        return RiskSnapshot(
            inventory: ledger.inventory, mid: mid, tick: tick, unrealized: ledger.unrealized(mid: mid), realizedToday: today.realized + today.rewards,
            nowMilliseconds: now, minimumSize: market.venueMinimumSize)
    }

    /// Runs the stop-loss state machine (roadmap Phase 3) and performs what it decides.
    func evaluateStopLoss(_ now: Int64) async {
        guard let snapshot = riskSnapshot(now) else { return }
        await perform(stopLoss.evaluate(snapshot), now: now)
    }

    /// `mmctl liquidate --mode …`: the same paths as an automatic stop.
    public func liquidate(mode: LiquidationMode) async {
        let now = nowMilliseconds()
        guard let snapshot = riskSnapshot(now) else { return }
        await perform(stopLoss.liquidate(mode: mode, snapshot), now: now)
    }

    /// The market's risk state for status displays: halted, liquidating, stopped, cooldown, paused,
    /// paused for volatility, one-sided, skewed or quoting.
    public var riskState: RiskState {
        RiskState.derive(
            halted: haltReason != nil || isSuspended, operatorPaused: isPaused, stopLoss: stopLoss.state, volatilityPaused: volatility.isPaused,
            skippedLegs: lastSkips.filter { $0.value != .noMidpoint }.count, net: ledger.inventory.net, limit: settings.maxNetExposure, skew: settings.skew)
    }

    /// The stop-loss state, for status and tests.
    public var stopLossState: StopLossSupervisor.State { stopLoss.state }

    private func perform(_ action: StopLossSupervisor.Action, now: Int64) async {
        switch action {
        case .none:
            return
        case .stop(let trigger, let orders):
            logger.error("stop-loss triggered: cancelling quotes and liquidating", metadata: ["market": "\(market.id)", "reason": "\(trigger)", "orders": "\(orders.count)"])
            try? await database.recordRiskEvent(market: market.id, kind: "stop", reason: trigger.description, nowMilliseconds: now)
            await perform(reconciler.cancelAll(nowMilliseconds: now))
            await sendLiquidation(orders, now: now, force: true)
        case .liquidate(let orders):
            await sendLiquidation(orders, now: now, force: false)
        case .flat(let until):
            await cancelLiquidation()
            let reason = until.map { "position flat; quoting resumes after the cooldown (\($0))" } ?? "position flat; stopped until the operator resumes"
            logger.notice("liquidation complete", metadata: ["market": "\(market.id)", "detail": "\(reason)"])
            try? await database.recordRiskEvent(market: market.id, kind: "flat", reason: reason, nowMilliseconds: now)
        case .resume:
            logger.notice("stop-loss cooldown over: quoting again", metadata: ["market": "\(market.id)"])
            try? await database.recordRiskEvent(market: market.id, kind: "resume", reason: "cooldown over", nowMilliseconds: now)
            gate = RequoteGate(threshold: gate.threshold)
        }
    }

    /// Sends liquidation orders: FAK (market mode) at most every 5 s while not flat; post-only GTC (limit
    /// mode) only when the price moved, replacing the resting one.
    private func sendLiquidation(_ orders: [LiquidationOrder], now: Int64, force: Bool) async {
        guard !orders.isEmpty else { return }
        let isMarket = orders[0].timeInForce == .fillAndKill
        let prices = orders.map(\.price.micros)
        if !force {
            if isMarket, now - lastLiquidationSentAt < 5_000 { return }
            if !isMarket, prices == lastLiquidationPrices { return }
        }
        await cancelLiquidation()
        lastLiquidationSentAt = now
        lastLiquidationPrices = prices
        var batch: [(SignedOrder, OrderType)] = []
        for order in orders {
            guard let amounts = try? ExactAmounts.limit(side: order.side, price: order.price, size: order.size, tick: tick) else { continue }
            salt &+= 1
            let signed = signer.makeOrder(
                tokenID: UInt256(decimal: market.token(order.outcome))!, side: order.side, amounts: amounts, salt: UInt256(salt), timestampMilliseconds: UInt64(now),
                exchange: Exchange(negRisk: market.negRisk))
            let type: OrderType = isMarket ? .fak : .gtc
            let intent = OrderIntent(
                orderID: signed.orderIDHex, clientID: "liq-\(signed.orderIDHex.suffix(12))", market: market.id, assetID: market.token(order.outcome), outcome: order.outcome,
                side: order.side, price: order.price, size: order.size, orderType: type.rawValue, postOnly: !isMarket,
                signedBody: OrderBody.postOrder(signed, owner: gateway.apiKey, orderType: type, postOnly: !isMarket), createdAtMilliseconds: now)
            guard (try? await database.record(intent: intent)) != nil else { continue }
            batch.append((signed, type))
        }
        guard !batch.isEmpty else { return }
        do {
            let results = try await gateway.postOrders(batch, postOnly: !isMarket)
            for ((signed, _), result) in zip(batch, results) {
                switch result {
                case .success(let response):
                    let state: OrderState = isMarket ? (response.status == "matched" ? .filled : .cancelled) : .live
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: state, detail: "liquidation", nowMilliseconds: nowMilliseconds())
                    if !isMarket { liquidationOrderIDs.append(signed.orderIDHex) }
                case .failure(let error):
                    _ = try? await database.transition(orderID: signed.orderIDHex, to: .rejected, detail: error.description, nowMilliseconds: nowMilliseconds())
                    logger.warning("liquidation order refused", metadata: ["market": "\(market.id)", "error": "\(error)"])
                }
            }
        } catch {
            logger.error("liquidation batch failed", metadata: ["market": "\(market.id)", "error": "\(error)"])
        }
    }

    private func cancelLiquidation() async {
        guard !liquidationOrderIDs.isEmpty else { return }
        let ids = liquidationOrderIDs
        liquidationOrderIDs = []
        await cancel(ids)
    }

    // MARK: Control

    public func pause() async {
        isPaused = true
        await perform(reconciler.cancelAll(nowMilliseconds: nowMilliseconds()))
    }

    public func resume() async {
        isPaused = false
        haltReason = nil
        if stopLoss.state != .armed { _ = stopLoss.resume() }
        gate = RequoteGate(threshold: gate.threshold)
        await requote()
    }

    /// `mmctl halt`: every order cancelled, no quoting until resumed; shown as `halted`.
    public func halt(reason: String) async {
        haltReason = reason
        await withdrawAllOrders()
    }

    /// The heartbeat failed: withdraw every order before the venue's switch fires, quote again on
    /// ``heartbeatRestored()``. Shown as `halted` meanwhile.
    public func suspendForHeartbeat() async {
        isSuspended = true
        await withdrawAllOrders()
    }

    public func heartbeatRestored() async {
        guard isSuspended else { return }
        isSuspended = false
        gate = RequoteGate(threshold: gate.threshold)
        await requote()
    }

    /// Stops quoting and cancels every order (shutdown).
    public func cancelEverything() async {
        isPaused = true
        await withdrawAllOrders()
    }

    /// Cancels every order: the tracked ones by id, then a venue-side sweep of the market, which also
    /// catches an order whose post was in flight and whose answer was lost.
    func withdrawAllOrders() async {
        await perform(reconciler.cancelAll(nowMilliseconds: nowMilliseconds()))
        do {
            let swept = try await gateway.cancelMarketOrders(market: market.id, assetID: nil)
            let now = nowMilliseconds()
            for id in swept.canceled {
                reconciler.gone(orderID: id)
                _ = try? await database.transition(orderID: id, to: .cancelled, detail: "market sweep", nowMilliseconds: now)
            }
            // Whatever the log still calls possibly-live is gone now: the venue has nothing of ours here.
            for intent in (try? await database.intents(market: market.id)) ?? [] {
                _ = try? await database.transition(orderID: intent.orderID, to: .cancelled, detail: "market sweep", nowMilliseconds: now)
            }
        } catch {
            logger.error("market sweep failed: orders may remain until the heartbeat switch fires", metadata: ["market": "\(market.id)", "error": "\(error)"])
        }
    }
}
