import Foundation
import Logging
import MMConfig
import MMControl
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import MMSystemd

/// The daemon's side of the control protocol: reads come from the engines and the database, actions go
/// through the engines' own paths (the same ones the risk policies use), and every action is recorded
/// in the audit log with the peer's uid.
public actor ControlCenter {
    public static let version = "mmd 0.7.0 (control protocol v1)"

    let database: AppDatabase
    let logger: Logger
    let logLevel: SharedLogLevel
    let configurationPath: String?
    let startedAt = Date()
    var configuration: MMConfiguration
    /// The YAML live edits apply to (the file's text, then each edit).
    var yaml: String
    var engines: [String: MarketEngine] = [:]
    var names: [String: String] = [:]
    public private(set) var isHalted = false
    /// Set once startup reconciliation and resync are done.
    var isRecovered = false
    /// The scoring checks and reward reconciliation, once trading runs.
    var scoring: ScoringChecker?
    /// The venue that sends nothing, in `venue.mode: dry-run`.
    var dryRun: DryRunVenue?
    /// The venue that fills locally, in `venue.mode: paper`.
    var paper: PaperVenue?
    /// Adds and removes markets live, once trading runs.
    var roster: MarketRoster?
    /// Ranks the venue's markets (`markets.discover`), with the daemon's venue.
    var discovery: MarketDiscovery?
    /// The alert sender, when `alerts.destinations` lists any.
    var alerts: AlertService?

    public init(configuration: MMConfiguration, yaml: String, configurationPath: String?, database: AppDatabase, logLevel: SharedLogLevel, logger: Logger) {
        self.configuration = configuration
        self.yaml = yaml
        self.configurationPath = configurationPath
        self.database = database
        self.logLevel = logLevel
        self.logger = logger
    }

    /// Engines become available once recovery is done; until then only status and version answer.
    public func register(engines: [String: MarketEngine], names: [String: String]) {
        self.engines = engines
        self.names = names
    }

    public func markRecovered() { isRecovered = true }

    func register(dryRun venue: DryRunVenue) { dryRun = venue }

    func register(paper venue: PaperVenue) { paper = venue }

    func register(roster: MarketRoster) { self.roster = roster }

    func register(discovery: MarketDiscovery) { self.discovery = discovery }

    /// A market added live joins every read (status, metrics, the dashboard) and operator action.
    func add(engine: MarketEngine, name: String?) async {
        engines[engine.market.id] = engine
        if let name { names[engine.market.id] = name }
        // It was loaded with the file's settings: the live edits made since apply to it too.
        await engine.update(
            settings: configuration.quoterSettings(market: engine.market.id, venueMinimumSize: engine.market.venueMinimumSize),
            rebalanceThreshold: configuration.strategy.rebalanceThreshold)
        await engine.update(strategy: configuration.quotingStrategy(market: engine.market.id, takerFeeRate: .zero))
    }

    /// A market removed live leaves them.
    func remove(market: String) {
        engines[market] = nil
        names[market] = nil
    }

    public func handle(_ command: ControlCommand, peer: PeerCredentials) async -> Result<JSONValue, ControlError> {
        if command.isMutating {
            do { try await database.audit(actor: "uid \(peer.uid)", action: "\(command)", detail: "pid \(peer.pid)", nowMilliseconds: Self.now()) } catch {
                // The command still runs (an operator's halt must not depend on the disk), but the gap is said.
                logger.error("audit entry could not be stored", metadata: ["command": "\(command)", "error": "\(error)"])
            }
            logger.notice("control command", metadata: ["command": "\(command)", "uid": "\(peer.uid)", "pid": "\(peer.pid)"])
        }
        do { return .success(try await execute(command)) } catch { return .failure(error) }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    func execute(_ command: ControlCommand) async throws(ControlError) -> JSONValue {
        switch command {
        case .version: return .object(["version": .string(Self.version), "protocol": .integer(ControlProtocol.version)])
        case .status: return await status()
        // Alerts do not depend on the venue: a setup can be tested while mmd is still recovering.
        case .alertsTest: return try await alertsTest()
        case .logLevel(nil): return .object(["level": .string(logLevel.level.rawValue)])
        case .logLevel(let text?):
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ControlError(.invalidArguments, "log-level: \(text) must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel.level = level
            return .object(["level": .string(level.rawValue)])
        case .configGet(let key):
            let values = configuration.flattened
            if let key {
                guard let value = values[key] else { throw ControlError(.invalidArguments, "config.get: unknown key \(key) (known: \(values.keys.sorted().joined(separator: ", ")))") }
                return .object([key: .string(value)])
            }
            return .object(values.mapValues(JSONValue.string))
        default: break
        }
        // Engines are registered with the end of recovery (and may all be removed live later).
        guard isRecovered else { throw ControlError(.unavailable, "mmd is still recovering (reconciling with the venue); try again in a moment") }
        switch command {
        case .marketsDiscover(let request):
            return try await discover(request)
        case .marketsAdd(let market):
            guard let roster else { throw ControlError(.unavailable, "markets.add: this run's markets are fixed (the built-in simulator); edit markets: in the configuration") }
            return try await roster.add(market)
        case .marketsRemove(let market, let keepPosition):
            guard let roster else { throw ControlError(.unavailable, "markets.remove: this run's markets are fixed (the built-in simulator); edit markets: in the configuration") }
            return try await roster.remove(market, keepPosition: keepPosition)
        case .markets:
            var rows: [JSONValue] = []
            for engine in sorted() {
                let rewards = await engine.rewards
                rows.append(.object([
                    "market": .string(engine.market.id), "name": names[engine.market.id].map(JSONValue.string) ?? .null,
                    "yes_token": .string(engine.market.yesToken), "no_token": .string(engine.market.noToken), "tick": .string("\(engine.market.tick)"),
                    "neg_risk": .bool(engine.market.negRisk), "reward_max_spread": .string(FixedPoint.format(micros: rewards.maxSpread)),
                    "reward_min_size": .string(rewards.minSize.description), "state": .string((await engine.riskState).rawValue),
                ]))
            }
            return .array(rows)
        case .pnl(let market):
            var rows: [JSONValue] = []
            for engine in try select(market) { rows.append(await pnl(engine)) }
            return .array(rows)
        case .orders(let market, true):
            return try intendedOrders(market: market)
        case .orders(let market, false):
            var rows: [JSONValue] = []
            for engine in try select(market) {
                let intents: [OrderIntent]
                do { intents = try await database.intents(market: engine.market.id) } catch {
                    throw ControlError(.failed, "orders: the intent log is unreadable: \(error)")
                }
                for intent in intents.sorted(by: { $0.createdAtMilliseconds < $1.createdAtMilliseconds }) {
                    rows.append(.object([
                        "market": .string(intent.market), "order_id": .string(intent.orderID), "outcome": .string(intent.outcome.rawValue),
                        "side": .string(intent.side.rawValue), "price": .string(intent.price.description), "size": .string(intent.size.description),
                        "matched": .string(intent.matched.description), "type": .string(intent.orderType), "state": .string(intent.state.rawValue),
                        "created_ms": .integer(intent.createdAtMilliseconds),
                    ]))
                }
            }
            return .array(rows)
        case .fills(let since, let limit):
            let fills: [StoredFill]
            do { fills = try await database.fills(sinceMilliseconds: since, limit: limit) } catch { throw ControlError(.failed, "the database could not be read: \(error)") }
            return .array(fills.map { stored in
                .object([
                    "market": .string(stored.market), "trade_id": .string(stored.fill.key.tradeID), "order_id": .string(stored.fill.key.orderID),
                    "outcome": .string(stored.fill.outcome.rawValue), "side": .string(stored.fill.side.rawValue), "price": .string(stored.fill.price.description),
                    "size": .string(stored.fill.size.description), "status": .string(stored.fill.status.rawValue), "taker": .bool(stored.isTaker),
                    // A paper daemon's database holds paper fills only (Daemon.claim), each tagged so in it.
                    "time_ms": .integer(stored.fill.timestampMilliseconds), "paper": .bool(paper != nil),
                ])
            })
        case .pause(let selector):
            let chosen = try select(selector)
            for engine in chosen { await engine.pause() }
            return .object(["paused": .array(chosen.map { .string($0.market.id) })])
        case .resume(let selector):
            let chosen = try select(selector)
            if selector == .all { isHalted = false }
            for engine in chosen { await engine.resume() }
            return .object(["resumed": .array(chosen.map { .string($0.market.id) })])
        case .liquidate(let mode, let selector):
            let chosen = try select(selector)
            var rows: [JSONValue] = []
            for engine in chosen {
                await engine.liquidate(mode: mode)
                rows.append(.object(["market": .string(engine.market.id), "state": .string((await engine.riskState).rawValue), "net": .string((await engine.inventory).net.description)]))
            }
            return .object(["mode": .string(mode.rawValue), "markets": .array(rows)])
        case .halt:
            isHalted = true
            for engine in sorted() { await engine.halt(reason: "halted by the operator") }
            logger.error("halted by the operator: every order cancelled, quoting stopped until `mmctl resume --all`")
            return .object(["halted": .bool(true), "markets": .integer(engines.count)])
        case .configSet(let key, let value):
            let edited: (yaml: String, configuration: MMConfiguration)
            do { edited = try MMConfiguration.setting(key, to: value, in: yaml, source: configurationPath ?? "mmd.yaml") } catch {
                throw ControlError(.invalidArguments, error.description)
            }
            yaml = edited.yaml
            await apply(edited.configuration)
            return .object([key: .string(edited.configuration.flattened[key] ?? value)])
        case .rewards(let day): return try await rewards(day: day)
        case .stats(let market): return try await stats(market: market)
        case .reload:
            // systemd sees the same RELOADING=1 … READY=1 as for SIGHUP.
            let manager = ServiceManager()
            manager.reloading()
            defer { manager.reloaded(status: "reloaded") }
            return try await reload()
        default:
            throw ControlError(.failed, "unhandled command \(command)")
        }
    }

    /// Re-reads the configuration file (`mmctl reload`, SIGHUP) and applies the live keys; other changes
    /// are reported as needing a restart.
    public func reload() async throws(ControlError) -> JSONValue {
        guard let configurationPath else { throw ControlError(.unavailable, "no configuration file to reload") }
        guard let text = try? String(contentsOfFile: configurationPath, encoding: .utf8) else { throw ControlError(.failed, "cannot read \(configurationPath)") }
        let fresh: MMConfiguration
        do { fresh = try MMConfiguration.load(yaml: text, source: configurationPath) } catch { throw ControlError(.invalidArguments, "reload refused, nothing changed: \(error.description)") }
        let before = configuration.flattened
        let after = fresh.flattened
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        let needsRestart = changed.filter { !MMConfiguration.liveEditableKeys.contains($0) && $0 != "logging.level" }
        yaml = text
        await apply(fresh)
        if let level = Logger.Level(rawValue: fresh.logLevel.rawValue) { logLevel.level = level }
        logger.notice("configuration reloaded", metadata: ["changed": "\(changed.joined(separator: ","))", "needs_restart": "\(needsRestart.joined(separator: ","))"])
        return .object(["changed": .array(changed.map(JSONValue.string)), "needs_restart": .array(needsRestart.map(JSONValue.string))])
    }

    /// Adopts the live keys of `new`; the effective configuration (`config.get`) is what runs.
    func apply(_ new: MMConfiguration) async {
        configuration = configuration.withLiveSettings(from: new)
        let new = configuration
        for engine in engines.values {
            let settings = new.quoterSettings(market: engine.market.id, venueMinimumSize: engine.market.venueMinimumSize)
            await engine.update(settings: settings, rebalanceThreshold: new.strategy.rebalanceThreshold)
            await engine.update(strategy: new.quotingStrategy(market: engine.market.id, takerFeeRate: .zero))
        }
    }

    func sorted() -> [MarketEngine] { engines.values.sorted { $0.market.id < $1.market.id } }

    func select(_ market: String?) throws(ControlError) -> [MarketEngine] {
        guard let market else { return sorted() }
        return try select(.market(market))
    }

    func select(_ selector: MarketSelector) throws(ControlError) -> [MarketEngine] {
        switch selector {
        case .all: return sorted()
        case .market(let id):
            if let engine = engines[id] { return [engine] }
            let matches = id.count >= 6 ? engines.values.filter { $0.market.id.hasPrefix(id) } : []
            guard matches.count == 1 else {
                let problem = matches.isEmpty ? "no market \(id)" : "\(id) is the prefix of \(matches.count) markets"
                throw ControlError(.unknownMarket, "\(problem) (known: \(engines.keys.sorted().joined(separator: ", ")))")
            }
            return matches
        }
    }

    func pnl(_ engine: MarketEngine) async -> JSONValue {
        let ledger = await engine.currentLedger
        let mid = await engine.currentBook.mid
        let unrealized = mid.map { ledger.unrealized(mid: $0) } ?? .zero
        let today = ledger.figures(on: UTCDay(epochMilliseconds: Self.now()))
        return .object([
            "market": .string(engine.market.id), "yes": .string(ledger.inventory.yes.description), "no": .string(ledger.inventory.no.description),
            "net": .string(ledger.inventory.net.description), "mid": mid.map { .string($0.description) } ?? .null,
            "realized": .string(ledger.realized.description), "unrealized": .string(unrealized.description),
            "total": .string((ledger.realized + unrealized).description), "today_realized": .string(today.realized.description),
            "today_rewards": .string(today.rewards.description), "today_fills": .integer(today.fills),
        ])
    }

    func status() async -> JSONValue {
        var markets: [JSONValue] = []
        var total = Money.zero
        for engine in sorted() {
            let ledger = await engine.currentLedger
            let mid = await engine.currentBook.mid
            let unrealized = mid.map { ledger.unrealized(mid: $0) } ?? .zero
            let verdict = await engine.scoring
            total += ledger.realized + unrealized
            markets.append(.object([
                "market": .string(engine.market.id), "name": names[engine.market.id].map(JSONValue.string) ?? .null,
                "state": .string((await engine.riskState).rawValue), "mid": mid.map { .string($0.description) } ?? .null,
                "net": .string(ledger.inventory.net.description), "pnl": .string((ledger.realized + unrealized).description),
                "live_orders": .integer((await engine.liveOrderIDs).count), "fills": .integer(await engine.fillsApplied),
                "strategy": .string(await engine.strategyName), "two_sided": .bool(await engine.isTwoSided), "scores": .bool(verdict.isScoring), "reward_scoring": .string(verdict.summary),
                "scoring": (await scoring?.counters[engine.market.id] ?? ScoringCounters()).json,
            ]))
        }
        var result: [String: JSONValue] = [
            "version": .string(Self.version), "uptime_seconds": .integer(Int64(Date().timeIntervalSince(startedAt))),
            "phase": .string(!isRecovered ? "recovering" : (isHalted ? "halted" : "running")), "venue": .string(configuration.venue.kind.rawValue),
            "mode": .string(configuration.venue.mode.rawValue),
            "total_pnl": .string(total.description), "markets": .array(markets), "scoring": (await scoring?.totals ?? ScoringCounters()).json,
        ]
        if let dryRun {
            // What would rest at the venue now, and how many posts and cancels were held back so far.
            let tally = dryRun.tally
            result["dry_run"] = .object([
                "posts_not_sent": .integer(Int64(tally.posts)), "cancels_not_sent": .integer(Int64(tally.cancels)),
                "would_have_filled": .integer(Int64(tally.wouldHaveFilled)), "would_have_been_pnl": .string(tally.wouldHaveBeenPnL.description),
                "intended_orders": .array(tally.resting.values.sorted { $0.id < $1.id }.map { order in
                    .object([
                        "order_id": .string(order.id), "token": .string(order.tokenID), "side": .string(order.side.rawValue),
                        "price": .string(FixedPoint.format(micros: order.priceMicros)), "size": .string(order.size.description),
                    ])
                }),
            ])
        }
        if let paper {
            // Paper fills are in the ledger (the markets' P&L above) and the database, tagged paper.
            let tally = paper.tally
            result["paper"] = .object([
                "posts_not_sent": .integer(Int64(tally.posts)), "cancels_not_sent": .integer(Int64(tally.cancels)),
                "refused": .integer(Int64(tally.refused)), "fills": .integer(Int64(tally.fills)), "filled_shares": .string(tally.filledShares.description),
                "resting": .array(paper.resting.sorted { $0.id < $1.id }.map { order in
                    .object([
                        "order_id": .string(order.id), "market": .string(order.market), "outcome": .string(order.outcome.rawValue),
                        "side": .string(order.side.rawValue), "price": .string(order.price.description), "remaining": .string(order.remaining.description),
                        "queue_ahead": .string(order.queueAhead.description),
                    ])
                }),
            ])
        }
        return .object(result)
    }

    /// `orders` with `intended`: what would rest at the venue now in a dry-run (the would-be orders) or a
    /// paper run (the paper orders, with their queue position).
    func intendedOrders(market: String?) throws(ControlError) -> JSONValue {
        let wanted = try market.map { id throws(ControlError) in Set(try select(id).map(\.market.id)) }
        if let paper {
            return .array(paper.resting.filter { wanted?.contains($0.market) ?? true }.sorted { $0.id < $1.id }.map { order in
                .object([
                    "market": .string(order.market), "order_id": .string(order.id), "outcome": .string(order.outcome.rawValue), "side": .string(order.side.rawValue),
                    "price": .string(order.price.description), "size": .string(order.remaining.description), "queue_ahead": .string(order.queueAhead.description),
                ])
            })
        }
        if let dryRun {
            let tally = dryRun.tally
            return .array(tally.resting.values.sorted { $0.id < $1.id }.compactMap { order in
                let owner = tally.tokens[order.tokenID]
                if let wanted, !(owner.map { wanted.contains($0.market) } ?? false) { return nil }
                return .object([
                    "market": owner.map { .string($0.market) } ?? .null, "order_id": .string(order.id), "outcome": owner.map { .string($0.outcome.rawValue) } ?? .null,
                    "side": .string(order.side.rawValue), "price": .string(FixedPoint.format(micros: order.priceMicros)), "size": .string(order.size.description),
                ])
            })
        }
        throw ControlError(.invalidArguments, "orders: intended orders exist in dry-run and paper runs only; this daemon runs live (mmctl orders lists its orders)")
    }

    /// `markets.discover`: the venue's rewarded markets ranked as `mmd markets discover` ranks them.
    func discover(_ request: DiscoveryRequest) async throws(ControlError) -> JSONValue {
        guard let discovery else { throw ControlError(.unavailable, "markets.discover: the venue is not open yet; try again in a moment") }
        var filters = DiscoveryFilters()
        filters.limit = request.limit
        filters.excludeNegRisk = request.excludeNegRisk
        filters.endsAfterHours = request.endsAfterHours
        func money(_ text: String?, _ name: String) throws(ControlError) -> Money? {
            guard let text else { return nil }
            do { return try Money(text) } catch { throw ControlError(.invalidArguments, "markets.discover: \(name) (\(text)) is not a decimal amount of pUSD") }
        }
        filters.minDailyReward = try money(request.minDailyReward, "min_daily_reward")
        filters.minLiquidity = try money(request.minLiquidity, "min_liquidity")
        filters.minVolume = try money(request.minVolume, "min_volume")
        if let spread = request.maxSpread {
            do { filters.maxSpread = try FixedPoint.parseMicros(spread) } catch {
                throw ControlError(.invalidArguments, "markets.discover: max_spread (\(spread)) is not a decimal price, e.g. 0.03")
            }
        }
        do {
            let result = try await discovery.discover(filters, orderSize: configuration.strategy.orderSize, nowMilliseconds: Self.now())
            return DiscoveryReport.value(result)
        } catch {
            throw ControlError(.failed, "markets.discover: the venue could not be read: \(error)")
        }
    }
}
