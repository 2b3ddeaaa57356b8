import MMDecision
import MMEngine
import Synchronization

/// The markets being made while the daemon runs, shared by the feeds, the scheduler, the scoring checks
/// and the stop, so that markets can be added and removed live (`mmctl markets add|remove`). Reads take
/// the lock for a pointer copy (the collections are copy-on-write); changes are rare.
final class LiveMarkets: Sendable {
    private struct State {
        var engines: [String: MarketEngine] = [:]
        /// Token id → market id, for routing the market channel's messages.
        var tokens: [String: String] = [:]
        /// By market id: the scheduler's and the stop's order.
        var ordered: [MarketEngine] = []
        /// Markets removed while their feed connection stays open: their messages are dropped.
        var removed: Set<String> = []
    }

    private let state = Mutex(State())

    init(_ engines: [String: MarketEngine]) {
        state.withLock { state in
            for engine in engines.values { Self.insert(engine, into: &state) }
            state.ordered = state.engines.keys.sorted().compactMap { state.engines[$0] }
        }
    }

    var engines: [String: MarketEngine] { state.withLock { $0.engines } }
    var ordered: [MarketEngine] { state.withLock { $0.ordered } }
    var tokens: [String: String] { state.withLock { $0.tokens } }
    var count: Int { state.withLock { $0.engines.count } }

    func engine(_ market: String) -> MarketEngine? { state.withLock { $0.engines[market] } }

    /// Adds a market; `false` when it is already being made.
    func add(_ engine: MarketEngine) -> Bool {
        state.withLock { state in
            guard state.engines[engine.market.id] == nil else { return false }
            Self.insert(engine, into: &state)
            state.removed.remove(engine.market.id)
            state.ordered = state.engines.keys.sorted().compactMap { state.engines[$0] }
            return true
        }
    }

    /// Takes a market out; its engine, or `nil` when it was not being made.
    func remove(_ market: String) -> MarketEngine? {
        state.withLock { state in
            guard let engine = state.engines.removeValue(forKey: market) else { return nil }
            state.tokens[engine.market.yesToken] = nil
            state.tokens[engine.market.noToken] = nil
            state.removed.insert(market)
            state.ordered.removeAll { $0.market.id == market }
            return engine
        }
    }

    private static func insert(_ engine: MarketEngine, into state: inout State) {
        state.engines[engine.market.id] = engine
        state.tokens[engine.market.yesToken] = engine.market.id
        state.tokens[engine.market.noToken] = engine.market.id
    }
}
