import Foundation
import Logging
import MMConfig
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import MMSim
import Polymarket

/// `mmd backtest`: the real engines, venue client and database against the in-process simulator, in
/// virtual time.
///
/// Nothing is replaced by a model of itself: orders are signed and sent through ``ClobClient`` (over
/// ``SimTransport`` instead of a socket), market and user messages are the simulator's websocket JSON
/// decoded by the live decoder, fills go through SQLite first. Only time is simulated: the driver moves
/// the clock in 50 ms steps and runs every component to quiescence in between, so the same scenario,
/// configuration and seed always give the same report.
public struct Backtest: Sendable {
    public var scenario: Scenario
    public var configuration: MMConfiguration
    public var baseline: Bool
    /// The SQLite file the run writes (a fresh temporary file when `nil`, removed afterwards).
    public var databasePath: String?
    public var logger: Logger
    /// Called once per simulated minute with (elapsed, total) milliseconds.
    public var progress: (@Sendable (Int64, Int64) -> Void)?
    /// Records each market's machine inputs and actions (by condition id), for replay tests.
    public var recorders: [String: MachineRecorder] = [:]
    /// Samples the neg-risk events once per simulated second (tests of the no-arbitrage bounds and the cap).
    public var negRiskWatch: NegRiskWatch?

    /// Virtual start: a fixed instant, so reports do not depend on when they ran.
    public static let startMilliseconds: Int64 = 1_780_000_000_000
    static let stepMilliseconds: Int64 = 50

    public init(scenario: Scenario, configuration: MMConfiguration, seed: UInt64? = nil, baseline: Bool = false, databasePath: String? = nil, logger: Logger) {
        var scenario = scenario
        if let seed { scenario.seed = seed }
        self.scenario = scenario
        self.configuration = baseline ? configuration.baseline : configuration
        self.baseline = baseline
        self.databasePath = databasePath
        self.logger = logger
    }

    public func run() async throws -> BacktestReport {
        let clock = VirtualClock(startMilliseconds: Self.startMilliseconds)
        let now: @Sendable () -> Int64 = { clock.now }
        var settings = SimExchangeSettings()
        settings.seed = scenario.seed
        let venue = SimVenue(exchange: SimExchange(settings: settings, markets: []), nowMilliseconds: now)
        await venue.run(scenario: scenario)

        let path = databasePath ?? FileManager.default.temporaryDirectory.appendingPathComponent("mmd-backtest-\(UUID().uuidString).sqlite").path
        defer {
            if databasePath == nil {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let database = try AppDatabase(path: path)

        let key = try PrivateKey(hex: Daemon.simulatorKey)
        // Virtual time never waits on a rate limiter: its buckets are made too large to matter.
        let limits = Dictionary(uniqueKeysWithValues: EndpointClass.allCases.map { ($0, Int64(1) << 30) })
        let bare = ClobClient(
            configuration: ClobClientConfiguration(baseURL: "sim://backtest", maxAttempts: 1, rateLimits: limits, signerTier: nil), transport: SimTransport(venue: venue), key: key,
            nowMilliseconds: now, logger: logger)
        let credentials: APICredentials
        do { credentials = try await bare.createOrDeriveAPIKey() } catch { throw DaemonError("backtest: the simulator refused API credentials: \(error)") }
        let client = bare.with(credentials: credentials)
        let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa, funder: nil)
        let (exposure, negRisk) = configuration.exposureRegistries()
        let balance = BalanceGuard()

        let allSpecs = await venue.exchange.markets.values.sorted { $0.conditionID < $1.conditionID }
        // A neg-risk event's placeholder outcome is never quoted (as in the daemon): no engine for it.
        let specs = allSpecs.filter { !$0.isPlaceholder }
        for (event, outcomes) in Dictionary(grouping: allSpecs.filter { $0.event != nil }, by: { $0.event! }) {
            NegRiskEventOutline(
                event: event, outcomes: outcomes.filter { !$0.isPlaceholder }.map(\.conditionID), hasPlaceholder: outcomes.contains(where: \.isPlaceholder)
            ).declare(in: negRisk)
        }
        guard !specs.isEmpty else { throw DaemonError("backtest: the scenario defines no market") }
        var engines: [MarketEngine] = []
        var metrics: [BacktestMetrics] = []
        // One group committer for every market, as in the daemon.
        let fills = FillCommitter(database: database)
        for spec in specs {
            let rewards = spec.rewards ?? RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5))
            let market = EngineMarket(
                id: spec.conditionID, yesToken: spec.yesToken, noToken: spec.noToken, tick: spec.tick, negRisk: spec.negRisk, rewards: rewards,
                venueMinimumSize: spec.minOrderSize, event: spec.event)
            let quoter = configuration.quoterSettings(market: spec.conditionID, venueMinimumSize: spec.minOrderSize)
            var engineLogger = logger
            engineLogger[metadataKey: "market"] = "\(spec.conditionID)"
            engines.append(MarketEngine(
                market: market, settings: quoter, rebalanceThreshold: configuration.strategy.rebalanceThreshold, volatility: configuration.volatility,
                stopLoss: configuration.stopLoss, gateway: client, signer: signer, database: database, ledger: PositionLedger(), logger: engineLogger,
                debounceMilliseconds: Int64(configuration.strategy.debounceMilliseconds), baitDefence: configuration.baitDefence, exposure: exposure,
                negRisk: negRisk, taper: configuration.taper, balance: balance, orderExpirySeconds: configuration.orders.expirySeconds.map(Int64.init), strategy: configuration.quotingStrategy(market: market.id, takerFeeRate: .zero),
                sizeUpToScore: configuration.strategy.sizeUpToScore, capitalBudget: configuration.limits.maxCapitalPerMarket, fills: fills, recorder: recorders[spec.conditionID], nowMilliseconds: now))
            metrics.append(BacktestMetrics(limit: await engines[engines.count - 1].effectiveLimit))
        }
        let byToken = Dictionary(uniqueKeysWithValues: engines.enumerated().flatMap { index, engine in [(engine.market.yesToken, index), (engine.market.noToken, index)] })
        let tokenToMarket = byToken.mapValues { engines[$0].market.id }
        let byMarket = Dictionary(uniqueKeysWithValues: engines.enumerated().map { ($1.market.id, $0) })
        let marketChannel = await venue.attachMarket(assets: byToken.keys.sorted())
        let userChannel = await venue.attachUser(apiKey: credentials.key)
        let decoder = ChannelDecoder()

