import MMCore
import Polymarket

extension SimExchange {
    // MARK: Cancels

    /// Cancels the caller's orders by id: `(canceled, notCanceled)` like the venue's answer.
    public mutating func cancel(ids: [String], apiKey: String, nowMilliseconds now: Int64) -> (canceled: [String], notCanceled: [String: String]) {
        var canceled: [String] = []
        var notCanceled: [String: String] = [:]
        for id in ids {
            guard let order = orders[id], order.owner == apiKey else {
                notCanceled[id] = "Order not found or already canceled"
                continue
            }
            _ = remove(order.id, status: "CANCELED", nowMilliseconds: now)
            canceled.append(id)
        }
        return (canceled, notCanceled)
    }

    /// Cancels every order of the key, optionally only in one market or token.
    public mutating func cancelAll(apiKey: String, market: String? = nil, assetID: String? = nil, nowMilliseconds now: Int64) -> [String] {
        let ids = ownOrders(apiKey).filter { order in
            (market.map { $0.isEmpty || $0 == order.market } ?? true) && (assetID.map { $0.isEmpty || $0 == markets[order.market]!.token(order.outcome) } ?? true)
        }.map(\.id)
        return cancel(ids: ids, apiKey: apiKey, nowMilliseconds: now).canceled
    }

    /// The key's resting orders, oldest first.
    func ownOrders(_ apiKey: String) -> [SimOrder] {
        (orderIDsByOwner[apiKey] ?? []).compactMap { orders[$0] }.sorted { $0.sequence < $1.sequence }
    }

    // MARK: Heartbeats

    /// `POST /v1/heartbeats`: accepts `""` (start a chain) or the id it issued last, and arms the switch.
    public mutating func heartbeat(apiKey: String, id: String, nowMilliseconds now: Int64) -> Result<String, SimRejection> {
        if let current = heartbeats[apiKey], !id.isEmpty, id != current.id {
            return .failure(SimRejection("Invalid Heartbeat ID", extraJSON: "\"heartbeat_id\":\"\(current.id)\""))
        }
        if heartbeats[apiKey] == nil, !id.isEmpty {
            return .failure(SimRejection("Invalid Heartbeat ID", extraJSON: "\"heartbeat_id\":\"\""))
        }
        let next = "hb-\(nextSequence())"
        heartbeats[apiKey] = (next, now)
        return .success(next)
    }

    // MARK: Time

    /// The status of the `CANCELLATION` order event an expired GTD order gets.
    public static let expiredStatus = "CANCELED_EXPIRED_ORDER"

    /// Advances the venue to `now`: trade lifecycle, the heartbeat dead-man switch, GTD expiry and
    /// per-minute reward sampling. Costs what is due (time-ordered queues, per-key indices), not what
    /// is resting, because every request and every server tick calls it.
    public mutating func advance(nowMilliseconds now: Int64) {
        advanceTrades(now)
        for (key, beat) in heartbeats where now - beat.last > settings.heartbeatTimeoutMilliseconds {
            heartbeats[key] = nil
            for order in ownOrders(key) { _ = remove(order.id, status: "CANCELED_ORDER_TIMED_OUT", nowMilliseconds: now) }
        }
        let expired = expiries.popAll { $0.at <= now }.filter { orders[$0.orderID]?.expiresAtMilliseconds == $0.at && orders[$0.orderID]?.sequence == $0.sequence }
        // GTD expiry: the venue reports it as a cancellation with status CANCELED_EXPIRED_ORDER, not as an
        // event of its own; the order leaves the book and open orders and its reservation is released.
        for entry in expired.sorted(by: { $0.sequence < $1.sequence }) { _ = remove(entry.orderID, status: Self.expiredStatus, nowMilliseconds: now) }
        sampleRewards(now)
    }

