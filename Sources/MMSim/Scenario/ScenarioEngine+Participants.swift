import MMCore
import Polymarket

extension ScenarioEngine {
    /// Re-quotes the background book when fair value moved by a tick or more, or (`refillSeconds`) when
    /// its last full quote is that old, so liquidity that takers ate comes back as on the venue.
    mutating func refreshProvider(_ index: Int, exchange: inout SimExchange, now: Int64) {
        let market = scenario.markets[index]
        guard let spec = exchange.markets[market.spec.conditionID] else { return }
        let tick = spec.tick
        let fv = fairValues[index]
        if let outcome = states[index].process.resolved {
            settle(index, spec, outcome: outcome, exchange: &exchange, now: now)
            return
        }
        let refillDue = market.background.refillMilliseconds.map { now - startMilliseconds >= states[index].quotedAt + $0 } ?? false
        if let last = states[index].lastQuoted, abs(last - fv) < tick.micros, !refillDue { return }
        // Near a resolution fair value may leave the grid: levels beyond it are skipped, not retried.
        let skipsOffGrid = market.fairValue.resolution != nil
        _ = exchange.cancel(ids: states[index].providerOrders, apiKey: "sim-provider", nowMilliseconds: now)
        var placed: [String] = []
        let background = market.background
        pickOffStaleQuotes(spec, fairValue: fv, distance: background.distance, exchange: &exchange, now: now)
        var complete = true
        for level in 0..<background.levels {
            let offset = background.distance + Int64(level) * background.spacing
            if let bid = tick.gridPrice(fv - offset, .down),
                case .success(let ack) = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .buy, price: bid, size: background.size,
                    orderType: .gtc, postOnly: true, nowMilliseconds: now)
            { placed.append(ack.orderID) } else if !(skipsOffGrid && tick.gridPrice(fv - offset, .down) == nil) { complete = false }
            if let ask = tick.gridPrice(fv + offset, .up),
                case .success(let ack) = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .sell, price: ask, size: background.size,
                    orderType: .gtc, postOnly: true, nowMilliseconds: now)
            { placed.append(ack.orderID) } else if !(skipsOffGrid && tick.gridPrice(fv + offset, .up) == nil) { complete = false }
        }
        states[index].providerOrders = placed
        states[index].quotedAt = now - startMilliseconds
        // A level refused (post-only cross, balance) is tried again next step, not after the next tick move.
        states[index].lastQuoted = complete ? fv : nil
    }

    /// A resolved market: every order on the wrong side of the outcome is taken at once, each step (a YES
    /// that won is worth 1, so any ask below the grid's top is bought; one that lost is worth 0, so any
    /// bid above the bottom is sold into), and the background book sits at the grid's edge — for YES,
    /// asks at 1 − tick and bids from 1 − 2 ticks down — so the mark is within 1.5 ticks of the outcome.
    private mutating func settle(_ index: Int, _ spec: SimMarketSpec, outcome: Int64, exchange: inout SimExchange, now: Int64) {
        let tick = spec.tick
        let won = outcome > 500_000
        if states[index].lastQuoted != outcome {
            _ = exchange.cancel(ids: states[index].providerOrders, apiKey: "sim-provider", nowMilliseconds: now)
            states[index].providerOrders = []
        }
        let limitMicros = won ? tick.maximumPrice.micros - tick.micros : tick.minimumPrice.micros + tick.micros
        if let book = exchange.book(token: spec.yesToken), let limit = Price(micros: limitMicros) {
            let levels = won ? book.asks.filter { $0.price <= limit } : book.bids.filter { $0.price >= limit }
            let stale = levels.reduce(Quantity.zero) { $0 + $1.size }
            if stale.micros > 0 {
                _ = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: won ? .buy : .sell, price: limit, size: stale,
                    orderType: .fak, nowMilliseconds: now)
            }
        }
        guard states[index].lastQuoted != outcome else { return }
        let background = scenario.markets[index].background
        var placed: [String] = []
        let edge = won ? tick.maximumPrice.micros : tick.minimumPrice.micros
        for level in 0..<Int64(max(background.levels, 1)) {
            // The edge level on the outcome's side, then levels behind it on the other.
            let quotes: [(Side, Int64)] =
                level == 0
                ? [(won ? .sell : .buy, edge), (won ? .buy : .sell, won ? edge - tick.micros : edge + tick.micros)]
                : [(won ? .buy : .sell, won ? edge - (level + 1) * tick.micros : edge + (level + 1) * tick.micros)]
            for (side, micros) in quotes {
                guard let price = tick.gridPrice(micros, .down),
                    case .success(let ack) = exchange.placeAgentOrder(
                        owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: side, price: price, size: background.size,
                        orderType: .gtc, postOnly: true, nowMilliseconds: now)
                else { continue }
                placed.append(ack.orderID)
            }
        }
        states[index].providerOrders = placed
        states[index].lastQuoted = outcome
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

    /// Step timing: noise and informed takers arrive with a per-step probability drawn from `random`.
    mutating func stepTakers(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64, random: inout SimRandom) {
        let takers = scenario.markets[index].takers
        let step = scenario.stepMilliseconds
        // Noise: Poisson arrivals approximated per step (rate in micro-arrivals per minute → probability in millionths).
        if takers.noiseRatePerMinute > 0, random.millionths() < takers.noiseRatePerMinute * step / 60_000 {
            noiseTaker(index, exchange: &exchange, now: now, random: &random)
        }
        if takers.informedRatePerMinute > 0, random.millionths() < takers.informedRatePerMinute * step / 60_000 {
            let size = takers.informedSizes?.draw(&random) ?? takers.informedSize
            informedTaker(index, exchange: &exchange, now: now, elapsed: elapsed, size: size)
        }
    }

    /// A random-side FAK taker of the noise size (or one drawn from `sizes:`, after the side).
    mutating func noiseTaker(_ index: Int, exchange: inout SimExchange, now: Int64, random: inout SimRandom) {
        let market = scenario.markets[index]
        guard let tick = exchange.markets[market.spec.conditionID]?.tick else { return }
        let side: Side = random.millionths() < 500_000 ? .buy : .sell
        let size = market.takers.noiseSizes?.draw(&random) ?? market.takers.noiseSize
        take(market.spec.conditionID, side: side, outcome: .yes, size: size, tick: tick, exchange: &exchange, now: now)
    }

    /// Informed: trades toward where fair value will be (``futureFairValue(_:at:)``).
    mutating func informedTaker(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64, size: Quantity) {
        let market = scenario.markets[index]
        guard let tick = exchange.markets[market.spec.conditionID]?.tick, let book = exchange.book(token: market.spec.yesToken) else { return }
        let future = futureFairValue(index, at: elapsed + market.takers.informedLookaheadMilliseconds)
        // The limit is the coming fair value on the grid (the grid's edge once it is past it, e.g. at resolution).
        if let ask = book.bestAsk?.price, future > ask.micros {
            let limit = tick.gridPrice(future, .down) ?? tick.maximumPrice
            take(market.spec.conditionID, side: .buy, outcome: .yes, size: size, limit: limit, tick: tick, owner: "sim-informed", exchange: &exchange, now: now)
        } else if let bid = book.bestBid?.price, future < bid.micros {
            let limit = tick.gridPrice(future, .up) ?? tick.minimumPrice
            take(market.spec.conditionID, side: .sell, outcome: .yes, size: size, limit: limit, tick: tick, owner: "sim-informed", exchange: &exchange, now: now)
        }
    }

    /// Scripted events due at `elapsed`: tick changes (before the background re-quotes), or baits,
    /// bait takes and sweeps (after the random takers), in the order the scenario lists them.
    mutating func scripted(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64, ticksOnly: Bool) {
        let market = scenario.markets[index]
        let id = market.spec.conditionID
        if ticksOnly {
            for (i, change) in market.tickChanges.enumerated() where change.atMilliseconds <= elapsed && !states[index].firedTicks.contains(i) {
                states[index].firedTicks.insert(i)
                exchange.changeTick(market: id, to: change.tick, nowMilliseconds: now)
                states[index].lastQuoted = nil
            }
            return
        }
        guard let tick = exchange.markets[id]?.tick else { return }
        let takers = market.takers
        // Bait: compress the touch with minimum-size orders, then take size from whoever joined.
        for (b, bait) in takers.baits.enumerated() where bait.atMilliseconds <= elapsed && !states[index].firedBaits.contains(b) {
            states[index].firedBaits.insert(b)
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
            states[index].pendingBaits.append((elapsed + bait.delayMilliseconds, bait.takeSize, placed))
        }
        var remaining: [(takeAt: Int64, size: Quantity, orders: [String])] = []
        for bait in states[index].pendingBaits {
            guard bait.takeAt <= elapsed else {
                remaining.append(bait)
                continue
            }
            _ = exchange.cancel(ids: bait.orders, apiKey: "sim-bait", nowMilliseconds: now)
            take(id, side: .sell, outcome: .yes, size: bait.size, tick: tick, exchange: &exchange, now: now)
        }
        states[index].pendingBaits = remaining
        // Scripted sweeps (e.g. one large fill against a market maker).
        for (s, sweep) in takers.sweeps.enumerated() where sweep.atMilliseconds <= elapsed && !states[index].firedSweeps.contains(s) {
            states[index].firedSweeps.insert(s)
            take(id, side: sweep.side, outcome: sweep.outcome, size: sweep.size, tick: tick, exchange: &exchange, now: now)
        }
    }

    /// A FAK taker order up to `limit` (default: anything on the book).
    /// Informed takers trade as `sim-informed`, every other taker as `sim-taker`, so a trade log tells them apart.
    private func take(
        _ market: String, side: Side, outcome: Outcome, size: Quantity, limit: Price? = nil, tick: TickSize, owner: String = "sim-taker", exchange: inout SimExchange, now: Int64
    ) {
        let price = limit ?? (side == .buy ? tick.maximumPrice : tick.minimumPrice)
        _ = exchange.placeAgentOrder(
            owner: owner, maker: Self.taker, market: market, outcome: outcome, side: side, price: price, size: size, orderType: .fak, nowMilliseconds: now)
    }
}
