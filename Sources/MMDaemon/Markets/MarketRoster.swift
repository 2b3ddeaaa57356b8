import Logging
import MMControl
import MMCore
import MMDecision
import MMEngine
import Polymarket

/// Adds and removes markets while the daemon runs (`mmctl markets add|remove`). An added market is
/// looked up at the venue, given an engine on its stored ledger, reconciled with the venue's open orders
/// and subscribed on the market channel before it quotes. A removed one has every order cancelled first;
/// with a position left it stays unless the operator says to keep the position as it is.
actor MarketRoster {
    let live: LiveMarkets
    /// Builds the engine of one market: its Gamma listing, its stored ledger; `nil` name when it has none.
    let load: @Sendable (String) async throws -> (engine: MarketEngine, name: String?)
    let client: any VenueGateway
    let center: ControlCenter
    /// Opens the market channel for a new market's tokens (a connection of their own) and tells a local
    /// venue (dry-run, paper) about them.
    let subscribe: @Sendable (MarketEngine) -> Void
    let logger: Logger

    init(
        live: LiveMarkets, load: @escaping @Sendable (String) async throws -> (engine: MarketEngine, name: String?), client: any VenueGateway, center: ControlCenter,
        subscribe: @escaping @Sendable (MarketEngine) -> Void, logger: Logger
    ) {
        self.live = live
        self.load = load
        self.client = client
        self.center = center
        self.subscribe = subscribe
        self.logger = logger
    }

    /// Starts making `id`: refused when it is made already or the venue does not list it.
    func add(_ id: String) async throws(ControlError) -> JSONValue {
        guard live.engine(id) == nil else { throw ControlError(.invalidArguments, "markets.add: \(id) is being made already") }
        let loaded: (engine: MarketEngine, name: String?)
        do { loaded = try await load(id) } catch {
            throw ControlError(.failed, "markets.add: \(id) could not be loaded: \(error) (is it an open market of the venue? mmd markets discover lists them)")
        }
        let engine = loaded.engine
        // Orders of ours the venue still lists for it (an earlier run's) are adopted or cancelled first.
        let open: [OrderMessage]
        do { open = try await client.openOrders(market: id, assetID: nil) } catch {
            throw ControlError(.failed, "markets.add: the venue's open orders for \(id) are unavailable (\(error)); nothing was started, try again")
        }
        await engine.reconcileAtStartup(open: open)
        guard live.add(engine) else { throw ControlError(.invalidArguments, "markets.add: \(id) is being made already") }
        await center.add(engine: engine, name: loaded.name)
        subscribe(engine)
        await engine.requoteAfterRecovery()
        logger.notice("market added", metadata: ["market": "\(id)", "question": "\(loaded.name ?? "")", "markets": "\(live.count)"])
        return .object(["added": .string(id), "name": loaded.name.map(JSONValue.string) ?? .null, "markets": .integer(Int64(live.count))])
    }

    /// Stops making `id`: every order cancelled; a position left is refused unless `keepPosition`.
    func remove(_ id: String, keepPosition: Bool) async throws(ControlError) -> JSONValue {
        guard let engine = live.engine(id) else {
            throw ControlError(.invalidArguments, "markets.remove: \(id) is not being made (mmctl markets lists the markets)")
        }
        let inventory = await engine.currentLedger.inventory
        if !keepPosition, inventory.yes.isPositive || inventory.no.isPositive {
            throw ControlError(
                .invalidArguments,
                "markets.remove: \(id) holds YES \(inventory.yes) and NO \(inventory.no): flatten it first (mmctl liquidate --market \(id) --mode limit), or remove it with keep_position to leave the position as it is")
        }
        await engine.cancelEverything()
        _ = live.remove(id)
        await center.remove(market: id)
        logger.notice(
            "market removed", metadata: ["market": "\(id)", "yes": "\(inventory.yes)", "no": "\(inventory.no)", "markets": "\(live.count)"])
        return .object([
            "removed": .string(id), "yes": .string(inventory.yes.description), "no": .string(inventory.no.description), "markets": .integer(Int64(live.count)),
        ])
    }
}