    private mutating func advanceTrades(_ now: Int64) {
        while let first = lifecycle.first, first.due <= now {
            _ = lifecycle.popFirst()
            guard let index = tradeIndex[first.tradeID] else { continue }
            var trade = trades[index]
            trade.status = first.next
            trade.lastUpdateMilliseconds = first.due
            trades[index] = trade
            switch first.next {
            case .mined:
                // The operator's matchOrders transaction: a deterministic hash per trade.
                trade.transactionHash = Hex.encode(Keccak256.hash(Array("sim-tx|\(trade.id)".utf8)))
                trades[index] = trade
                lifecycle.insert(LifecycleStep(due: first.due + settings.confirmDelayMilliseconds, tradeID: trade.id, next: .confirmed))
            case .failed: reverse(trade)
            default: break
            }
            events.append(.trade(owners: Set(trade.makers.map(\.owner) + [trade.takerOwner]), trade: trade, timestampMilliseconds: first.due))
        }
    }

    /// Undoes the balance moves of a FAILED trade.
    private mutating func reverse(_ trade: SimTrade) {
        for maker in trade.makers {
            let party = SimOrder(
                id: maker.orderID, owner: maker.owner, maker: maker.maker, market: trade.market, outcome: maker.outcome, side: maker.side, price: maker.price,
                originalSize: maker.size, matched: .zero, orderType: "GTC", createdAtMilliseconds: 0, expiresAtMilliseconds: nil, expiration: 0, sequence: 0)
            settle(party: party, price: maker.price, size: maker.size, wasReserved: false, reverse: true)
            let takerPrice = trade.outcome == maker.outcome ? maker.price : maker.price.complement
            let taker = SimOrder(
                id: trade.takerOrderID, owner: trade.takerOwner, maker: trade.takerMaker, market: trade.market, outcome: trade.outcome, side: trade.side,
                price: takerPrice, originalSize: maker.size, matched: .zero, orderType: "GTC", createdAtMilliseconds: 0, expiresAtMilliseconds: nil, expiration: 0,
                sequence: 0)
            settle(party: taker, price: takerPrice, size: maker.size, wasReserved: false, reverse: true)
        }
    }

    // MARK: Rewards and scoring

    /// Once per minute: each owner's Q_min share of each market's pool, credited pool ÷ 1440 × share.
    /// Reads each rewarded market's own book, so a minute's sample costs the resting orders, once.
    private mutating func sampleRewards(_ now: Int64) {
        let minute = now / 60_000
        if let last = lastRewardSampleMinute, minute <= last { return }
        lastRewardSampleMinute = minute
        sampleRewardsNow(nowMilliseconds: now)
    }

    /// Takes one reward sample now, outside the once-a-minute schedule, crediting one minute's pool
    /// (tests and scripts that cannot wait for a minute boundary; the next scheduled sample still comes).
    public mutating func sampleRewardsNow(nowMilliseconds now: Int64) {
        let day = UTCDay(epochMilliseconds: now).description
        for (marketID, market) in markets.sorted(by: { $0.key < $1.key }) {
            guard let rewards = market.rewards, rewards.dailyRate.micros > 0, let book = book(token: market.yesToken),
                let mid = book.sizeCutoffAdjustedMid(minimumSize: rewards.minSize)
            else { continue }
            var byOwner: [String: [RewardOrder]] = [:]
            for id in (bids[marketID] ?? []) + (asks[marketID] ?? []) {
                guard let order = orders[id] else { continue }
                byOwner[order.owner, default: []].append(RewardOrder(outcome: order.outcome, side: order.side, price: order.price, size: order.remaining))
            }
            let scores = byOwner.mapValues { list -> Int64 in
                let (one, two) = RewardScoring.sides(of: list, mid: mid, parameters: rewards)
                return RewardScoring.qMin(qOne: one, qTwo: two, mid: mid).micros
            }
            let total = scores.values.reduce(0, +)
            guard total > 0 else { continue }
            rewardScoreSums[marketID, default: 0] += total
            for (owner, score) in scores { rewardScoreSums["\(marketID)|\(owner)", default: 0] += score }
            let perMinute = rewards.dailyRate.micros / 1_440
            for (owner, score) in scores where score > 0 {
                let credit = FixedPoint.multiplyDivide(perMinute, score, dividingBy: total, rounding: .down)!
                rewardEarnings["\(day)|\(owner)", default: [:]][marketID, default: 0] += credit
            }
        }
    }

