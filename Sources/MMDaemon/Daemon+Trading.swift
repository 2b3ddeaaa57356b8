import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
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
        let bare = ClobClient(configuration: ClobClientConfiguration(baseURL: restURL), http: HTTPClient.shared, key: key, chain: chain, logger: logger)
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
        // Every engine's posts share batches of up to 15 orders across markets.
        let gateway = BatchingGateway(base: client, batcher: OrderBatcher(gateway: client))

        var marketIDs = configuration.markets.filter(\.isEnabled).map(\.id.rawValue)
        if marketIDs.isEmpty { marketIDs = try await gamma.markets(GammaMarketQuery()).map(\.conditionID) }
        let listed = try await gamma.markets(conditionIDs: marketIDs)
        var engines: [String: MarketEngine] = [:]
        var names: [String: String] = [:]
        let exposure = ExposureRegistry(settings: ExposureCapSettings(global: configuration.limits.maxGlobalExposure, perEvent: configuration.limits.maxEventExposure))
        let balance = BalanceGuard()
        await preflight(client: client, signatureType: signatureType, balance: balance, database: database)
        for id in marketIDs {
            guard let info = listed.first(where: { $0.conditionID == id }), let tokens = info.binaryTokens else {
                logger.error("market not found at the venue; skipped", metadata: ["market": "\(id)"])
                continue
            }
            let rewards = info.rewardParameters ?? RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5))
            let market = EngineMarket(
                id: id, yesToken: tokens.yes, noToken: tokens.no, tick: info.tickSize ?? .hundredth, negRisk: info.negRisk, rewards: rewards,
                venueMinimumSize: info.orderMinSize?.quantity ?? Quantity(shares: 5), event: info.negRisk ? info.negRiskMarketID : nil,
                endMilliseconds: info.endDate.flatMap(Self.epochMilliseconds(iso8601:)))
            let settings = configuration.quoterSettings(market: id, venueMinimumSize: market.venueMinimumSize)
            try await database.saveMarket(
                id: id, name: info.question, yesToken: tokens.yes, noToken: tokens.no, tick: market.tick, negRisk: market.negRisk, rewards: rewards,
                nowMilliseconds: Self.now())
            names[id] = info.question
            var engineLogger = logger
            engineLogger[metadataKey: "market"] = "\(id)"
            engines[id] = MarketEngine(
                market: market, settings: settings, rebalanceThreshold: configuration.strategy.rebalanceThreshold, volatility: configuration.volatility,
                stopLoss: configuration.stopLoss, gateway: gateway, signer: signer, database: database, ledger: try await database.ledger(market: id),
                logger: engineLogger, debounceMilliseconds: Int64(configuration.strategy.debounceMilliseconds), baitDefence: configuration.baitDefence,
                exposure: exposure, taper: configuration.taper, balance: balance, nowMilliseconds: { Self.now() })
            logger.notice("market loaded", metadata: ["market": "\(id)", "question": "\(info.question ?? "")", "tick": "\(market.tick)", "reward_band": "\(FixedPoint.format(micros: rewards.maxSpread))"])
        }
        guard !engines.isEmpty else { throw DaemonError("no market could be loaded") }
        await center.register(engines: engines, names: names)
        try await run(
            engines: engines, center: center, client: client, credentials: credentials, webSocketURL: webSocketURL, gamma: gamma,
            refreshBalance: { await Self.refresh(balance, from: client, signatureType: signatureType) })
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
            try? await database.recordRiskEvent(market: nil, kind: "balance", reason: reason, nowMilliseconds: Self.now())
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

    /// Gamma's `endDate` (ISO 8601) in Unix milliseconds.
    static func epochMilliseconds(iso8601 text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        return date.map { Int64($0.timeIntervalSince1970) * 1_000 }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    /// Feeds, timers and the heartbeat, until cancelled or `runFor` elapses; then cancels everything.
    func run(
        engines: [String: MarketEngine], center: ControlCenter, client: ClobClient, credentials: APICredentials, webSocketURL: String, gamma: GammaClient,
        refreshBalance: @escaping @Sendable () async -> Void
    ) async throws {
        let tokenToMarket = Dictionary(uniqueKeysWithValues: engines.values.flatMap { engine in [(engine.market.yesToken, engine.market.id), (engine.market.noToken, engine.market.id)] })
        let feedConfiguration = ChannelFeedConfiguration(baseURL: webSocketURL)
        let marketFeed = ChannelFeed(configuration: feedConfiguration, subscription: .market(assetIDs: tokenToMarket.keys.sorted()), logger: logger)
        var userConfiguration = feedConfiguration
        userConfiguration.freezeTimeoutMilliseconds = nil
        let userFeed = ChannelFeed(configuration: userConfiguration, subscription: .user(credentials: credentials, markets: engines.keys.sorted()), logger: logger)

        // Recovery before the first quote: leftovers cancelled, fills missed while down applied.
        for engine in engines.values {
            await engine.reconcileAtStartup()
            await engine.resync()
        }
        // Only now is the daemon ready: `systemctl start mmd` returns after recovery, not before.
        await center.markRecovered()
        let manager = ServiceManager()
        manager.ready(status: await statusLine(engines))
        // Pings at half the interval systemd expects them within, counted in 50 ms ticks.
        let watchdogEvery = manager.watchdogInterval.map { interval -> Int in
            let milliseconds = interval.components.seconds * 1_000 + interval.components.attoseconds / 1_000_000_000_000_000
            return max(Int(milliseconds / 100), 1)
        }

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await marketFeed.run { event in
                    guard case .message(let message) = event, let market = Self.market(of: message, tokenToMarket), let engine = engines[market] else { return }
                    await engine.handle(.market(message))
                }
            }
            group.addTask {
                await userFeed.run { event in
                    switch event {
                    case .connected(_, true): for engine in engines.values { await engine.handle(.resync) }
                    case .message(let message):
                        let market: String? = switch message {
                        case .trade(let trade): trade.market
                        case .order(let order): order.market
                        default: nil
                        }
                        if let market, let engine = engines[market] { await engine.handle(.user(message)) }
                    default: break
                    }
                }
            }
            group.addTask {
                // 50 ms ticks drive the engines' debounce; every 100th sends the heartbeat (5 s).
                var heartbeat = ""
                var heartbeatFailed = false
                var ticks = 0
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(50))
                    if Task.isCancelled { break }
                    ticks += 1
                    for engine in engines.values { await engine.handle(.timer) }
                    // The watchdog is gated on engine health by construction: a stalled engine stalls this
                    // loop, the pings stop, and systemd restarts the service after WatchdogSec.
                    if let watchdogEvery, ticks % watchdogEvery == 0 { manager.watchdog() }
                    if ticks % 200 == 0 { manager.status(await statusLine(engines)) }
                    if ticks % 100 == 0 {
                        do {
                            heartbeat = try await client.heartbeat(previousID: heartbeat)
                            if heartbeatFailed {
                                heartbeatFailed = false
                                // Only the suspension is lifted: an operator's pause or halt outlives the outage.
                                logger.notice("heartbeat restored: quoting again")
                                for engine in engines.values { await engine.heartbeatRestored() }
                            }
                        } catch {
                            if Task.isCancelled { break }
                            logger.error("heartbeat failed: stopping quotes before the venue's switch fires", metadata: ["error": "\(error)"])
                            heartbeat = ""
                            if !heartbeatFailed {
                                heartbeatFailed = true
                                for engine in engines.values { await engine.suspendForHeartbeat() }
                            }
                        }
                    }
                    if ticks % 200 == 0 { await refreshBalance() }
                    if ticks % 600 == 0 { await logStatus(engines) }
                }
            }
            group.addTask {
                // Reward parameters come from the venue and change live: refresh every 10 minutes.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(600))
                    if Task.isCancelled { break }
                    guard let markets = try? await gamma.markets(conditionIDs: engines.keys.sorted()) else { continue }
                    for info in markets {
                        if let engine = engines[info.conditionID], let rewards = info.rewardParameters { await engine.update(rewards: rewards) }
                    }
                }
            }
            // Run until graceful shutdown (SIGTERM/SIGINT under the ServiceGroup; it is not a cancellation, so
            // the cancels below still run) or the optional duration, whichever comes first.
            let runFor = self.runFor
            await withTaskGroup(of: Void.self) { waiters in
                waiters.addTask { try? await gracefulShutdown() }
                if let runFor { waiters.addTask { try? await Task.sleep(for: runFor) } }
                await waiters.next()
                waiters.cancelAll()
            }
            group.cancelAll()
        }
        manager.stopping()
        logger.notice("stopping: cancelling every order")
        // Bounded, so systemd's TimeoutStopSec (90 s in the unit) is never reached: whatever a venue outage
        // leaves behind is cancelled by the venue's heartbeat dead-man switch, which no longer gets pings.
        let finished = await Self.within(.seconds(Self.gracefulStopBoundSeconds)) {
            for engine in engines.values { await engine.cancelEverything() }
            // Fills that happened while the orders were being cancelled arrive after the feeds closed.
            for engine in engines.values { await engine.syncTrades() }
        }
        if !finished {
            logger.error("graceful stop exceeded its bound; the venue's heartbeat switch cancels what is left", metadata: ["bound_s": "\(Self.gracefulStopBoundSeconds)"])
        }
        let remaining = (try? await client.openOrders(market: nil, assetID: nil))?.count ?? -1
        logger.notice("stopped", metadata: ["open_orders_left": "\(remaining)"])
    }

    /// The longest a graceful stop spends cancelling (the unit's TimeoutStopSec must stay above it).
    static let gracefulStopBoundSeconds = 60

    /// Runs `work`, giving up waiting after `limit` (the work itself carries on unobserved); `true` when
    /// it finished in time.
    static func within(_ limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = ResumeOnce(continuation)
            Task {
                await work()
                once.resume(true)
            }
            Task {
                try? await Task.sleep(for: limit)
                once.resume(false)
            }
        }
    }

    static func market(of message: ChannelMessage, _ tokens: [String: String]) -> String? {
        switch message {
        case .book(let book): tokens[book.assetID]
        case .priceChange(let change): change.changes.first.flatMap { tokens[$0.assetID] } ?? change.market
        case .tickSizeChange(let change): tokens[change.assetID]
        default: nil
        }
    }

    /// The one line `systemctl status mmd` shows: markets quoting and total P&L.
    func statusLine(_ engines: [String: MarketEngine]) async -> String {
        var quoting = 0
        var total = Money.zero
        for engine in engines.values {
            let state = await engine.riskState
            if state == .quoting || state == .skewed || state == .oneSided { quoting += 1 }
            if let mid = await engine.currentBook.mid { total += await engine.currentLedger.total(mid: mid) }
        }
        return "quoting \(quoting)/\(engines.count) markets, P&L \(total) pUSD"
    }

    func logStatus(_ engines: [String: MarketEngine]) async {
        for engine in engines.values {
            let ledger = await engine.currentLedger
            let book = await engine.currentBook
            guard let mid = book.mid else { continue }
            let report = PnLReport(ledger: ledger, mid: mid)
            let posted = await engine.quotesPosted
            let fills = await engine.fillsApplied
            let state = await engine.riskState
            logger.notice(
                "status \(state.rawValue) mid \(mid) | \(report.lines.joined(separator: " | "))",
                metadata: ["market": "\(engine.market.id)", "risk_state": "\(state.rawValue)", "quotes_posted": "\(posted)", "fills": "\(fills)"])
        }
    }
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
