import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import MMSystemd
import Polymarket
import ServiceLifecycle
import Synchronization

extension Daemon {
    /// Connects to the venue, builds one engine per market, resyncs, then quotes until stopped.
    func trade(database: AppDatabase, center: ControlCenter, key: PrivateKey, restURL: String, webSocketURL: String, gammaURL: String) async throws {
        let chain: Chain = configuration.venue.chainID == 80002 ? .amoy : .polygon
        // Posts and cancels are paced to the signer's per-signer buckets at the venue (venue.rateLimitTier).
        let tier = SignerTier(rawValue: configuration.venue.rateLimitTier) ?? .standard
        let bare = ClobClient(
            configuration: ClobClientConfiguration(baseURL: restURL, signerTier: tier), http: HTTPClient.shared, key: key, chain: chain, logger: logger)
        if configuration.venue.mode.isSimulated {
            return try await dryRun(database: database, center: center, key: key, chain: chain, restURL: restURL, webSocketURL: webSocketURL, gammaURL: gammaURL)
        }
        try await claim(database, for: .live)
        // A venue hiccup at start (timeouts, 425, 5xx) is retried with backoff before giving up.
        var credentials: APICredentials? = configuration.venue.kind == .polymarket ? try loadAPICredentials() : nil
        for attempt in 1...6 where credentials == nil {
            do {
                credentials = try await bare.createOrDeriveAPIKey()
            } catch where attempt < 6 && (error.isTransient || error.code == .ambiguous) {
                logger.warning("API credentials not available yet; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1 << (attempt - 1)))
            } catch {
                throw DaemonError("could not get API credentials: \(error)")
            }
        }
        guard let credentials else { throw DaemonError("could not get API credentials") }
        let client = bare.with(credentials: credentials)
        logger.notice("authenticated", metadata: ["address": "\(key.address)", "api_key": "\(credentials.key)"])

        let signatureType = SignatureType(rawValue: UInt8(configuration.venue.signatureType)) ?? .eoa
        let funder = configuration.venue.funder.flatMap(Address.init)
        let signer = try OrderSigner(key: key, chain: chain, signatureType: signatureType, funder: funder)
        let gamma = GammaClient(baseURL: gammaURL, http: HTTPClient.shared, logger: logger)
        // Every engine's posts share batches of up to 15 orders across markets, and its cancels batches of up to 500 ids.
        // With monitoring, every venue request is timed and its failures counted by endpoint.
        let venue: any VenueGateway = monitor.map { MeasuredGateway(base: client, factory: $0.factory) } ?? client
        let gateway = BatchingGateway(base: venue, batcher: OrderBatcher(gateway: venue), cancels: CancelBatcher(gateway: venue))

        await center.register(discovery: MarketDiscovery(restURL: restURL, gammaURL: gammaURL, logger: logger))
        let (marketIDs, selector) = try await startingMarkets(gamma: gamma, restURL: restURL, gammaURL: gammaURL)
        let (exposure, negRisk) = configuration.exposureRegistries()
        let balance = BalanceGuard()
        await preflight(client: client, signatureType: signatureType, balance: balance, database: database)
        let (engines, names) = try await loadEngines(
            marketIDs, gamma: gamma, database: database, gateway: gateway, signer: signer, exposure: exposure, negRisk: negRisk, balance: balance)
        guard !engines.isEmpty else { throw DaemonError("no market could be loaded") }
        await center.register(engines: engines, names: names)
        let scoring = ScoringChecker(
            settings: scoringCheck, client: client, gamma: gamma, signatureType: signatureType, database: database, logger: logger, nowMilliseconds: { Self.now() })
        await center.register(scoring: scoring)
        if let alerts { await scoring.alert(to: alerts, belowRatio: configuration.alerts.rewardShortfallRatio) }
        try await run(
            engines: engines, center: center, client: client, credentials: credentials, webSocketURL: webSocketURL, gamma: gamma, scoring: scoring,
            load: loader(gamma: gamma, database: database, gateway: gateway, signer: signer, exposure: exposure, negRisk: negRisk, balance: balance), selector: selector,
            arbitrage: arbitrageur(negRisk, client: client), refreshBalance: { await Self.refresh(balance, from: client, signatureType: signatureType) })
    }

    /// `venue.mode: dry-run` and `paper`: market data from the venue, the whole engine, every order built,
    /// signed and stored in the intent log, and handed to ``DryRunVenue``, which sends nothing, or to
    /// ``PaperVenue``, which fills it locally. No API key is derived and no authenticated request is made:
    /// there is no user channel, no heartbeat and no reward check.
    func dryRun(database: AppDatabase, center: ControlCenter, key: PrivateKey, chain: Chain, restURL: String, webSocketURL: String, gammaURL: String) async throws {
        let signatureType = SignatureType(rawValue: UInt8(configuration.venue.signatureType)) ?? .eoa
        let signer = try OrderSigner(key: key, chain: chain, signatureType: signatureType, funder: configuration.venue.funder.flatMap(Address.init))
        let gamma = GammaClient(baseURL: gammaURL, http: HTTPClient.shared, logger: logger)
        let venue: any VenueGateway
        if configuration.venue.mode == .paper {
            try await claim(database, for: .paper)
            let paper = PaperVenue(logger: logger)
            await center.register(paper: paper)
            venue = paper
        } else {
            let dryRun = DryRunVenue(logger: logger)
            await center.register(dryRun: dryRun)
            venue = dryRun
        }
        let gateway = BatchingGateway(base: venue, batcher: OrderBatcher(gateway: venue), cancels: CancelBatcher(gateway: venue))
        await center.register(discovery: MarketDiscovery(restURL: restURL, gammaURL: gammaURL, logger: logger))
        let (marketIDs, selector) = try await startingMarkets(gamma: gamma, restURL: restURL, gammaURL: gammaURL)
        let (exposure, negRisk) = configuration.exposureRegistries()
        // Nothing is spent: the balance guard is left without a figure, so it limits nothing.
        let (engines, names) = try await loadEngines(
            marketIDs, gamma: gamma, database: database, gateway: gateway, signer: signer, exposure: exposure, negRisk: negRisk, balance: BalanceGuard())
        guard !engines.isEmpty else { throw DaemonError("no market could be loaded") }
        await center.register(engines: engines, names: names)
        let tokens = Dictionary(uniqueKeysWithValues: engines.values.flatMap { engine in
            [(engine.market.yesToken, (engine.market.id, Outcome.yes)), (engine.market.noToken, (engine.market.id, Outcome.no))]
        })
        if let paper = venue as? PaperVenue {
            paper.register(tokens: tokens)
            logger.notice(
                "paper: orders are built, signed and stored, never sent; they fill against the venue's book and trades", metadata: ["address": "\(key.address)", "markets": "\(engines.count)"])
        } else if let dryRun = venue as? DryRunVenue {
            dryRun.register(tokens: tokens)
            logger.notice("dry-run: orders are built, signed and stored, never sent", metadata: ["address": "\(key.address)", "markets": "\(engines.count)"])
        }
        try await run(
            engines: engines, center: center, client: venue, credentials: nil, webSocketURL: webSocketURL, gamma: gamma,
            load: loader(gamma: gamma, database: database, gateway: gateway, signer: signer, exposure: exposure, negRisk: negRisk, balance: BalanceGuard()), selector: selector,
            arbitrage: arbitrageur(negRisk, client: ClobClient(configuration: ClobClientConfiguration(baseURL: restURL), http: HTTPClient.shared, key: key, chain: chain, logger: logger)),
            refreshBalance: {})
    }

    /// `strategy.negRiskArbitrage` when enabled: fee rates come from the venue's public market details.
    func arbitrageur(_ negRisk: NegRiskRegistry, client: ClobClient) -> NegRiskArbitrageur? {
        guard configuration.strategy.negRiskArbitrage.isEnabled else { return nil }
        return NegRiskArbitrageur(
            settings: configuration.strategy.negRiskArbitrage, registry: negRisk, feeRate: { try await client.takerFeeRate(conditionID: $0) }, logger: logger,
            nowMilliseconds: { Self.now() })
    }

    /// The markets to load at start: the configured ones, plus with `markets.auto` the best the venue's
    /// ranking selects (and the selector that keeps the choice up to date). With neither, a simulator
    /// venue's every market.
    func startingMarkets(gamma: GammaClient, restURL: String, gammaURL: String) async throws -> ([String], MarketAutoSelector?) {
        var marketIDs = configuration.markets.filter(\.isEnabled).map(\.id.rawValue)
        guard let auto = configuration.marketsAuto else {
            if marketIDs.isEmpty { marketIDs = try await gamma.markets(GammaMarketQuery()).map(\.conditionID) }
            return (marketIDs, nil)
        }
        let selector = MarketAutoSelector(
            settings: auto, discovery: MarketDiscovery(restURL: restURL, gammaURL: gammaURL, logger: logger), orderSize: configuration.strategy.orderSize,
            pinned: Set(marketIDs.map { $0.lowercased() }), logger: logger)
        // A venue that cannot be ranked this second (books still empty, a hiccup) is asked again a few times.
        for attempt in 1...3 {
            let selected = await selector.initialSelection()
            marketIDs += selected
            if !marketIDs.isEmpty || attempt == 3 { break }
            try await Task.sleep(for: .seconds(2))
        }
        guard !marketIDs.isEmpty else {
            throw DaemonError("markets.auto selected no market and markets lists none: the venue could not be ranked, or no market passes the filters (mmd markets discover shows the ranking)")
        }
        return (marketIDs, selector)
    }

    /// Builds the engine of one market added while running, exactly as those loaded at start.
    func loader(
        gamma: GammaClient, database: AppDatabase, gateway: any VenueGateway, signer: OrderSigner, exposure: ExposureRegistry, negRisk: NegRiskRegistry,
        balance: BalanceGuard
    ) -> @Sendable (String) async throws -> (engine: MarketEngine, name: String?) {
        { [self] id in
            // A placeholder outcome is skipped as at start; an event outcome joins its event's shared rules.
            let (loaded, names) = try await loadEngines(
                [id], gamma: gamma, database: database, gateway: gateway, signer: signer, exposure: exposure, negRisk: negRisk, balance: balance)
            guard let engine = loaded[id] else { throw DaemonError("\(id) is not listed at the venue with two outcome tokens") }
            return (engine, names[id])
        }
    }

    /// One engine per market the venue lists: one Gamma lookup for every id, one transaction for every
    /// market row and one read for every ledger, so start-up does not grow with a round trip per market.
    func loadEngines(
        _ marketIDs: [String], gamma: GammaClient, database: AppDatabase, gateway: any VenueGateway, signer: OrderSigner, exposure: ExposureRegistry,
        negRisk: NegRiskRegistry? = nil, balance: BalanceGuard
    ) async throws -> (engines: [String: MarketEngine], names: [String: String]) {
        let listed = Dictionary(try await gamma.markets(conditionIDs: marketIDs).map { ($0.conditionID, $0) }, uniquingKeysWith: { first, _ in first })
        var markets: [(EngineMarket, String?)] = []
        for id in marketIDs {
            guard let info = listed[id], let tokens = info.binaryTokens else {
                logger.error("market not found at the venue; skipped", metadata: ["market": "\(id)"])
                continue
            }
            // Skipped, not loaded idle: no engine, so no order can ever be sent for it.
            if info.negRiskOther {
                logger.notice(
                    "placeholder outcome of a neg-risk event (negRiskOther): never quoted; skipped",
                    metadata: ["market": "\(id)", "event": "\(info.negRiskMarketID ?? "")"])
                continue
            }
            let rewards = info.rewardParameters ?? RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5))
            let market = EngineMarket(
                id: id, yesToken: tokens.yes, noToken: tokens.no, tick: info.tickSize ?? .hundredth, negRisk: info.negRisk, rewards: rewards,
                venueMinimumSize: info.orderMinSize?.quantity ?? Quantity(shares: 5), event: info.negRisk ? info.negRiskMarketID : nil,
                endMilliseconds: info.endDate.flatMap(Self.epochMilliseconds(iso8601:)))
            markets.append((market, info.question))
        }
        try await database.saveMarkets(
            markets.map { market, name in
                StoredMarket(
                    id: market.id, name: name, yesToken: market.yesToken, noToken: market.noToken, tick: market.tick, negRisk: market.negRisk,
                    rewards: market.rewards)
            }, nowMilliseconds: Self.now())
        let ledgers = try await database.ledgers(markets: markets.map(\.0.id))
        if let negRisk {
            let events = Dictionary(grouping: markets.compactMap { market, _ in market.event.map { ($0, market.id) } }, by: \.0).mapValues { $0.map(\.1) }
            for outline in await negRiskOutlines(events, gamma: gamma) { outline.declare(in: negRisk) }
        }
        let fills = FillCommitter(database: database)
        var engines: [String: MarketEngine] = [:]
        var names: [String: String] = [:]
        for (market, name) in markets {
            names[market.id] = name
            var engineLogger = logger
            engineLogger[metadataKey: "market"] = "\(market.id)"
            engines[market.id] = MarketEngine(
                market: market, settings: configuration.quoterSettings(market: market.id, venueMinimumSize: market.venueMinimumSize),
                rebalanceThreshold: configuration.strategy.rebalanceThreshold, volatility: configuration.volatility, stopLoss: configuration.stopLoss,
                gateway: gateway, signer: signer, database: database, ledger: ledgers[market.id] ?? PositionLedger(), logger: engineLogger,
                debounceMilliseconds: Int64(configuration.strategy.debounceMilliseconds), baitDefence: configuration.baitDefence, exposure: exposure,
                negRisk: negRisk, taper: configuration.taper, balance: balance, orderExpirySeconds: configuration.orders.expirySeconds.map(Int64.init), strategy: configuration.quotingStrategy(market: market.id, takerFeeRate: .zero),
                sizeUpToScore: configuration.strategy.sizeUpToScore, capitalBudget: configuration.limits.maxCapitalPerMarket, fills: fills, metrics: monitor?.engineMetrics,
                incidents: engineIncidents, nowMilliseconds: { Self.now() })
            if markets.count <= 20 {
                logger.notice(
                    "market loaded",
                    metadata: [
                        "market": "\(market.id)", "question": "\(name ?? "")", "tick": "\(market.tick)",
                        "reward_band": "\(FixedPoint.format(micros: market.rewards.maxSpread))",
                    ])
            }
        }
        logger.notice("markets loaded", metadata: ["count": "\(engines.count)", "requested": "\(marketIDs.count)"])
        return (engines, names)
    }

    /// The balance pre-flight at start: the venue's free collateral loaded into the guard, and a warning
    /// and a risk event when it cannot fund one order.
    func preflight(client: ClobClient, signatureType: SignatureType, balance: BalanceGuard, database: AppDatabase) async {
        guard let micros = await Self.refresh(balance, from: client, signatureType: signatureType) else {
            logger.warning("balance pre-flight: the venue did not answer; posts are checked by the venue alone")
            return
        }
        let smallest = FixedPoint.multiplyDivide(configuration.strategy.orderSize.micros, 500_000, dividingBy: FixedPoint.scale, rounding: .up) ?? 0
        if micros < smallest {
            let reason = "free collateral \(FixedPoint.format(micros: micros)) pUSD cannot fund one BUY of \(configuration.strategy.orderSize) at 0.50; only sells of held tokens can quote"
            logger.error("balance pre-flight", metadata: ["reason": "\(reason)"])
            alerts?.report(AlertIncident(.balanceShortfall, summary: "balance pre-flight: the free collateral cannot fund one BUY", description: reason))
            do { try await database.recordRiskEvent(market: nil, kind: "balance", reason: reason, nowMilliseconds: Self.now()) } catch {
                logger.error("risk event could not be stored", metadata: ["kind": "balance", "error": "\(error)"])
            }
        } else {
            logger.notice("balance pre-flight passed", metadata: ["collateral": "\(FixedPoint.format(micros: micros))"])
        }
    }

    /// Loads the venue's free collateral (base units = micro-pUSD) into `balance`; `nil` when it did not answer.
    @discardableResult
    static func refresh(_ balance: BalanceGuard, from client: ClobClient, signatureType: SignatureType) async -> Int64? {
        guard let reply = try? await client.balanceAllowance(assetType: .collateral, signatureType: signatureType), let micros = Int64(reply.balance.text) else {
            return nil
        }
        balance.refresh(availableMicros: micros)
        return micros
    }

    /// Gamma's `endDate` (ISO 8601) in Unix milliseconds, whole seconds. Read by ``RFC3339``, not
    /// `ISO8601DateFormatter`, whose parser a long fraction of a second crashes (docs/fuzzing.md).
    static func epochMilliseconds(iso8601 text: String) -> Int64? {
        RFC3339.milliseconds(text).map { $0 / 1_000 * 1_000 }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}

/// Resumes a continuation with the first of several racing results.
final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ value: Bool) {
        continuation.withLock { pending in
            pending?.resume(returning: value)
            pending = nil
        }
    }
}

extension Daemon {
    /// A database holds the fills of one kind of trading: paper fills in a live ledger would be taken for a
    /// real position. The first run claims it; a run of the other kind is refused with what to do.
    func claim(_ database: AppDatabase, for kind: LedgerKind) async throws {
        let found: LedgerKind?
        do { found = try await database.ledgerKind() } catch { throw DaemonError("the database at \(database.path) could not be read: \(error)") }
        if let found, found != kind {
            throw DaemonError(
                "the database at \(database.path) holds \(found.rawValue) fills; \(kind.rawValue) trading needs a database of its own: set storage.databasePath to another file (e.g. \(kind == .paper ? "/var/lib/mmd/paper.sqlite" : "/var/lib/mmd/mmd.sqlite"))")
        }
        if found == nil { try await database.claim(kind) }
    }
}
