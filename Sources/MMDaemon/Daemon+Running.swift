import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMDecision
import MMEngine
import MMSystemd
import Polymarket
import ServiceLifecycle

extension Daemon {
    /// How many engines recover, or stop, at once: enough to hide round trips, few enough to stay inside
    /// the venue's rate limits and two cores.
    static let engineConcurrency = 16

    /// Feeds, the scheduler and the heartbeat, until graceful shutdown or `runFor`; then cancels everything.
    ///
    /// - Parameter load: builds the engine of a market added live (`mmctl markets add`); `nil`: markets are
    ///   fixed for the run.
    func run(
        engines: [String: MarketEngine], center: ControlCenter, client: any VenueGateway, credentials: APICredentials?, webSocketURL: String, gamma: GammaClient,
        scoring: ScoringChecker? = nil, load: (@Sendable (String) async throws -> (engine: MarketEngine, name: String?))? = nil,
        selector: MarketAutoSelector? = nil, arbitrage: NegRiskArbitrageur? = nil, refreshBalance: @escaping @Sendable () async -> Void
    ) async throws {
        // The markets change while running (mmctl markets add|remove): every reader below goes through `live`.
        let live = LiveMarkets(engines)
        // A paper fill reaches its engine (one added live too) as the venue's user channel would deliver it.
        (client as? PaperVenue)?.connect { market, message in live.engine(market)?.send(.user(message)) }
        let feedConfiguration = ChannelFeedConfiguration(baseURL: webSocketURL)
        let marketFeed = ChannelFeed(configuration: feedConfiguration, subscription: .market(assetIDs: live.tokens.keys.sorted()), logger: logger)
        var userConfiguration = feedConfiguration
        userConfiguration.freezeTimeoutMilliseconds = nil
        // No credentials (dry-run): no user channel, since nothing of ours can trade. With credentials the
        // key's events in every market, so a market added later needs no new subscription.
        let userFeed = credentials.map { ChannelFeed(configuration: userConfiguration, subscription: .user(credentials: $0, markets: []), logger: logger) }
        // Markets added live get a market-channel connection of their own, opened by the task below.
        let (additions, addition) = AsyncStream.makeStream(of: [String].self)

        // Recovery before the first quote: leftovers cancelled, fills missed while down applied.
        await recover(engines, client: client)
        let dryRunVenue = client as? DryRunVenue
        let paperVenue = client as? PaperVenue
        if let load {
            await center.register(roster: MarketRoster(
                live: live, load: load, client: client, center: center,
                subscribe: { engine in
                    let tokens = [engine.market.yesToken: (engine.market.id, Outcome.yes), engine.market.noToken: (engine.market.id, Outcome.no)]
                    dryRunVenue?.register(tokens: tokens)
                    paperVenue?.register(tokens: tokens)
                    addition.yield([engine.market.yesToken, engine.market.noToken])
                }, logger: logger))
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
        // In dry-run the trades the market prints show what the would-be quotes would have filled.
        let dryRun = dryRunVenue
        // In paper, the book and the trades it shows fill the paper orders.
        let paper = paperVenue
        let route: @Sendable (FeedEvent) async -> Void = { [monitor, alerts] event in
            monitor?.record(.market, event)
            Self.alert(alerts, .market, event)
            guard case .message(let message) = event, let market = Self.market(of: message, live.tokens), let engine = live.engine(market) else { return }
            if let dryRun, case .lastTradePrice(let print) = message { dryRun.observe(print, nowMilliseconds: Self.now()) }
            paper?.observe(message, nowMilliseconds: Self.now())
            engine.send(.market(message))
        }

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await marketFeed.run(route) }
            group.addTask {
                // One more market-channel connection for each market added live.
                await withTaskGroup(of: Void.self) { feeds in
                    for await tokens in additions {
                        let feed = ChannelFeed(configuration: feedConfiguration, subscription: .market(assetIDs: tokens), logger: logger)
                        feeds.addTask { await feed.run(route) }
                    }
                    feeds.cancelAll()
                }
            }
            if let userFeed {
                group.addTask {
                    await userFeed.run { [monitor, alerts] event in
                        monitor?.record(.user, event)
                        Self.alert(alerts, .user, event)
                        switch event {
                        case .connected(_, true): await resync(live.ordered, client: client)
                        case .message(let message):
                            let market: String? =
                                switch message {
                                case .trade(let trade): trade.market
                                case .order(let order): order.market
                                default: nil
                                }
                            if let market, let engine = live.engine(market) { engine.send(.user(message)) }
                        default: break
                        }
                    }
                }
            }
            group.addTask {
                await schedule(live, client: client, manager: manager, watchdogEvery: watchdogEvery, refreshBalance: refreshBalance)
            }
            group.addTask {
                // Reward parameters come from the venue and change live: refresh every 10 minutes.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(600))
                    if Task.isCancelled { break }
                    guard let markets = try? await gamma.markets(conditionIDs: live.engines.keys.sorted()) else { continue }
                    for info in markets {
                        if let engine = live.engine(info.conditionID), let rewards = info.rewardParameters { await engine.update(rewards: rewards) }
                    }
                }
            }
            if let scoring { group.addTask { await scoring.run(live: { live.ordered }) } }
            // markets.auto: the selection refreshed every refreshMinutes.
            if let selector, load != nil { group.addTask { await selector.run(center: center) } }
            // strategy.negRiskArbitrage: whole sets of an event bought when its books sell them below payout.
            if let arbitrage { group.addTask { await arbitrage.run(live: { live.engines }) } }
            // Run until graceful shutdown (SIGTERM/SIGINT under the ServiceGroup; it is not a cancellation, so
            // the cancels below still run) or the optional duration, whichever comes first.
            let runFor = self.runFor
            await withTaskGroup(of: Void.self) { waiters in
                waiters.addTask { try? await gracefulShutdown() }
                if let runFor { waiters.addTask { try? await Task.sleep(for: runFor) } }
                await waiters.next()
                waiters.cancelAll()
            }
            addition.finish()
            group.cancelAll()
        }
        manager.stopping()
        await stop(live.ordered, client: client)
    }

    /// Start-up recovery with one request per kind for every market: the venue's open orders (adopt ours,
    /// cancel strays, mark the missing lost) and our trades since the newest stored fill.
    func recover(_ engines: [String: MarketEngine], client: any VenueGateway) async {
        let ordered = engines.keys.sorted().compactMap { engines[$0] }
        let open: [OrderMessage]
        do { open = try await client.openOrders(market: nil, assetID: nil) } catch {
            logger.error("start-up recovery: open orders unavailable; each market asks again", metadata: ["error": "\(error)"])
            await Self.forEach(ordered) { engine in
                await engine.reconcileAtStartup()
                await engine.resync()
            }
            return
        }
        let openByMarket = Dictionary(grouping: open, by: \.market)
        await Self.forEach(ordered) { await $0.reconcileAtStartup(open: openByMarket[$0.market.id] ?? []) }
        await syncTrades(ordered, client: client)
        await Self.forEach(ordered) { await $0.requoteAfterRecovery() }
        logger.notice("recovered", metadata: ["markets": "\(engines.count)", "open_orders_found": "\(open.count)"])
    }

    /// After the user feed reconnected: fills missed meanwhile applied, and orders the venue no longer
    /// lists forgotten, with one request per kind for every market (per-market requests would take a
    /// thousand markets past the venue's data rate limits).
    func resync(_ engines: [MarketEngine], client: any VenueGateway) async {
        await syncTrades(engines, client: client)
        let open: [OrderMessage]
        do { open = try await client.openOrders(market: nil, assetID: nil) } catch {
            logger.warning("resync: open orders unavailable; quoting on what is known", metadata: ["error": "\(error)"])
            await Self.forEach(engines) { await $0.requoteAfterRecovery() }
            return
        }
        let byMarket = Dictionary(grouping: open, by: \.market)
        await Self.forEach(engines) { await $0.resync(open: byMarket[$0.market.id] ?? []) }
    }

    /// One trade request for every market; each engine takes its own fills (idempotent).
    func syncTrades(_ engines: [MarketEngine], client: any VenueGateway) async {
        guard let first = engines.first else { return }
        let after: UInt64?
        do { after = try await first.tradeSyncStart() } catch {
            logger.error("trade sync: the store is unreadable", metadata: ["error": "\(error)"])
            return
        }
        let trades: [TradeMessage]
        do { trades = try await client.trades(market: nil, assetID: nil, afterSeconds: after) } catch {
            logger.warning("trade sync failed; each market asks again", metadata: ["error": "\(error)"])
            await Self.forEach(engines) { await $0.syncTrades() }
            return
        }
        let byMarket = Dictionary(grouping: trades, by: \.market)
        await Self.forEach(engines) { engine in
            if let own = byMarket[engine.market.id] { await engine.apply(trades: own) }
        }
    }

    /// The one timer of the daemon: every 50 ms it wakes only the engines whose machine asked for it (a
    /// debounce that ended, the once-a-second policies), pings the watchdog, and every 5 s sends the
    /// venue's heartbeat. Its cost follows the markets that are due, not all markets.
    func schedule(
        _ live: LiveMarkets, client: any VenueGateway, manager: ServiceManager, watchdogEvery: Int?, refreshBalance: @escaping @Sendable () async -> Void
    ) async {
        var heartbeat = ""
        var heartbeatFailed = false
        var ticks = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            if Task.isCancelled { break }
            ticks += 1
            // Markets come and go (mmctl markets add|remove): each tick serves those being made now.
            let engines = live.ordered
            let now = Self.now()
            // Due engines tick side by side: one engine waiting on the venue must not delay the others,
            // and their posts meet in the order batcher.
            await Self.forEach(engines.filter { $0.wake.isDue(now) }, concurrency: Self.timerConcurrency) { await $0.handle(.timer) }
            // The watchdog is gated on engine health by construction: a stalled engine stalls this loop,
            // the pings stop, and systemd restarts the service after WatchdogSec.
            if let watchdogEvery, ticks % watchdogEvery == 0 { manager.watchdog() }
            if ticks % 200 == 0 { manager.status(await statusLine(engines)) }
            if ticks % 100 == 0 {
                do {
                    heartbeat = try await client.heartbeat(previousID: heartbeat)
                    monitor?.heartbeat(succeeded: true)
                    alerts?.resolve(.heartbeatFailing)
                    if heartbeatFailed {
                        heartbeatFailed = false
                        // Only the suspension is lifted: an operator's pause or halt outlives the outage.
                        logger.notice("heartbeat restored: quoting again")
                        await Self.forEach(engines) { await $0.heartbeatRestored() }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.error("heartbeat failed: stopping quotes before the venue's switch fires", metadata: ["error": "\(error)"])
                    monitor?.heartbeat(succeeded: false)
                    alerts?.report(AlertIncident(.heartbeatFailing, summary: "the venue heartbeat is failing: quotes suspended", description: "\(error)"))
                    heartbeat = ""
                    if !heartbeatFailed {
                        heartbeatFailed = true
                        await Self.forEach(engines) { await $0.suspendForHeartbeat() }
                    }
                }
            }
            if ticks % 200 == 0 { await refreshBalance() }
            if ticks % 200 == 0, let alerts, let threshold = configuration.alerts.dailyLossThreshold { await checkDailyLoss(engines, threshold: threshold, alerts: alerts) }
            if ticks % 600 == 0 { await logStatus(engines) }
        }
    }

    /// Cancels every order of every market (by id, then a sweep of the market), then applies the fills
    /// that happened meanwhile; bounded, so systemd's TimeoutStopSec (90 s in the unit) is never reached:
    /// whatever a venue outage leaves behind is cancelled by the venue's heartbeat switch.
    func stop(_ engines: [MarketEngine], client: any VenueGateway) async {
        logger.notice("stopping: cancelling every order", metadata: ["markets": "\(engines.count)"])
        let finished = await Self.within(.seconds(Self.gracefulStopBoundSeconds)) {
            // Many at once, so their cancels meet in the cancel batcher's requests.
            await Self.forEach(engines, concurrency: Self.timerConcurrency) { await $0.cancelEverything() }
            // Fills that happened while the orders were being cancelled arrive after the feeds closed.
            await syncTrades(engines, client: client)
        }
        if !finished {
            logger.error("graceful stop exceeded its bound; the venue's heartbeat switch cancels what is left", metadata: ["bound_s": "\(Self.gracefulStopBoundSeconds)"])
        }
        let remaining = await cancelLeftovers(markets: Set(engines.map(\.market.id)), client: client, engines: engines)
        logger.notice("stopped", metadata: ["open_orders_left": "\(remaining)"])
    }

    /// How long a stop keeps retrying the cancels of orders the venue still lists (inside the unit's
    /// TimeoutStopSec of 90 s, after the 60 s bound above).
    static let leftoverRetrySeconds = 15

    /// Orders of ours in these markets the venue still lists after the engines' cancels (a sweep refused
    /// by a 5xx, an answer lost to a timeout): cancelled by id again with a growing pause until none is
    /// left or the time is up, then the trades synced once more (a leftover may have filled meanwhile).
    /// Returns how many are left (−1: the venue could not be asked).
    func cancelLeftovers(markets: Set<String>, client: any VenueGateway, engines: [MarketEngine]) async -> Int {
        let deadline = ContinuousClock.now + .seconds(Self.leftoverRetrySeconds)
        var pause = Duration.milliseconds(250)
        var retried = false
        var left = -1
        // A cancelled task (tests, embedding; a graceful stop never cancels) can neither send nor wait:
        // every request fails at once and every pause returns at once, so it stops here.
        while !Task.isCancelled {
            do {
                let open = try await client.openOrders(market: nil, assetID: nil).filter { markets.contains($0.market) }
                left = open.count
                if open.isEmpty { break }
                logger.warning("orders still open after the cancels: cancelling them again", metadata: ["count": "\(open.count)"])
                retried = true
                _ = try await client.cancel(orderIDs: open.map(\.id))
            } catch {
                logger.warning("leftover cancel failed; retrying", metadata: ["error": "\(error)"])
            }
            guard ContinuousClock.now + pause < deadline else {
                // Out of time: one last look, so the figure reported is the venue's after the last cancel.
                left = (try? await client.openOrders(market: nil, assetID: nil).filter { markets.contains($0.market) }.count) ?? -1
                break
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(2))
        }
        if retried { await syncTrades(engines, client: client) }
        return left
    }

    /// How many due engines handle a timer tick at once.
    static let timerConcurrency = 64

    /// Runs `work` for every engine, at most `concurrency` at a time.
    static func forEach(
        _ engines: [MarketEngine], concurrency: Int = engineConcurrency, _ work: @escaping @Sendable (MarketEngine) async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            var index = 0
            while index < engines.count, index < concurrency {
                let engine = engines[index]
                group.addTask { await work(engine) }
                index += 1
            }
            while await group.next() != nil, index < engines.count {
                let engine = engines[index]
                group.addTask { await work(engine) }
                index += 1
            }
        }
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
        case .lastTradePrice(let print): tokens[print.assetID]
        default: nil
        }
    }

    /// The one line `systemctl status mmd` shows: markets quoting and total P&L.
    func statusLine(_ engines: [String: MarketEngine]) async -> String { await statusLine(Array(engines.values)) }

    func statusLine(_ engines: [MarketEngine]) async -> String {
        var quoting = 0
        var total = Money.zero
        for engine in engines {
            let state = await engine.riskState
            if state == .quoting || state == .skewed || state == .oneSided { quoting += 1 }
            if let mid = await engine.currentBook.mid { total += await engine.currentLedger.total(mid: mid) }
        }
        return "quoting \(quoting)/\(engines.count) markets, P&L \(total) pUSD"
    }

    /// Every 30 s: a P&L line per market (up to 20 markets), else one summary line.
    func logStatus(_ engines: [MarketEngine]) async {
        guard engines.count <= 20 else {
            let line = await statusLine(engines)
            logger.notice("status \(line)")
            return
        }
        for engine in engines {
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
