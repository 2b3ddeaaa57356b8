import Logging
import MMConfig
import MMCore
import MMDecision
import MMEngine

/// `strategy.negRiskArbitrage`: once a second, every neg-risk event whose named outcomes we all trade is
/// priced as whole YES and NO sets from the engines' books (``NegRiskArbitrage/plan(_:ladders:outcomes:minEdgePerSet:maxSize:maxCost:)``);
/// a set the books sell below its payout, by at least `minEdge` a set after fees, is bought with one
/// fill-and-kill BUY per outcome, sent through each outcome's engine (intent log, ledger, fills as usual);
/// sets we hold are sold the same way when the books bid more than they pay (``NegRiskArbitrage/planSale(_:ladders:outcomes:minEdgePerSet:maxSize:)``).
///
/// Guards: every outcome's engine must be free to trade (not halted, paused, suspended, exiting a
/// stop-loss) before any leg goes; the event's worst-case-loss cap must have room for the whole budget
/// (a leg that fills while another does not raises the worst case by at most what it cost); after an
/// attempt the event rests for `cooldownSeconds`, so a book not yet updated is not taken twice.
///
/// A leg that misses (its liquidity gone when it arrives, a refusal) leaves a partial set: a directional
/// position. Two seconds after the attempt each leg's fill is read from its ledger and the set is made
/// whole (``NegRiskHedge``): the short legs are bought up to the longest, or the long legs' excess sold,
/// whichever ends the attempt better, provided that ends no worse than −`maxHedgeLoss`; otherwise the
/// position is left (bounded by the event cap and the stop-loss) and an error says so.
///
/// An actor because its fee cache and attempt times change between scans; the decision is the pure planner.
public actor NegRiskArbitrageur {
    let settings: NegRiskArbitrageConfiguration
    let registry: NegRiskRegistry
    /// The market's taker fee rate (`/clob-markets`, `fd.r`), asked once per market.
    let feeRate: @Sendable (String) async throws -> Ratio
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64

    var feeRates: [String: Ratio] = [:]
    var lastAttempt: [String: Int64] = [:]
    /// Attempts whose legs have not been checked yet, by event.
    var unchecked: [String: Attempt] = [:]

    /// What an attempt sent, and each leg's traded shares and cash before it, to read its fills from the ledgers.
    struct Attempt {
        var kind: NegRiskArbitrage.Kind
        /// `.buy`: a purchase of sets; `.sell`: a sale of held sets.
        var side: Side
        var legs: [(market: String, outcome: Outcome, takerFeeRate: Ratio)]
        var outcomes: Int
        var before: [String: (shares: Quantity, cash: Money)]
        var atMilliseconds: Int64
    }

    /// How long after an attempt its legs are checked: the fills of a FAK arrive within it.
    static let settleMilliseconds: Int64 = 2_000
    /// Events already reported as not priceable (a fee rate missing), logged once each.
    var reported: Set<String> = []

    public init(
        settings: NegRiskArbitrageConfiguration, registry: NegRiskRegistry, feeRate: @escaping @Sendable (String) async throws -> Ratio, logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64
    ) {
        self.settings = settings
        self.registry = registry
        self.feeRate = feeRate
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
    }

    /// Scans once a second until cancelled, over the markets being made at each scan.
    func run(live: @escaping @Sendable () -> [String: MarketEngine]) async {
        guard settings.isEnabled else { return }
        logger.notice(
            "neg-risk arbitrage on", metadata: ["min_edge": "\(settings.minEdge)", "max_size": "\(settings.maxSize)", "cooldown_s": "\(settings.cooldownSeconds)"])
        while !Task.isCancelled {
            await scan(live())
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    /// One pass over every declared event; returns the purchases it sent.
    @discardableResult
    public func scan(_ engines: [String: MarketEngine]) async -> [ArbitragePlan] {
        var sent: [ArbitragePlan] = []
        for (event, outcomes, unheldOutcome) in registry.declared {
            let now = nowMilliseconds()
            if let attempt = unchecked[event] {
                guard now - attempt.atMilliseconds >= Self.settleMilliseconds else { continue }
                unchecked[event] = nil
                await hedge(attempt, event: event, engines: engines)
            }
            if let last = lastAttempt[event], now - last < Int64(settings.cooldownSeconds) * 1_000 { continue }
            let legs = outcomes.compactMap { engines[$0] }
            // An outcome we do not trade has no book here: no set can be priced.
            guard legs.count == outcomes.count, legs.count >= 2, let books = await books(event: event, legs) else { continue }
            // Σ YES bids above 1 is also Σ NO asks below n − 1 (one book per market): a sale of sets we hold
            // and a purchase of NO sets lock in the same edge; the sale is preferred, as it frees capital.
            let purchase = plan(event: event, books, unheldOutcome: unheldOutcome)
            let trade: SetTrade
            if let sale = salePlan(books, unheldOutcome: unheldOutcome), sale.edge >= purchase?.edge ?? .zero {
                trade = SetTrade(
                    kind: sale.kind, side: .sell, orders: sale.legs, edge: sale.edge, announcement: "neg-risk arbitrage: selling whole sets we hold",
                    detail: ["sets": "\(sale.size)", "proceeds": "\(sale.proceeds)", "payout": "\(sale.payout)"])
            } else if let purchase {
                let reason = "neg-risk \(purchase.kind.rawValue) arbitrage"
                trade = SetTrade(
                    kind: purchase.kind, side: .buy,
                    orders: Dictionary(uniqueKeysWithValues: purchase.legs.map { ($0.market, TakeOrder(outcome: $0.outcome, limit: $0.limit, size: $0.size, reason: reason)) }),
                    edge: purchase.edge, announcement: "neg-risk arbitrage: buying whole sets",
                    detail: ["sets": "\(purchase.size)", "cost": "\(purchase.cost)", "payout": "\(purchase.payout)"])
            } else {
                continue
            }
            var attempt = Attempt(
                kind: trade.kind, side: trade.side, legs: books.map { ($0.market.id, trade.kind == .yesSet ? .yes : .no, $0.fee) }, outcomes: outcomes.count,
                before: [:], atMilliseconds: now)
            attempt.before = await traded(attempt, engines: engines)
            // A skipped attempt (an outcome not ready) is tried again at the next scan; a sent one rests.
            guard await dispatch(trade, event: event, engines: legs) else { continue }
            lastAttempt[event] = now
            unchecked[event] = attempt
            if trade.side == .buy, let purchase { sent.append(purchase) }
        }
        return sent
    }

    /// What one outcome's engine shows the arbitrage: its book, our resting legs, its fee rate and inventory.
    struct OutcomeBook {
        var market: EngineMarket
        var book: OrderBook
        var own: [RestingLeg]
        var fee: Ratio
        var inventory: Inventory
    }

    /// Every outcome's book, read once per scan; `nil` while a fee rate is unknown.
    func books(event: String, _ engines: [MarketEngine]) async -> [OutcomeBook]? {
        var books: [OutcomeBook] = []
        for engine in engines {
            let market = engine.market
            guard let fee = await fee(market.id, event: event) else { return nil }
            books.append(OutcomeBook(market: market, book: await engine.currentBook, own: await engine.restingLegs, fee: fee, inventory: await engine.inventory))
        }
        return books
    }

    /// The best purchase of sets of the event now, or `nil`.
    func plan(event: String, _ books: [OutcomeBook], unheldOutcome: Bool) -> ArbitragePlan? {
        // A YES set pays 1 only if one of these outcomes must win; with a placeholder only the NO set is sure.
        let kinds: [NegRiskArbitrage.Kind] = unheldOutcome ? [.noSet] : [.yesSet, .noSet]
        var headroom: Money?
        if let cap = registry.cap, let worst = registry.worstCaseLoss(event: event) {
            headroom = Money(micros: max(cap.micros - worst.micros, 0))
        }
        var best: ArbitragePlan?
        for kind in kinds {
            let outcome: Outcome = kind == .yesSet ? .yes : .no
            let ladders = books.map {
                ArbitrageLadder(
                    market: $0.market.id, outcome: outcome, asks: ArbitrageLadder.asks(of: outcome, in: $0.book, excluding: $0.own), takerFeeRate: $0.fee,
                    minimumSize: $0.market.venueMinimumSize)
            }
            guard var plan = NegRiskArbitrage.plan(kind, ladders: ladders, outcomes: books.count, minEdgePerSet: settings.minEdge, maxSize: settings.maxSize, maxCost: headroom)
            else { continue }
            // The legs' budgets (filled at their limits) must fit the cap too, not only the expected cost.
            if let headroom, plan.budget > headroom {
                let smaller = Quantity(micros: FixedPoint.multiplyDivide(plan.size.micros, headroom.micros, dividingBy: plan.budget.micros, rounding: .down) ?? 0)
                guard smaller.micros > 0,
                    let shrunk = NegRiskArbitrage.plan(kind, ladders: ladders, outcomes: books.count, minEdgePerSet: settings.minEdge, maxSize: smaller, maxCost: headroom),
                    shrunk.budget <= headroom
                else { continue }
                plan = shrunk
            }
            if best.map({ plan.edge > $0.edge }) ?? true { best = plan }
        }
        return best
    }

    /// The best sale of sets we hold into the event's bids, or `nil`. A YES set pays at most 1 whoever
    /// wins (nothing if a placeholder does), so it may always be sold above 1; a NO set pays n − 1 only
    /// without a placeholder (n if one wins), so it is sold only then.
    func salePlan(_ books: [OutcomeBook], unheldOutcome: Bool) -> SetSalePlan? {
        let kinds: [NegRiskArbitrage.Kind] = unheldOutcome ? [.yesSet] : [.yesSet, .noSet]
        var best: SetSalePlan?
        for kind in kinds {
            let outcome: Outcome = kind == .yesSet ? .yes : .no
            let ladders = books.map {
                SaleLadder(
                    market: $0.market.id, outcome: outcome, bids: ArbitrageLadder.bids(of: outcome, in: $0.book, excluding: $0.own),
                    held: outcome == .yes ? $0.inventory.yes : $0.inventory.no, takerFeeRate: $0.fee, minimumSize: $0.market.venueMinimumSize)
            }
            guard let plan = NegRiskArbitrage.planSale(kind, ladders: ladders, outcomes: books.count, minEdgePerSet: settings.minEdge, maxSize: settings.maxSize)
            else { continue }
            if best.map({ plan.edge > $0.edge }) ?? true { best = plan }
        }
        return best
    }

    /// A purchase or a sale of sets, as the engines are sent it: one taker order per market.
    struct SetTrade {
        var kind: NegRiskArbitrage.Kind
        var side: Side
        var orders: [String: TakeOrder]
        var edge: Money
        var announcement: String
        var detail: Logger.Metadata
    }

    /// Sends every leg, all or none: each engine is asked first whether it would send its leg now (free to
    /// trade, no quote of ours in the way that cannot be cancelled first). An engine can still change its
    /// mind between the question and the leg (a requote posted meanwhile); that leg is then logged as missed.
    func dispatch(_ trade: SetTrade, event: String, engines: [MarketEngine]) async -> Bool {
        let byMarket = Dictionary(uniqueKeysWithValues: engines.map { ($0.market.id, $0) })
        for (market, order) in trade.orders.sorted(by: { $0.key < $1.key }) {
            if let refusal = await byMarket[market]?.takeRefusal(for: [order]) {
                logger.notice(
                    "neg-risk arbitrage skipped: an outcome would not send its leg now",
                    metadata: ["event": "\(event)", "market": "\(market)", "reason": "\(refusal)", "edge": "\(trade.edge)"])
                return false
            }
        }
        logger.notice(
            "\(trade.announcement)",
            metadata: trade.detail.merging(["event": "\(event)", "kind": "\(trade.kind.rawValue)", "edge": "\(trade.edge)"]) { $1 })
        // All legs at once: the engines' posts share the venue's batches, so the legs reach the books together.
        await withTaskGroup(of: Void.self) { group in
            for (market, order) in trade.orders {
                guard let engine = byMarket[market] else { continue }
                group.addTask { [logger] in
                    if let refusal = await engine.take([order]) {
                        logger.warning("neg-risk arbitrage leg not sent: the set is partial", metadata: ["event": "\(event)", "market": "\(market)", "reason": "\(refusal)"])
                    }
                }
            }
        }
        return true
    }

    /// Each leg's shares traded so far the attempt's way (bought, or sold) and their cash (cost, or proceeds).
    func traded(_ attempt: Attempt, engines: [String: MarketEngine]) async -> [String: (shares: Quantity, cash: Money)] {
        var result: [String: (shares: Quantity, cash: Money)] = [:]
        for leg in attempt.legs {
            guard let ledger = await engines[leg.market]?.currentLedger else { continue }
            let token = leg.outcome == .yes ? ledger.yes : ledger.no
            result[leg.market] = attempt.side == .buy ? (token.bought, token.cost) : (token.sold, token.proceeds)
        }
        return result
    }

    /// Reads what each leg of `attempt` filled and, when the set is partial, sends the hedge.
    func hedge(_ attempt: Attempt, event: String, engines: [String: MarketEngine]) async {
        let after = await traded(attempt, engines: engines)
        var legs: [HedgeLeg] = []
        for leg in attempt.legs {
            guard let engine = engines[leg.market], let before = attempt.before[leg.market], let now = after[leg.market] else {
                logger.error("neg-risk arbitrage: a leg's market is no longer made; its set cannot be checked", metadata: ["event": "\(event)", "market": "\(leg.market)"])
                return
            }
            let book = await engine.currentBook
            let own = await engine.restingLegs
            legs.append(
                HedgeLeg(
                    market: leg.market, outcome: leg.outcome, filled: Quantity(micros: max(now.shares.micros - before.shares.micros, 0)),
                    paid: Money(micros: max(now.cash.micros - before.cash.micros, 0)), asks: ArbitrageLadder.asks(of: leg.outcome, in: book, excluding: own),
                    bids: ArbitrageLadder.bids(of: leg.outcome, in: book, excluding: own), takerFeeRate: leg.takerFeeRate))
        }
        let minimum = attempt.legs.compactMap { engines[$0.market]?.market.venueMinimumSize }.max() ?? .zero
        let (decision, result) = NegRiskHedge.plan(
            attempt.kind, side: attempt.side, legs: legs, outcomes: attempt.outcomes, maxLoss: settings.maxHedgeLoss, minimumSize: minimum)
        let filled = legs.map { "\($0.filled)" }.joined(separator: "/")
        let orders: [String: TakeOrder]
        switch decision {
        case .balanced:
            logger.info("neg-risk arbitrage: every leg filled", metadata: ["event": "\(event)", "filled": "\(filled)"])
            return
        case .hold(let reason):
            logger.error(
                "neg-risk arbitrage left a partial set", metadata: ["event": "\(event)", "filled": "\(filled)", "reason": "\(reason)"])
            return
        case .complete(let buys): orders = buys
        case .unwind(let sells): orders = sells
        }
        let way = if case .complete = decision { "completing the sets" } else { "unwinding the excess" }
        logger.warning(
            "neg-risk arbitrage: a partial set, \(way)",
            metadata: ["event": "\(event)", "filled": "\(filled)", "result": "\(result.map { "\($0)" } ?? "")", "max_hedge_loss": "\(settings.maxHedgeLoss)"])
        for (market, order) in orders.sorted(by: { $0.key < $1.key }) {
            if let refusal = await engines[market]?.take([order]) {
                logger.error("neg-risk arbitrage hedge not sent", metadata: ["event": "\(event)", "market": "\(market)", "reason": "\(refusal)"])
            }
        }
    }

    /// The market's fee rate, asked once; `nil` (logged once per event) while the venue does not give it.
    func fee(_ market: String, event: String) async -> Ratio? {
        if let known = feeRates[market] { return known }
        do {
            let rate = try await feeRate(market)
            feeRates[market] = rate
            return rate
        } catch {
            if reported.insert(event).inserted {
                logger.warning(
                    "neg-risk arbitrage: a market's taker fee rate is unknown; the event is not priced until it is",
                    metadata: ["event": "\(event)", "market": "\(market)", "error": "\(error)"])
            }
            return nil
        }
    }
}
