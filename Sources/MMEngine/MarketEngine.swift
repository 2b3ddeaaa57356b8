import Foundation
import Logging
import MMCore
import MMDecision
import MMPersistence
import Polymarket

/// Everything that reaches an engine from the venue and the scheduler, in one ordered stream.
public enum EngineInput: Sendable {
    case market(ChannelMessage)
    case user(ChannelMessage)
    /// The scheduler's tick: risk evaluation and requote checks.
    case timer
    /// After a (re)connect: fetch open orders and trades before quoting again.
    case resync
}

/// One market's engine: a thin actor around the pure ``MarketMachine``. It turns venue messages into
/// machine inputs, performs the machine's actions (sign, store, send, cancel, log) and feeds their
/// results back, until the machine has nothing left to do. Every decision is the machine's; every
/// effect is here.
public actor MarketEngine {
    public nonisolated let market: EngineMarket
    var machine: MarketMachine
    let gateway: any VenueGateway
    let signer: OrderSigner
    let database: AppDatabase
    let fills: FillCommitter
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64
    let exposure: ExposureRegistry?
    /// The neg-risk event registry (quotes across outcomes, worst-case loss); `nil` or not declaring this
    /// market: no event bounds.
    let negRisk: NegRiskRegistry?
    /// The last event bounds fed to the machine.
    var lastEventLimits: EventQuoteLimits?
    let balance: BalanceGuard?
    var salt: UInt64
    /// The last limit fed to the machine from the shared exposure caps.
    var lastExposureLimit: (Quantity, String?)?
    /// When the machine next wants a timer tick; read by the scheduler without an actor hop.
    public nonisolated let wake: WakeTime
    /// Records every input with its time and the actions it produced (replay tests, diagnostics).
    public nonisolated let recorder: MachineRecorder?
    /// The prefix of this engine's client ids (part of the machine's identity for replays).
    public nonisolated let clientPrefix: String
    let mailbox = Mailbox()
    /// Signs the machine's order requests (a batch's orders side by side).
    let preparer: OrderPreparer
    /// Counters bumped where effects happen; `nil` exports nothing (tests, backtests).
    let metrics: EngineMetrics?
    /// Told of risk events and reversed fills (alerts); must not block.
    let incidents: (@Sendable (EngineIncident) -> Void)?
    /// When the input being processed arrived: the start of the requote latency (event → orders sent).
    /// Task-local, because other inputs run on the actor while this one awaits the venue.
    @TaskLocal static var inputArrived: ContinuousClock.Instant?

    public init(
        market: EngineMarket, settings: QuoterSettings, rebalanceThreshold: Int64, volatility: VolatilitySettings, stopLoss: StopLossSettings,
        gateway: any VenueGateway, signer: OrderSigner, database: AppDatabase, ledger: PositionLedger, logger: Logger,
        debounceMilliseconds: Int64 = 50, legCooldownMilliseconds: Int64 = 30_000, baitDefence: BaitDefenceSettings = BaitDefenceSettings(),
        exposure: ExposureRegistry? = nil, negRisk: NegRiskRegistry? = nil, taper: ResolutionTaper = ResolutionTaper(), balance: BalanceGuard? = nil, orderExpirySeconds: Int64? = nil,
        strategy: any QuotingStrategy = BandQuotingStrategy(), sizeUpToScore: Bool = false, capitalBudget: Money = .zero, fills: FillCommitter? = nil,
        recorder: MachineRecorder? = nil, metrics: EngineMetrics? = nil, incidents: (@Sendable (EngineIncident) -> Void)? = nil,
        nowMilliseconds: @escaping @Sendable () -> Int64
    ) {
        let now = nowMilliseconds()
        let machineSettings = MarketMachineSettings(
            quoter: settings, rebalanceThreshold: rebalanceThreshold, volatility: volatility, stopLoss: stopLoss, baitDefence: baitDefence, taper: taper,
            debounceMilliseconds: debounceMilliseconds, legCooldownMilliseconds: legCooldownMilliseconds, orderExpirySeconds: orderExpirySeconds,
            sizeUpToScore: sizeUpToScore, capitalBudget: capitalBudget)
        clientPrefix = "\(market.id.suffix(8))-\(now)"
        machine = MarketMachine(market: market, settings: machineSettings, ledger: ledger, clientPrefix: clientPrefix, strategy: strategy)
        exposure?.register(market: market.id, event: market.event, net: ledger.inventory.net)
        self.market = market
        self.gateway = gateway
        self.signer = signer
        self.database = database
        self.fills = fills ?? FillCommitter(database: database)
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
        self.exposure = exposure
        self.negRisk = negRisk
        self.balance = balance
        self.recorder = recorder
        self.metrics = metrics
        self.incidents = incidents
        recorder?.start(machine)
        salt = UInt64(now) & 0xFFFF_FFFF
        preparer = OrderPreparer(market: market, signer: signer, apiKey: gateway.apiKey)
        wake = WakeTime(now)
    }

    // MARK: Reading

    public var settings: QuoterSettings { machine.quoterSettings }
    public var rewards: RewardParameters { machine.rewards }
    public var isPaused: Bool { machine.isPaused }
    public var isSuspended: Bool { machine.isSuspended }
    public var haltReason: String? { machine.haltReason }
    public var storeFailure: String? { machine.storeFailure }
    public var quotesPosted: Int { machine.quotesPosted }
    public var requotes: Int { machine.requotes }
    public var fillsApplied: Int { machine.fillsApplied }
    /// Time in each risk state and two-sided since the engine's first input.
    public var timeInState: TimeInState { machine.timeInState }
    public var inventory: Inventory { machine.inventory }
    public var currentLedger: PositionLedger { machine.ledger }
    public var currentBook: OrderBook { machine.book }
    /// Whether the market's quotes can score for rewards (sized up, or why not).
    public var scoring: ScoringVerdict { machine.scoring }
    public var strategyName: String { machine.strategyName }
    /// Both legs resting at the venue now.
    public var isTwoSided: Bool { machine.isTwoSided }
    /// The per-market limit in force: the configured one, raised to `rewardsMinSize` when sized up to score.
    public var effectiveLimit: Quantity { machine.scoringLimit }
    /// The adverse move per share learnt from our fills' 60 s markouts, micro-pUSD.
    public var adverseSelection: Int64 { machine.adverseSelection }
    public var liveOrderIDs: [String] { machine.liveOrderIDs }
    /// Every order the machine tracks, with its state, quote and remaining size (read-only; the scoring check).
    public var trackedOrders: [TrackedOrder] { machine.trackedOrders }
    public var riskState: RiskState { machine.riskState }
    public var stopLossState: StopLossSupervisor.State { machine.stopLossState }

    // MARK: Inputs

    public func handle(_ input: EngineInput) async {
        switch input {
        case .market(let message):
            if let translated = Self.translate(market: message, for: market) { await process(translated) }
        case .user(let message):
            for translated in Self.translate(user: message, for: market, apiKey: gateway.apiKey) { await process(translated) }
        case .timer:
            await onTimer()
        case .resync:
            await resync()
        }
    }

    /// Hands a venue message to the engine without waiting for it (the daemon's feeds); messages are
    /// handled in the order they were sent.
    public nonisolated func send(_ input: EngineInput) {
        guard mailbox.put(input) else { return }
        Task { await self.drainMailbox() }
    }

    private func drainMailbox() async {
        while true {
            let inputs = mailbox.take()
            if inputs.isEmpty { return }
            for input in inputs { await handle(input) }
        }
    }

    /// Tells the event registry what this market holds and may have resting, and feeds the machine the
    /// bounds the other outcomes now put on its legs.
    private func refreshEventLimits() async {
        guard let negRisk, negRisk.contains(market: market.id) else { return }
        publishHolding()
        negRisk.setResting(market: market.id, legs: machine.restingLegs)
        let limits = negRisk.limits(market: market.id, tick: machine.tick)
        if limits != lastEventLimits {
            lastEventLimits = limits
            await process(.eventLimits(limits))
        }
    }

    /// This market's holdings and their cost basis, for the event's worst-case loss.
    func publishHolding() {
        let ledger = machine.ledger
        negRisk?.update(
            market: market.id, holding: EventHolding(yes: ledger.yes.position, no: ledger.no.position, cost: ledger.netCashIn))
    }

    private func onTimer() async {
        if let exposure {
            let (limit, boundBy) = exposure.effectiveLimit(market: market.id, own: machine.scoringLimit)
            if lastExposureLimit.map({ $0.0 != limit || $0.1 != boundBy }) ?? true {
                lastExposureLimit = (limit, boundBy)
                await process(.exposureLimit(limit, boundBy: boundBy))
            }
        }
        await refreshEventLimits()
        if machine.storeFailure != nil, await storeIsWritable() { await process(.storeHealthy) }
        await process(.timer)
    }

    /// Feeds `input` to the machine, performs the actions it returns and feeds their results back, until
    /// nothing is left to do. Shielded from task cancellation: a feed or timer task cancelled at shutdown
    /// must not cut an effect in half (an intent stored but its answer never recorded).
    func process(_ input: MarketInput) async {
        await Self.$inputArrived.withValue(.now) { await Task { await self.run(input) }.value }
    }

    private func run(_ input: MarketInput) async {
        var queue = [input]
        var index = 0
        while index < queue.count {
            let next = queue[index]
            index += 1
            let now = nowMilliseconds()
            let actions = machine.handle(next, now: now)
            recorder?.record(next, now: now, actions: actions)
            // Strictly in order: cancels before posts, so a new quote never meets our own stale one (a
            // post-only refusal, or a self-match for a liquidation), and a backtest's effects reach the
            // simulator in the same order every run.
            for action in actions { queue.append(contentsOf: await perform(action)) }
        }
        wake.set(machine.nextWakeMilliseconds)
    }

    // MARK: Operators and the daemon

    /// Startup reconciliation against the intent log: our orders still resting at the venue are adopted
    /// or cancelled as strays, and intents the venue no longer has are marked lost.
    public func reconcileAtStartup() async {
        let open: [OrderMessage]
        do { open = try await gateway.openOrders(market: market.id, assetID: nil) } catch {
            logger.error("startup reconciliation failed: open orders unavailable", metadata: ["market": "\(market.id)", "error": "\(error)"])
            return
        }
        await reconcileAtStartup(open: open)
    }

    /// Startup reconciliation with the venue's open orders already fetched (one request for every market).
    public func reconcileAtStartup(open: [OrderMessage]) async {
        let intents: [OrderIntent]
        do { intents = try await database.intents(market: market.id) } catch {
            logger.error("startup reconciliation failed: the intent log is unreadable", metadata: ["market": "\(market.id)", "error": "\(error)"])
            await process(.storeFailed(reason: "\(error)"))
            return
        }
        let known = intents.map {
            KnownIntent(orderID: $0.orderID, clientID: $0.clientID, side: $0.side, price: $0.price, size: $0.size, expirationSeconds: $0.expirationSeconds)
        }
        await process(.startup(open: open.compactMap(Self.venueOrder), intents: known))
    }

    /// Fetches trades and open orders from the venue: fills missed while disconnected are applied, and
    /// orders the venue no longer lists are forgotten.
    public func resync() async {
        await syncTrades()
        let open = try? await gateway.openOrders(market: market.id, assetID: nil)
        await process(.openOrders(.resync, open.map { $0.compactMap(Self.venueOrder) }))
    }

    /// New strategy settings (`mmctl config set`, reload): quotes are rebuilt against them at once.
    public func update(settings new: QuoterSettings, rebalanceThreshold: Int64) async {
        await process(.settings(new, rebalanceThreshold: rebalanceThreshold))
    }

    /// Another quoting strategy (`mmctl config set strategy.kind`, reload): quotes follow it at once.
    public func update(strategy new: any QuotingStrategy) async { await process(.strategy(StrategyChoice(new))) }

    /// New reward parameters from the venue: quotes are rebuilt against them at once.
    public func update(rewards new: RewardParameters) async { await process(.rewards(new)) }

    /// Applies every trade of ours the venue reports since a minute before the newest stored fill
    /// (idempotent: stored fills are skipped). Used on resync and as the last step of a stop, so a fill
    /// that happened while orders were being cancelled is not lost with the closed websocket.
    public func syncTrades() async {
        let after: UInt64?
        do { after = try await tradeSyncStart() } catch {
            logger.error("trade sync: the store is unreadable", metadata: ["market": "\(market.id)", "error": "\(error)"])
            return
        }
        let trades: [TradeMessage]
        do { trades = try await gateway.trades(market: market.id, assetID: nil, afterSeconds: after) } catch {
            logger.warning("trade sync failed", metadata: ["market": "\(market.id)", "error": "\(error)"])
            return
        }
        await apply(trades: trades)
    }

    /// Where a trade sync starts (Unix seconds): a minute before the newest stored fill, `nil` for all.
    public func tradeSyncStart() async throws -> UInt64? {
        try await database.lastFillTime().map { UInt64(max($0 / 1_000 - 60, 0)) }
    }

    /// A resync with the venue's open orders already fetched (one request for every market).
    public func resync(open: [OrderMessage]) async { await process(.openOrders(.resync, open.compactMap(Self.venueOrder))) }

    /// Quotes for the first time after start-up recovery.
    public func requoteAfterRecovery() async { await process(.openOrders(.resync, nil)) }

    /// Feeds the fills of ours in `trades` (a sync, or the daemon's one request for every market).
    public func apply(trades: [TradeMessage]) async {
        for trade in trades where trade.market == market.id {
            for fill in trade.fills(ownedBy: gateway.apiKey) { await apply(fill, raw: nil) }
        }
    }

    func apply(_ attributed: AttributedFill, raw: String?) async {
        guard let reported = Self.marketFill(attributed, raw: raw, for: market) else { return }
        await process(.fillReported(reported))
    }

    /// `mmctl liquidate --mode …`: the same paths as an automatic stop.
    public func liquidate(mode: LiquidationMode) async { await process(.liquidate(mode)) }
    /// Sends taker orders decided outside the market (a neg-risk arbitrage's legs); returns why they were
    /// not sent (``MarketMachine/takeRefusal``), `nil` when they were.
    public func take(_ orders: [TakeOrder]) async -> String? {
        if let refusal = machine.takeRefusal(for: orders) { return refusal }
        await process(.take(orders))
        return nil
    }
    /// Why these taker orders would not be sent now (`nil`: they would).
    public func takeRefusal(for orders: [TakeOrder]) -> String? { machine.takeRefusal(for: orders) }
    /// Our orders that may rest, in the YES view (what a taker of ours must not trade against).
    public var restingLegs: [RestingLeg] { machine.restingLegs }
    public func pause() async { await process(.pause) }
    public func resume() async { await process(.resume) }
    /// `mmctl halt`: every order cancelled, no quoting until resumed; shown as `halted`.
    public func halt(reason: String) async { await process(.halt(reason: reason)) }
    /// The heartbeat failed: withdraw every order before the venue's switch fires.
    public func suspendForHeartbeat() async { await process(.suspendForHeartbeat) }
    public func heartbeatRestored() async { await process(.heartbeatRestored) }
    /// Stops quoting and cancels every order (shutdown).
    public func cancelEverything() async { await process(.shutdown) }
}
