import MMCore

extension SimExchange {
    /// Shares available to `order` at its limit or better on the opposite side of the YES view.
    func crossingLiquidity(for order: SimOrder) -> Quantity {
        var total = Quantity.zero
        for id in opposite(of: order) {
            guard let resting = orders[id], crosses(order, resting) else { break }
            total = total + resting.remaining
        }
        return total
    }

    /// What `budget` pUSD buys for a market BUY at the resting makers' prices (each in the taker's token),
    /// best first, within its limit: the shares (whole micro-shares, rounded down) and the pUSD they cost.
    func affordableShares(_ budget: Money, for order: SimOrder) -> (shares: Quantity, spent: Money) {
        var shares: Int64 = 0
        var spent: Int64 = 0
        for id in opposite(of: order) {
            guard let resting = orders[id], crosses(order, resting) else { break }
            let price = order.outcome == resting.outcome ? resting.price : resting.price.complement
            let left = budget.micros - spent
            guard left > 0, let affordable = FixedPoint.multiplyDivide(left, FixedPoint.scale, dividingBy: price.micros, rounding: .down) else { break }
            let take = min(affordable, resting.remaining.micros)
            guard take > 0 else { break }
            shares += take
            spent += Money.notional(price, Quantity(micros: take)).micros
        }
        return (Quantity(micros: shares), Money(micros: spent))
    }

    /// Cancels the ``SimExchange/fadingOrderIDs`` that `order` would match, before it matches.
    mutating func fadeOrders(meeting order: SimOrder, nowMilliseconds now: Int64) {
        guard !fadingOrderIDs.isEmpty else { return }
        let faded = opposite(of: order).filter { id in fadingOrderIDs.contains(id) && orders[id].map { crosses(order, $0) } == true }
        for id in faded {
            fadingOrderIDs.remove(id)
            _ = remove(id, status: "CANCELED", nowMilliseconds: now)
        }
    }

    private func opposite(of order: SimOrder) -> [String] {
        order.yesSide == .buy ? asks[order.market] ?? [] : bids[order.market] ?? []
    }

    private func crosses(_ taker: SimOrder, _ resting: SimOrder) -> Bool {
        taker.yesSide == .buy ? resting.yesPrice <= taker.yesPrice : resting.yesPrice >= taker.yesPrice
    }

    /// Matches `taker` against the book at the makers' prices, settling every fill. Returns the trade id.
    mutating func match(_ taker: inout SimOrder, nowMilliseconds now: Int64) -> String? {
        var makers: [SimMakerFill] = []
        var touched: Set<Int64> = []
        while taker.remaining.micros > 0 {
            let side = taker.yesSide == .buy ? asks[taker.market] ?? [] : bids[taker.market] ?? []
            guard let firstID = side.first, var resting = orders[firstID], crosses(taker, resting) else { break }
            let fill = min(taker.remaining, resting.remaining)
            // Each party trades its own token at its own price: the maker's limit, mirrored for the taker
            // when the two hold different tokens (a mint or a merge).
            let makerPrice = resting.price
            let takerPrice = taker.outcome == resting.outcome ? makerPrice : makerPrice.complement
            settle(party: resting, price: makerPrice, size: fill, wasReserved: true)
            settle(party: taker, price: takerPrice, size: fill, wasReserved: false)
            chargeTakerFee(taker, price: takerPrice, size: fill)
            unreserve(resting)
            resting.matched = resting.matched + fill
            taker.matched = taker.matched + fill
            touched.insert(resting.yesPrice.micros)
            makers.append(SimMakerFill(
                orderID: resting.id, owner: resting.owner, maker: resting.maker, assetID: markets[resting.market]!.token(resting.outcome),
                outcome: resting.outcome, side: resting.side, price: makerPrice, size: fill))
            if resting.remaining.micros == 0 {
                orders[resting.id] = nil
                orderIDsByOwner[resting.owner]?.remove(resting.id)
                removeFromBook(resting)
                events.append(.order(owner: resting.owner, type: "UPDATE", order: resting, status: "MATCHED", timestampMilliseconds: now))
            } else {
                orders[resting.id] = resting
                reserve(resting)
                events.append(.order(owner: resting.owner, type: "UPDATE", order: resting, status: "LIVE", timestampMilliseconds: now))
            }
        }
        guard !makers.isEmpty else { return nil }
        let market = markets[taker.market]!
        let tradeID = "sim-trade-\(nextSequence())"
        let filled = makers.reduce(Quantity.zero) { $0 + $1.size }
        let takerPrice = taker.outcome == makers[0].outcome ? makers[0].price : makers[0].price.complement
        let trade = SimTrade(
            id: tradeID, market: taker.market, takerOrderID: taker.id, takerOwner: taker.owner, takerMaker: taker.maker, assetID: market.token(taker.outcome),
            outcome: taker.outcome, side: taker.side, price: takerPrice, size: filled, makers: makers, status: .matched, matchTimeMilliseconds: now,
            lastUpdateMilliseconds: now)
        tradeIndex[tradeID] = trades.count
        var owners: [String] = [taker.owner]
        for maker in makers where !owners.contains(maker.owner) { owners.append(maker.owner) }
        for owner in owners { tradeIndicesByOwner[owner, default: []].append(trades.count) }
        trades.append(trade)
        let fails = settings.failureProbabilityMillionths > 0 && rng.millionths() < settings.failureProbabilityMillionths
        lifecycle.insert(LifecycleStep(due: now + settings.mineDelayMilliseconds, tradeID: tradeID, next: fails ? .failed : .mined))
        events.append(.trade(owners: Set(makers.map(\.owner) + [taker.owner]), trade: trade, timestampMilliseconds: now))
        events.append(.lastTradePrice(market: taker.market, assetID: trade.assetID, price: takerPrice, size: filled, side: taker.side, timestampMilliseconds: now))
        publishLevels(market: taker.market, yesPrices: touched, nowMilliseconds: now)
        return tradeID
    }

