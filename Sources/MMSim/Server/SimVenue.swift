import Foundation
import MMCore
import Polymarket

/// The simulator's shared state: the exchange state machine plus the websocket subscribers its events go to.
///
/// An actor because every HTTP and websocket handler calls in concurrently; each call runs the synchronous
/// exchange step and fans the resulting events out before returning, so subscribers see events in the
/// order the exchange produced them.
public actor SimVenue {
    public private(set) var exchange: SimExchange
    let nowMilliseconds: @Sendable () -> Int64
    private var subscribers: [Int: Subscriber] = [:]
    private var nextSubscriber = 0
    private var lastTrade: [String: (price: Price, side: Side)] = [:]
    /// Every trade price per token (Unix seconds, price), for `/prices-history`.
    private var priceHistory: [String: [(seconds: Int64, price: Price)]] = [:]
    /// The documented per-endpoint limits, when the server enforces them (``SimServer/rateLimits``).
    private var rateLimits: SimRateLimits?
    /// The per-signer order and cancel buckets, when the server enforces rate limits.
    private var signerLimits: SimSignerLimits?
    private var scenario: ScenarioEngine?
    public private(set) var faults = SimFaults()
    private var faultRandom = SimRandom(seed: 99)
    private var batchCounter = 0
    private var nextScenarioStep: Int64 = 0
    /// Condition ids sorted (Gamma's listing order) and each one's position, rebuilt only when a market is listed.
    private var sortedIDs: [String] = []
    private var positions: [String: Int] = [:]

    enum Filter: Sendable {
        /// Subscribed tokens, and whether the subscription enabled custom features (`best_bid_ask`).
        case market(Set<String>, custom: Bool)
        /// An API key's events in the given condition ids (all when empty).
        case user(apiKey: String, markets: Set<String>)
    }

    struct Subscriber: Sendable {
        var filter: Filter
        /// A websocket session's stream, or `nil` for an in-process subscriber whose messages wait in `inbox`.
        var continuation: AsyncStream<String>.Continuation?
        var inbox: [String] = []

        mutating func deliver(_ json: String) {
            if let continuation { continuation.yield(json) } else { inbox.append(json) }
        }
    }

    public init(exchange: SimExchange, nowMilliseconds: @escaping @Sendable () -> Int64) {
        self.exchange = exchange
        self.nowMilliseconds = nowMilliseconds
    }

    public var now: Int64 { nowMilliseconds() }

    /// Turns the documented per-endpoint rate limits on (the HTTP server does unless told otherwise).
    func enforceRateLimits(signerMode: SimSignerLimits.Mode = .enforce, tier: SignerTier = .standard) {
        if rateLimits == nil { rateLimits = SimRateLimits() }
        if signerLimits == nil { signerLimits = SimSignerLimits(mode: signerMode, tier: tier) }
    }

    /// Admits `cost` orders or cancels of `signer` (always, with no headers, when limits are off).
    func admitSigner(_ kind: SignerBucket, cost: Int64, signer: String) -> SimSignerLimits.Verdict {
        guard signerLimits != nil else { return SimSignerLimits.Verdict(admitted: true, headers: [:]) }
        return signerLimits!.admit(kind, cost: cost, signer: signer, nowMilliseconds: nowMilliseconds())
    }

    /// Charges `cost` more after the fact; returns the bucket's headers.
    func chargeSigner(_ kind: SignerBucket, cost: Int64, signer: String) -> [String: String] {
        guard signerLimits != nil else { return [:] }
        return signerLimits!.charge(kind, cost: cost, signer: signer, nowMilliseconds: nowMilliseconds())
    }

    /// Whether a request is within its endpoint family's limits (always, when they are not enforced).
    func admit(method: String, path: String) -> Bool {
        guard rateLimits != nil else { return true }
        return rateLimits!.admit(method: method, path: path, nowMilliseconds: nowMilliseconds())
    }

    /// The last trade's price and taker side for a token (in that token's price space).
    func lastTradePrice(token: String) -> (price: Price, side: Side)? { lastTrade[token] }

    /// Trade prices of a token between two Unix seconds, oldest first.
    func history(token: String, from start: Int64, to end: Int64) -> [(seconds: Int64, price: Price)] {
        (priceHistory[token] ?? []).filter { $0.seconds >= start && $0.seconds <= end }
    }

    /// The Gamma listing: positions (0-based, by condition id) of the markets matching the filters, in order.
    func listing(conditionIDs: Set<String>, tokens: Set<String>, positions wanted: Set<Int>) -> [Int] {
        if sortedIDs.count != exchange.markets.count {
            sortedIDs = exchange.markets.keys.sorted()
            positions = Dictionary(uniqueKeysWithValues: sortedIDs.enumerated().map { ($1.lowercased(), $0) })
        }
        var candidates = conditionIDs.isEmpty ? Array(sortedIDs.indices) : conditionIDs.compactMap { positions[$0.lowercased()] }.sorted()
        if !wanted.isEmpty { candidates = candidates.filter { wanted.contains($0) } }
        if !tokens.isEmpty {
            candidates = candidates.filter { exchange.markets[sortedIDs[$0]].map { tokens.contains($0.yesToken) || tokens.contains($0.noToken) } ?? false }
        }
        return candidates
    }

    /// The markets at listing positions (current specs: tick changes show).
    func listedMarkets(_ listed: some Sequence<Int>) -> [(position: Int, spec: SimMarketSpec)] {
        listed.compactMap { position in exchange.markets[sortedIDs[position]].map { (position, $0) } }
    }

    /// Runs `body` on the exchange at the current time, then delivers the events it produced.
    public func perform<T: Sendable>(_ body: (inout SimExchange, Int64) -> T) -> T {
        let now = nowMilliseconds()
        exchange.advance(nowMilliseconds: now)
        let result = body(&exchange, now)
        dispatch(exchange.drainEvents())
        return result
    }

    /// Installs a scenario (its markets, balances and participants) and runs it from now on.
    public func run(scenario: Scenario) {
        let engine = ScenarioEngine(scenario: scenario, startMilliseconds: nowMilliseconds())
        engine.install(on: &exchange)
        self.scenario = engine
        faults = scenario.faults
        if let fail = faults.failMatchedMillionths { exchange.setFailureProbability(millionths: fail) }
        nextScenarioStep = nowMilliseconds()
    }

    /// Advances time without a request: scenario steps that are due, lifecycle, dead-man switch, expiry, rewards.
    public func tick() {
        let now = nowMilliseconds()
        if var engine = scenario {
            // Catch up step by step so accelerated time stays deterministic.
            while nextScenarioStep <= now {
                nextScenarioStep += engine.scenario.stepMilliseconds
                engine.step(exchange: &exchange, nowMilliseconds: nextScenarioStep)
            }
            scenario = engine
        }
        perform { _, _ in () }
    }

    // MARK: Faults

    public func applyFaults(json: [String: Any]) throws(SimRejection) {
        try faults.apply(json: json)
        if let fail = faults.failMatchedMillionths { exchange.setFailureProbability(millionths: fail) }
    }
    func takeHTTPFailure(path: String) -> Int? { faults.takeHTTPFailure(path: path) }

    func takeSubmitTimeout() -> Int64? {
        guard faults.submitTimeouts > 0 else { return nil }
        faults.submitTimeouts -= 1
        return faults.submitTimeoutDelayMilliseconds
    }

    /// Whether this batch leg is to be rejected by the partial-acceptance fault.
    func rejectBatchLeg() -> Bool {
        guard faults.batchRejectEvery > 0 else { return false }
        batchCounter += 1
        return batchCounter % faults.batchRejectEvery == 0
    }

    /// What to do with one outgoing websocket data message: how many copies to send (0 = drop) and the delay.
    func websocketFate() -> (copies: Int, delayMilliseconds: Int64, frozen: Bool, generation: Int, holdBack: Bool) {
        var copies = 1
        if faults.dropMillionths > 0, faultRandom.millionths() < faults.dropMillionths { copies = 0 }
        if copies == 1, faults.duplicateMillionths > 0, faultRandom.millionths() < faults.duplicateMillionths { copies = 2 }
        let holdBack = copies > 0 && faults.reorderMillionths > 0 && faultRandom.millionths() < faults.reorderMillionths
        return (copies, faults.delayMilliseconds, faults.freeze, faults.disconnectGeneration, holdBack)
    }

    var disconnectGeneration: Int { faults.disconnectGeneration }

    // MARK: Subscriptions

    func subscribe(_ filter: Filter) -> (Int, AsyncStream<String>) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(10_000))
        nextSubscriber += 1
        subscribers[nextSubscriber] = Subscriber(filter: filter, continuation: continuation)
        return (nextSubscriber, stream)
    }

    func unsubscribe(_ id: Int) {
        subscribers[id]?.continuation?.finish()
        subscribers[id] = nil
    }

    /// An in-process market-channel subscriber (the backtest): the book snapshots first, then every
    /// message the websocket would carry, collected until ``takeMessages(_:)``.
    public func attachMarket(assets: [String]) -> Int {
        nextSubscriber += 1
        var subscriber = Subscriber(filter: .market(Set(assets), custom: true), continuation: nil)
        if let snapshots = snapshots(for: assets) { subscriber.inbox.append(snapshots) }
        subscribers[nextSubscriber] = subscriber
        return nextSubscriber
    }

    /// An in-process user-channel subscriber for one API key (every market).
    public func attachUser(apiKey: String) -> Int {
        nextSubscriber += 1
        subscribers[nextSubscriber] = Subscriber(filter: .user(apiKey: apiKey, markets: []), continuation: nil)
        return nextSubscriber
    }

    /// The messages collected for an in-process subscriber since the last call, oldest first.
    public func takeMessages(_ id: Int) -> [String] {
        guard let messages = subscribers[id]?.inbox, !messages.isEmpty else { return [] }
        subscribers[id]?.inbox = []
        return messages
    }

    /// `book` snapshots for the given tokens, sent on subscribe.
    func snapshots(for tokens: [String]) -> String? {
        let now = nowMilliseconds()
        let books = tokens.compactMap { token -> String? in
            guard let market = exchange.market(ofToken: token), let book = exchange.book(token: token) else { return nil }
            return SimWire.book(token: token, book: book, market: market, lastTradePrice: lastTrade[token]?.price, timestamp: now, forWebSocket: true)
        }
        return books.isEmpty ? nil : "[" + books.joined(separator: ",") + "]"
    }

    func bookJSON(token: String) -> String? {
        guard let market = exchange.market(ofToken: token), let book = exchange.book(token: token) else { return nil }
        return SimWire.book(token: token, book: book, market: market, lastTradePrice: lastTrade[token]?.price, timestamp: nowMilliseconds(), forWebSocket: false)
    }

    private func dispatch(_ events: [SimEvent]) {
        for event in events {
            switch event {
            case .priceChange(let market, let changes, let ts):
                // Each entry carries the hash of its token's book after the change, as `book` does.
                var hashes: [String: String] = [:]
                for token in Set(changes.map(\.assetID)) {
                    guard let spec = exchange.market(ofToken: token), let book = exchange.book(token: token) else { continue }
                    hashes[token] = SimWire.bookHash(token: token, book: book, market: spec, lastTradePrice: lastTrade[token]?.price, timestamp: ts)
                }
                // A subscriber gets the entries of the tokens it subscribed to.
                let assets = Set(changes.map(\.assetID))
                var messages: [Set<String>: String] = [:]
                for id in subscribers.keys {
                    guard case .market(let subscribed, _) = subscribers[id]!.filter else { continue }
                    let wanted = subscribed.intersection(assets)
                    guard !wanted.isEmpty else { continue }
                    if messages[wanted] == nil {
                        messages[wanted] = SimWire.priceChange(market: market, changes: changes.filter { wanted.contains($0.assetID) }, hashes: hashes, timestamp: ts)
                    }
                    subscribers[id]!.deliver(messages[wanted]!)
                }
                // best_bid_ask (a custom-feature event) for each token whose touch this change reports.
                var seen: Set<String> = []
                for change in changes where seen.insert(change.assetID).inserted {
                    let bid = change.bestBid?.description ?? "0"
                    let ask = change.bestAsk?.description ?? "1"
                    let spread = (change.bestBid != nil && change.bestAsk != nil) ? FixedPoint.format(micros: change.bestAsk!.micros - change.bestBid!.micros) : "1"
                    sendMarket(assets: [change.assetID], customOnly: true, "{\"event_type\":\"best_bid_ask\",\"market\":\(SimWire.string(market)),\"asset_id\":\(SimWire.string(change.assetID)),\"best_bid\":\"\(bid)\",\"best_ask\":\"\(ask)\",\"spread\":\"\(spread)\",\"timestamp\":\"\(ts)\"}")
                }
            case .lastTradePrice(let market, let asset, let price, let size, let side, let ts):
                lastTrade[asset] = (price, side)
                priceHistory[asset, default: []].append((ts / 1_000, price))
                if let spec = exchange.markets[market] {
                    let other = asset == spec.yesToken ? spec.noToken : spec.yesToken
                    lastTrade[other] = (price.complement, side.opposite)
                    priceHistory[other, default: []].append((ts / 1_000, price.complement))
                }
                let json = "{\"event_type\":\"last_trade_price\",\"asset_id\":\(SimWire.string(asset)),\"market\":\(SimWire.string(market)),\"price\":\"\(price)\",\"size\":\"\(size)\",\"fee_rate_bps\":\"0\",\"side\":\"\(side.rawValue)\",\"timestamp\":\"\(ts)\",\"transaction_hash\":\"\"}"
                sendMarket(assets: [asset], json)
            case .tickSizeChange(let market, let asset, let old, let new, let ts):
                sendMarket(assets: [asset], "{\"event_type\":\"tick_size_change\",\"asset_id\":\(SimWire.string(asset)),\"market\":\(SimWire.string(market)),\"old_tick_size\":\"\(old)\",\"new_tick_size\":\"\(new)\",\"timestamp\":\"\(ts)\"}")
            case .order(let owner, let type, let order, let status, let ts):
                guard let market = exchange.markets[order.market] else { continue }
                sendUser(owner: owner, market: order.market, SimWire.orderEvent(order, market: market, type: type, status: status, timestamp: ts))
            case .trade(let owners, let trade, let ts):
                for owner in owners.sorted() {
                    sendUser(owner: owner, market: trade.market, SimWire.trade(trade, forWebSocket: true, viewer: owner, timestamp: ts))
                }
            }
        }
    }

    private func sendMarket(assets: Set<String>, customOnly: Bool = false, _ json: String) {
        for id in subscribers.keys {
            if case .market(let subscribed, let custom) = subscribers[id]!.filter, custom || !customOnly, !subscribed.isDisjoint(with: assets) {
                subscribers[id]!.deliver(json)
            }
        }
    }

    /// `{"operation": "subscribe" | "unsubscribe", …}` on an open connection: changes the subscription's
    /// tokens (market channel) or condition ids (user channel). Returns the snapshots of newly added tokens.
    func change(subscription id: Int, subscribe: Bool, items: [String], custom: Bool?) -> String? {
        guard let filter = subscribers[id]?.filter else { return nil }
        switch filter {
        case .market(var assets, let wasCustom):
            let added = subscribe ? items.filter { !assets.contains($0) } : []
            if subscribe { assets.formUnion(items) } else { assets.subtract(items) }
            subscribers[id]?.filter = .market(assets, custom: custom ?? wasCustom)
            return added.isEmpty ? nil : snapshots(for: added)
        case .user(let key, var markets):
            if subscribe { markets.formUnion(items) } else { markets.subtract(items) }
            // An emptied filter would mean "every market": a user who unsubscribed everything gets nothing.
            subscribers[id]?.filter = .user(apiKey: key, markets: markets.isEmpty && !subscribe ? [Self.nothing] : markets)
            return nil
        }
    }

    /// A condition id no market has: the filter of a user subscription emptied by unsubscribing.
    static let nothing = "none"

    private func sendUser(owner: String, market: String, _ json: String) {
        for id in subscribers.keys {
            if case .user(let key, let markets) = subscribers[id]!.filter, key == owner, markets.isEmpty || markets.contains(market) {
                subscribers[id]!.deliver(json)
            }
        }
    }
}