    /// Whether an order scores, by the venue's documented rules: resting on a rewarded market, at least
    /// `rewardsMinSize`, strictly inside the band around the size-cutoff-adjusted midpoint, live for the
    /// market's minimum order age, and, when that midpoint is outside [0.10, 0.90], with the same owner
    /// also scoring on the other side (Q_min is then min(Q_one, Q_two), so one side alone earns nothing).
    public func isScoring(orderID: String, nowMilliseconds now: Int64) -> Bool {
        guard let order = orders[orderID], let market = markets[order.market], let rewards = market.rewards,
            let mid = book(token: market.yesToken)?.sizeCutoffAdjustedMid(minimumSize: rewards.minSize)
        else { return false }
        let spread = (order.yesPrice.micros - mid.micros).magnitude
        guard order.remaining >= rewards.minSize, spread < UInt64(rewards.maxSpread), now - order.createdAtMilliseconds >= market.minOrderAgeSeconds * 1_000 else {
            return false
        }
        if RewardScoring.singleSidedBand.contains(mid.micros) { return true }
        let own = ownOrders(order.owner).filter { $0.market == order.market }.map {
            RewardOrder(outcome: $0.outcome, side: $0.side, price: $0.price, size: $0.remaining)
        }
        let (one, two) = RewardScoring.sides(of: own, mid: mid, parameters: rewards)
        return one > .zero && two > .zero
    }

    /// Changes a market's reward parameters (the venue has been seen to change `rewardsMinSize` live);
    /// scoring and the next samples use the new ones.
    public mutating func setRewards(market marketID: String, to rewards: RewardParameters?) {
        markets[marketID]?.rewards = rewards
    }

    /// `owner`'s share of all sampled reward score in a market so far; `nil` before any sample.
    public func rewardScoreShare(owner: String, market: String) -> Ratio? {
        guard let total = rewardScoreSums[market], total > 0 else { return nil }
        let ours = rewardScoreSums["\(market)|\(owner)"] ?? 0
        return Ratio(micros: FixedPoint.multiplyDivide(ours, 1_000_000, dividingBy: total, rounding: .down) ?? 0)
    }

    /// What `owner` earned per market on a UTC day (`YYYY-MM-DD`), in micro-pUSD.
    public func earnings(owner: String, day: String) -> [String: Int64] { rewardEarnings["\(day)|\(owner)"] ?? [:] }

    // MARK: Queries

    public func openOrders(apiKey: String, market: String? = nil, assetID: String? = nil) -> [SimOrder] {
        ownOrders(apiKey).filter { order in
            (market.map { $0 == order.market } ?? true) && (assetID.map { $0 == markets[order.market]!.token(order.outcome) } ?? true)
        }
    }

    /// Trades the key took part in, oldest first, optionally after a Unix second.
    public func trades(apiKey: String, market: String? = nil, afterSeconds: Int64? = nil) -> [SimTrade] {
        (tradeIndicesByOwner[apiKey] ?? []).map { trades[$0] }.filter { trade in
            (market.map { $0 == trade.market } ?? true) && (afterSeconds.map { trade.matchTimeMilliseconds / 1_000 >= $0 } ?? true)
        }
    }

    public func market(ofToken token: String) -> SimMarketSpec? { tokenToMarket[token].flatMap { markets[$0] } }

    /// Changes a market's tick (the venue does this near 0 and 1) and publishes `tick_size_change`.
    public mutating func changeTick(market marketID: String, to tick: TickSize, nowMilliseconds now: Int64) {
        guard var market = markets[marketID], market.tick != tick else { return }
        let old = market.tick
        market.tick = tick
        markets[marketID] = market
        for token in [market.yesToken, market.noToken] {
            events.append(.tickSizeChange(market: marketID, assetID: token, old: old, new: tick, timestampMilliseconds: now))
        }
    }
}