    /// Moves collateral and tokens for one side of a fill.
    mutating func settle(party: SimOrder, price: Price, size: Quantity, wasReserved: Bool, reverse: Bool = false) {
        let token = markets[party.market]!.token(party.outcome)
        let cash = Money.notional(price, size).micros
        let sign: Int64 = reverse ? -1 : 1
        var balance = balances[party.maker] ?? SimBalance()
        switch party.side {
        case .buy:
            balance.collateral -= sign * cash
            balance.tokens[token, default: 0] += sign * size.micros
            // A limited pUSD allowance is spent by what the exchange pulls; an unlimited one is not.
            if var approved = approvals[party.maker], approved.collateral != .max {
                approved.collateral -= sign * cash
                approvals[party.maker] = approved
            }
        case .sell:
            balance.tokens[token, default: 0] -= sign * size.micros
            balance.collateral += sign * cash
        }
        balances[party.maker] = balance
    }

    /// Fees per the V2 spec: C × rate × p × (1 − p), rounded to 5 decimals, charged to the taker only
    /// (a BUY taker pays on top, a SELL taker receives less). Makers pay none.
    mutating func chargeTakerFee(_ taker: SimOrder, price: Price, size: Quantity) {
        guard let rate = markets[taker.market]?.takerFeeRate, rate.micros > 0 else { return }
        let variance = FixedPoint.multiplyDivide(price.micros, FixedPoint.scale - price.micros, dividingBy: FixedPoint.scale, rounding: .nearestEven)!
        let perShare = rate.of(variance)
        let fee = FixedPoint.multiplyDivide(perShare, size.micros, dividingBy: FixedPoint.scale, rounding: .nearestEven)!
        let rounded = FixedPoint.multiplyDivide(fee, 1, dividingBy: 10, rounding: .nearestEven)! * 10
        balances[taker.maker, default: SimBalance()].collateral -= rounded
        feesCollected += rounded
    }

    mutating func reserve(_ order: SimOrder) { adjustReservation(order, by: 1) }
    mutating func unreserve(_ order: SimOrder) { adjustReservation(order, by: -1) }

    private mutating func adjustReservation(_ order: SimOrder, by sign: Int64) {
        var balance = balances[order.maker] ?? SimBalance()
        switch order.side {
        case .buy: balance.reservedCollateral += sign * Money.notional(order.price, order.remaining, rounding: .up).micros
        case .sell: balance.reservedTokens[markets[order.market]!.token(order.outcome), default: 0] += sign * order.remaining.micros
        }
        balances[order.maker] = balance
    }

