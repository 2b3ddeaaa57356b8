import MMCore
import Polymarket

/// Drives the market around the participants under test: moves fair value, keeps a background book
/// around it, and sends noise, informed, bait and scripted takers, all from one seed.
///
/// A synchronous state machine over ``SimExchange``: `step` takes `now` and acts on the exchange, so
/// the same scenario and seed give the same trade log in real or accelerated time.
public struct ScenarioEngine: Sendable {
    public let scenario: Scenario
    public let startMilliseconds: Int64
    var random: SimRandom
    var processes: [FairValueProcess]
    var lastQuoted: [Int64?]
    var providerOrders: [[String]]
    var pendingBaits: [[(takeAt: Int64, size: Quantity, orders: [String])]]
    var firedBaits: [Set<Int>]
    var firedSweeps: [Set<Int>]
    var firedTicks: [Set<Int>]
    public private(set) var fairValues: [Int64]

    static let provider = "0x00000000000000000000000000000000000000a1"
    static let taker = "0x00000000000000000000000000000000000000b2"

    public init(scenario: Scenario, startMilliseconds: Int64) {
        self.scenario = scenario
        self.startMilliseconds = startMilliseconds
        random = SimRandom(seed: scenario.seed)
        processes = scenario.markets.map { FairValueProcess(settings: $0.fairValue) }
        lastQuoted = Array(repeating: nil, count: scenario.markets.count)
        providerOrders = Array(repeating: [], count: scenario.markets.count)
        pendingBaits = Array(repeating: [], count: scenario.markets.count)
        firedBaits = Array(repeating: [], count: scenario.markets.count)
        firedSweeps = Array(repeating: [], count: scenario.markets.count)
        firedTicks = Array(repeating: [], count: scenario.markets.count)
        fairValues = processes.map { $0.value(elapsed: 0) }
    }

    /// Lists the markets and funds the scenario's accounts and the simulator's own participants.
    public func install(on exchange: inout SimExchange) {
        for market in scenario.markets {
            exchange.list(market.spec)
            let huge: Int64 = 1_000_000_000_000_000
            exchange.fund(Self.provider, collateral: huge, tokens: [market.spec.yesToken: huge, market.spec.noToken: huge])
            exchange.fund(Self.taker, collateral: huge, tokens: [market.spec.yesToken: huge, market.spec.noToken: huge])
        }
        for account in scenario.accounts {
            var tokens: [String: Int64] = [:]
            for market in scenario.markets {
                tokens[market.spec.yesToken] = account.yes
                tokens[market.spec.noToken] = account.no
            }
            exchange.fund(account.address, collateral: account.collateral, tokens: tokens)
        }
    }

    /// One scenario step at `now`.
    public mutating func step(exchange: inout SimExchange, nowMilliseconds now: Int64) {
        let elapsed = now - startMilliseconds
        for index in scenario.markets.indices {
            let market = scenario.markets[index]
            fairValues[index] = processes[index].step(elapsed: elapsed, random: &random)
            for (i, change) in market.tickChanges.enumerated() where change.atMilliseconds <= elapsed && !firedTicks[index].contains(i) {
                firedTicks[index].insert(i)
                exchange.changeTick(market: market.spec.conditionID, to: change.tick, nowMilliseconds: now)
                lastQuoted[index] = nil
            }
            refreshProvider(index, exchange: &exchange, now: now)
            takers(index, exchange: &exchange, now: now, elapsed: elapsed)
        }
        exchange.advance(nowMilliseconds: now)
    }