        let duration = scenario.durationMilliseconds
        let end = Self.startMilliseconds + duration
        var lastSecond = Self.startMilliseconds
        while clock.now < end {
            clock.advance(by: Self.stepMilliseconds)
            await venue.tick()
            if (clock.now - Self.startMilliseconds) % 10_000 == 0 { await Daemon.refresh(balance, from: client, signatureType: .eoa) }
            for frame in await venue.takeMessages(marketChannel) {
                for message in decoder.decode(frame) {
                    guard let market = Daemon.market(of: message, tokenToMarket), let index = byMarket[market] else { continue }
                    await engines[index].handle(.market(message))
                }
            }
            for frame in await venue.takeMessages(userChannel) {
                for message in decoder.decode(frame) {
                    let market: String? = switch message {
                    case .trade(let trade): trade.market
                    case .order(let order): order.market
                    default: nil
                    }
                    if let market, let index = byMarket[market] { await engines[index].handle(.user(message)) }
                }
            }
            for engine in engines { await engine.handle(.timer) }
            if clock.now - lastSecond >= 1_000 {
                lastSecond = clock.now
                let rewards = await rewardsByMarket(venue, owner: credentials.key, now: clock.now)
                for (index, engine) in engines.enumerated() {
                    let ledger = await engine.currentLedger
                    guard let mid = await engine.currentBook.mid else { continue }
                    metrics[index].sample(
                        total: ledger.total(mid: mid) + rewards[engine.market.id, default: .zero], net: ledger.inventory.net, twoSided: await engine.isTwoSided,
                        nowMilliseconds: clock.now)
                }
                if let negRiskWatch { await sampleEvents(allSpecs, engines: engines, byMarket: byMarket, venue: venue, apiKey: credentials.key, into: negRiskWatch) }
                if (clock.now - Self.startMilliseconds) % 60_000 == 0 { progress?(clock.now - Self.startMilliseconds, duration) }
            }
        }
        // The end: every order cancelled, late fills collected, then the books are closed.
        var states: [String: RiskState] = [:]
        for engine in engines { states[engine.market.id] = await engine.riskState }
        for engine in engines { await engine.cancelEverything() }
        for engine in engines { await engine.syncTrades() }
        return try await report(engines: engines, metrics: metrics, venue: venue, owner: credentials.key, database: database, now: clock.now, states: states)
    }

    /// One ``NegRiskWatch`` sample per event: our orders at the venue and our holdings per named outcome.
    func sampleEvents(
        _ specs: [SimMarketSpec], engines: [MarketEngine], byMarket: [String: Int], venue: SimVenue, apiKey: String, into watch: NegRiskWatch
    ) async {
        let exchange = await venue.exchange
        for (_, outcomes) in Dictionary(grouping: specs.filter { $0.event != nil }, by: { $0.event! }).sorted(by: { $0.key < $1.key }) {
            var sampled: [(orders: [SimOrder], holding: EventHolding)] = []
            var fills = 0
            for spec in outcomes where !spec.isPlaceholder {
                var holding = EventHolding()
                if let index = byMarket[spec.conditionID] {
                    let ledger = await engines[index].currentLedger
                    holding = EventHolding(yes: ledger.yes.position, no: ledger.no.position, cost: ledger.netCashIn)
                    fills += ledger.fills.count
                }
                sampled.append((exchange.openOrders(apiKey: apiKey, market: spec.conditionID), holding))
            }
            let placeholderOrders = outcomes.filter(\.isPlaceholder).reduce(0) { $0 + exchange.openOrders(apiKey: apiKey, market: $1.conditionID).count }
            watch.sample(outcomes: sampled, hasPlaceholder: outcomes.contains(where: \.isPlaceholder), placeholderOrders: placeholderOrders, fills: fills)
        }
    }

    /// What the venue credited us per market so far (rewards are credited per UTC day).
    func rewardsByMarket(_ venue: SimVenue, owner: String, now: Int64) async -> [String: Money] {
        let exchange = await venue.exchange
        var days = Set(stride(from: Self.startMilliseconds, through: now, by: 86_400_000).map { UTCDay(epochMilliseconds: $0).description })
        days.insert(UTCDay(epochMilliseconds: now).description)
        var result: [String: Money] = [:]
        for day in days.sorted() {
            for (market, micros) in exchange.earnings(owner: owner, day: day) { result[market, default: .zero] += Money(micros: micros) }
        }
        return result
    }

    func report(engines: [MarketEngine], metrics: [BacktestMetrics], venue: SimVenue, owner: String, database: AppDatabase, now: Int64, states: [String: RiskState]) async throws -> BacktestReport {
        let rewards = await rewardsByMarket(venue, owner: owner, now: now)
        let exchange = await venue.exchange
        var markets: [BacktestReport.MarketReport] = []
        var realized = Money.zero, unrealized = Money.zero, rewardTotal = Money.zero, drawdown = Money.zero
        var fills = 0, requotes = 0
        for (engine, metric) in zip(engines, metrics) {
            let ledger = await engine.currentLedger
            let mid = await engine.currentBook.mid
            let open = mid.map { ledger.unrealized(mid: $0) } ?? .zero
            let reward = rewards[engine.market.id, default: .zero]
            let counted = ledger.fills.filter { $0.status != .failed }
            let events = try await database.riskEvents(market: engine.market.id).map {
                BacktestReport.RiskEvent(atSecond: ($0.atMilliseconds - Self.startMilliseconds) / 1_000, kind: $0.kind, reason: $0.reason)
            }
            let engineRequotes = await engine.requotes
            markets.append(BacktestReport.MarketReport(
                market: engine.market.id, realizedPnL: ledger.realized.description, unrealizedPnL: open.description, rewardPnL: reward.description,
                totalPnL: (ledger.realized + open + reward).description, finalMid: mid?.description, finalNet: ledger.inventory.net.description,
                maxDrawdown: metric.maxDrawdown.description, maxAbsNet: metric.maxAbsoluteNet.description, netLimit: metric.limit.description,
                secondsBeyond30Percent: metric.millisecondsBeyond / 1_000, secondsTwoSided: metric.secondsTwoSided, longestSecondsBeyond30Percent: metric.longestBeyondMilliseconds / 1_000,
                fills: counted.count, maxFillSize: (counted.map(\.size).max() ?? .zero).description, requotes: engineRequotes,
                ordersPosted: await engine.quotesPosted,
                rewardScoreShare: exchange.rewardScoreShare(owner: owner, market: engine.market.id)?.description, riskEvents: events,
                finalRiskState: states[engine.market.id]?.rawValue ?? RiskState.quoting.rawValue))
            realized += ledger.realized
            unrealized += open
            rewardTotal += reward
            drawdown = max(drawdown, metric.maxDrawdown)
            fills += counted.count
            requotes += engineRequotes
        }
        return BacktestReport(
            scenario: scenario.name, seed: scenario.seed, baseline: baseline, simulatedSeconds: scenario.durationMilliseconds / 1_000, markets: markets,
            totals: BacktestReport.Totals(
                realizedPnL: realized.description, unrealizedPnL: unrealized.description, rewardPnL: rewardTotal.description,
                totalPnL: (realized + unrealized + rewardTotal).description, maxDrawdown: drawdown.description, fills: fills, requotes: requotes))
    }
}

extension MMConfiguration {
    /// The near-resolution taper in engine units.
    var taper: ResolutionTaper {
        ResolutionTaper(startMilliseconds: Int64(limits.taperStartHours) * 3_600_000, stopMilliseconds: Int64(limits.stopQuotingHours) * 3_600_000)
    }
}