    /// Puts the remainder of an order on the book (price-time priority) and reserves its funds.
    mutating func rest(_ order: SimOrder, nowMilliseconds now: Int64) {
        orders[order.id] = order
        orderIDsByOwner[order.owner, default: []].insert(order.id)
        if let expiry = order.expiresAtMilliseconds { expiries.insert(Expiry(at: expiry, sequence: order.sequence, orderID: order.id)) }
        reserve(order)
        var side = order.yesSide == .buy ? bids[order.market] ?? [] : asks[order.market] ?? []
        let index = side.firstIndex { id in
            guard let other = orders[id] else { return false }
            return order.yesSide == .buy ? other.yesPrice < order.yesPrice : other.yesPrice > order.yesPrice
        } ?? side.endIndex
        side.insert(order.id, at: index)
        if order.yesSide == .buy { bids[order.market] = side } else { asks[order.market] = side }
        events.append(.order(owner: order.owner, type: "PLACEMENT", order: order, status: "LIVE", timestampMilliseconds: now))
        publishLevels(market: order.market, yesPrices: [order.yesPrice.micros], nowMilliseconds: now)
    }

    mutating func removeFromBook(_ order: SimOrder) {
        if order.yesSide == .buy { bids[order.market]?.removeAll { $0 == order.id } } else { asks[order.market]?.removeAll { $0 == order.id } }
    }

    /// Removes a resting order (cancel, expiry, dead-man switch) and releases its funds.
    mutating func remove(_ id: String, status: String, nowMilliseconds now: Int64) -> Bool {
        guard let order = orders[id] else { return false }
        unreserve(order)
        orders[id] = nil
        orderIDsByOwner[order.owner]?.remove(id)
        removeFromBook(order)
        events.append(.order(owner: order.owner, type: "CANCELLATION", order: order, status: status, timestampMilliseconds: now))
        publishLevels(market: order.market, yesPrices: [order.yesPrice.micros], nowMilliseconds: now)
        return true
    }

    // MARK: Book views

    /// The aggregated YES-view book of a market: (price, total) best first.
    public func yesLevels(market: String) -> (bids: [BookLevel], asks: [BookLevel]) {
        func aggregate(_ ids: [String]) -> [BookLevel] {
            var levels: [BookLevel] = []
            for id in ids {
                guard let order = orders[id] else { continue }
                if let last = levels.last, last.price == order.yesPrice {
                    levels[levels.count - 1].size = last.size + order.remaining
                } else {
                    levels.append(BookLevel(price: order.yesPrice, size: order.remaining))
                }
            }
            return levels
        }
        return (aggregate(bids[market] ?? []), aggregate(asks[market] ?? []))
    }

    /// One token's book as the venue shows it (the NO book mirrors the YES book).
    public func book(token: String) -> OrderBook? {
        guard let marketID = tokenToMarket[token], let market = markets[marketID] else { return nil }
        let levels = yesLevels(market: marketID)
        let yes = OrderBook(bids: levels.bids, asks: levels.asks)
        return market.outcome(of: token) == .yes ? yes : yes.mirrored
    }

    /// Publishes `price_change` for the given YES-view prices, for both tokens of the market.
    mutating func publishLevels(market marketID: String, yesPrices: Set<Int64>, nowMilliseconds now: Int64) {
        guard let market = markets[marketID], !yesPrices.isEmpty else { return }
        let levels = yesLevels(market: marketID)
        let bestBid = levels.bids.first?.price
        let bestAsk = levels.asks.first?.price
        var changes: [SimLevelChange] = []
        for micros in yesPrices.sorted() {
            let price = Price(micros: micros)!
            for (side, list) in [(Side.buy, levels.bids), (Side.sell, levels.asks)] {
                let size = list.first { $0.price == price }?.size ?? .zero
                changes.append(SimLevelChange(assetID: market.yesToken, price: price, size: size, side: side, bestBid: bestBid, bestAsk: bestAsk))
                changes.append(SimLevelChange(
                    assetID: market.noToken, price: price.complement, size: size, side: side.opposite, bestBid: bestAsk?.complement, bestAsk: bestBid?.complement))
            }
        }
        events.append(.priceChange(market: marketID, changes: changes, timestampMilliseconds: now))
    }
}