    /// Re-quotes the background book when fair value moved by a tick or more.
    private mutating func refreshProvider(_ index: Int, exchange: inout SimExchange, now: Int64) {
        let market = scenario.markets[index]
        guard let spec = exchange.markets[market.spec.conditionID] else { return }
        let tick = spec.tick
        let fv = fairValues[index]
        if let last = lastQuoted[index], abs(last - fv) < tick.micros { return }
        _ = exchange.cancel(ids: providerOrders[index], apiKey: "sim-provider", nowMilliseconds: now)
        providerOrders[index] = []
        let background = market.background
        pickOffStaleQuotes(spec, fairValue: fv, distance: background.distance, exchange: &exchange, now: now)
        var complete = true
        for level in 0..<background.levels {
            let offset = background.distance + Int64(level) * background.spacing
            if let bid = tick.gridPrice(fv - offset, .down),
                case .success(let ack) = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .buy, price: bid, size: background.size,
                    orderType: .gtc, postOnly: true, nowMilliseconds: now)
            { providerOrders[index].append(ack.orderID) } else { complete = false }
            if let ask = tick.gridPrice(fv + offset, .up),
                case .success(let ack) = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .sell, price: ask, size: background.size,
                    orderType: .gtc, postOnly: true, nowMilliseconds: now)
            { providerOrders[index].append(ack.orderID) } else { complete = false }
        }
        // A level refused (post-only cross, balance) is tried again next step, not after the next tick move.
        lastQuoted[index] = complete ? fv : nil
    }

    /// Arbitrage, as on the real venue: after fair value moves, resting orders on the wrong side of it by
    /// more than the background distance (a stale ask below fair, a stale bid above) are taken at once.
    private func pickOffStaleQuotes(_ spec: SimMarketSpec, fairValue fv: Int64, distance: Int64, exchange: inout SimExchange, now: Int64) {
        guard let book = exchange.book(token: spec.yesToken) else { return }
        if let limit = spec.tick.gridPrice(fv - distance, .down) {
            let stale = book.asks.filter { $0.price < limit }.reduce(Quantity.zero) { $0 + $1.size }
            if stale.micros > 0 {
                _ = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .buy, price: limit, size: stale, orderType: .fak,
                    nowMilliseconds: now)
            }
        }
        if let limit = spec.tick.gridPrice(fv + distance, .up) {
            let stale = book.bids.filter { $0.price > limit }.reduce(Quantity.zero) { $0 + $1.size }
            if stale.micros > 0 {
                _ = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .sell, price: limit, size: stale, orderType: .fak,
                    nowMilliseconds: now)
            }
        }
    }

    private mutating func takers(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64) {
        let market = scenario.markets[index]
        let takers = market.takers
        let id = market.spec.conditionID
        guard let tick = exchange.markets[id]?.tick else { return }
        let step = scenario.stepMilliseconds
        // Noise: Poisson arrivals approximated per step (rate in micro-arrivals per minute → probability in millionths).
        if takers.noiseRatePerMinute > 0, random.millionths() < takers.noiseRatePerMinute * step / 60_000 {
            let side: Side = random.millionths() < 500_000 ? .buy : .sell
            take(id, side: side, outcome: .yes, size: takers.noiseSize, tick: tick, exchange: &exchange, now: now)
        }
        // Informed: trades toward where fair value will be.
        if takers.informedRatePerMinute > 0, random.millionths() < takers.informedRatePerMinute * step / 60_000,
            let book = exchange.book(token: market.spec.yesToken) {
            let future = processes[index].value(elapsed: elapsed + takers.informedLookaheadMilliseconds)
            if let ask = book.bestAsk?.price, future > ask.micros {
                take(id, side: .buy, outcome: .yes, size: takers.informedSize, limit: tick.gridPrice(future, .down), tick: tick, exchange: &exchange, now: now)
            } else if let bid = book.bestBid?.price, future < bid.micros {
                take(id, side: .sell, outcome: .yes, size: takers.informedSize, limit: tick.gridPrice(future, .up), tick: tick, exchange: &exchange, now: now)
            }
        }
        // Bait: compress the touch with minimum-size orders, then take size from whoever joined.
        for (b, bait) in takers.baits.enumerated() where bait.atMilliseconds <= elapsed && !firedBaits[index].contains(b) {
            firedBaits[index].insert(b)
            var placed: [String] = []
            if let book = exchange.book(token: market.spec.yesToken), let mid = book.mid {
                let minimum = exchange.markets[id]!.minOrderSize
                for (side, price) in [(Side.buy, tick.gridPrice(mid.micros - tick.micros, .down)), (.sell, tick.gridPrice(mid.micros + tick.micros, .up))] {
                    if let price, case .success(let ack) = exchange.placeAgentOrder(
                        owner: "sim-bait", maker: Self.taker, market: id, outcome: .yes, side: side, price: price, size: minimum, orderType: .gtc, postOnly: true,
                        nowMilliseconds: now)
                    { placed.append(ack.orderID) }
                }
            }
            pendingBaits[index].append((elapsed + bait.delayMilliseconds, bait.takeSize, placed))
        }
        var remaining: [(takeAt: Int64, size: Quantity, orders: [String])] = []
        for bait in pendingBaits[index] {
            guard bait.takeAt <= elapsed else {
                remaining.append(bait)
                continue
            }
            _ = exchange.cancel(ids: bait.orders, apiKey: "sim-bait", nowMilliseconds: now)
            take(id, side: .sell, outcome: .yes, size: bait.size, tick: tick, exchange: &exchange, now: now)
        }
        pendingBaits[index] = remaining
        // Scripted sweeps (e.g. one large fill against a market maker).
        for (s, sweep) in takers.sweeps.enumerated() where sweep.atMilliseconds <= elapsed && !firedSweeps[index].contains(s) {
            firedSweeps[index].insert(s)
            take(id, side: sweep.side, outcome: sweep.outcome, size: sweep.size, tick: tick, exchange: &exchange, now: now)
        }
    }

    /// A FAK taker order up to `limit` (default: anything on the book).
    private mutating func take(
        _ market: String, side: Side, outcome: Outcome, size: Quantity, limit: Price? = nil, tick: TickSize, exchange: inout SimExchange, now: Int64
    ) {
        let price = limit ?? (side == .buy ? tick.maximumPrice : tick.minimumPrice)
        _ = exchange.placeAgentOrder(
            owner: "sim-taker", maker: Self.taker, market: market, outcome: outcome, side: side, price: price, size: size, orderType: .fak, nowMilliseconds: now)
    }
}
