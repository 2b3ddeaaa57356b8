import MMCore
import Polymarket

extension ScenarioEngine {
    /// Re-quotes the background book when fair value moved by a tick or more.
    mutating func refreshProvider(_ index: Int, exchange: inout SimExchange, now: Int64) {
        let market = scenario.markets[index]
        guard let spec = exchange.markets[market.spec.conditionID] else { return }
        let tick = spec.tick
        let fv = fairValues[index]
        if let last = states[index].lastQuoted, abs(last - fv) < tick.micros { return }
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
            { placed.append(ack.orderID) } else { complete = false }
            if let ask = tick.gridPrice(fv + offset, .up),
                case .success(let ack) = exchange.placeAgentOrder(
                    owner: "sim-provider", maker: Self.provider, market: spec.conditionID, outcome: .yes, side: .sell, price: ask, size: background.size,
                    orderType: .gtc, postOnly: true, nowMilliseconds: now)
            { placed.append(ack.orderID) } else { complete = false }
        }
        states[index].providerOrders = placed
        // A level refused (post-only cross, balance) is tried again next step, not after the next tick move.
        states[index].lastQuoted = complete ? fv : nil
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
            informedTaker(index, exchange: &exchange, now: now, elapsed: elapsed, size: takers.informedSize)
        }
    }

    /// A random-side FAK taker of the noise size.
    mutating func noiseTaker(_ index: Int, exchange: inout SimExchange, now: Int64, random: inout SimRandom) {
        let market = scenario.markets[index]
        guard let tick = exchange.markets[market.spec.conditionID]?.tick else { return }
        let side: Side = random.millionths() < 500_000 ? .buy : .sell
        take(market.spec.conditionID, side: side, outcome: .yes, size: market.takers.noiseSize, tick: tick, exchange: &exchange, now: now)
    }

    /// Informed: trades toward where fair value will be.
    mutating func informedTaker(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64, size: Quantity) {
        let market = scenario.markets[index]
        guard let tick = exchange.markets[market.spec.conditionID]?.tick, let book = exchange.book(token: market.spec.yesToken) else { return }
        let future = states[index].process.value(elapsed: elapsed + market.takers.informedLookaheadMilliseconds)
        if let ask = book.bestAsk?.price, future > ask.micros {
            take(market.spec.conditionID, side: .buy, outcome: .yes, size: size, limit: tick.gridPrice(future, .down), tick: tick, exchange: &exchange, now: now)
        } else if let bid = book.bestBid?.price, future < bid.micros {
            take(market.spec.conditionID, side: .sell, outcome: .yes, size: size, limit: tick.gridPrice(future, .up), tick: tick, exchange: &exchange, now: now)
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
    private func take(_ market: String, side: Side, outcome: Outcome, size: Quantity, limit: Price? = nil, tick: TickSize, exchange: inout SimExchange, now: Int64) {
        let price = limit ?? (side == .buy ? tick.maximumPrice : tick.minimumPrice)
        _ = exchange.placeAgentOrder(
            owner: "sim-taker", maker: Self.taker, market: market, outcome: outcome, side: side, price: price, size: size, orderType: .fak, nowMilliseconds: now)
    }
}
