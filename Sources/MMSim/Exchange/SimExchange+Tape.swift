import MMCore
import Polymarket

/// What a recorded tape does to the book (``Tape``): the other participants' orders follow the recorded
/// depth, and recorded trades match against everything resting, ours included, by price-time priority.
///
/// The recorded depth at a price is held as orders of one simulator owner, so an order of ours keeps its
/// place among them: depth resting at a price when we join it is ahead of us; depth that appears later
/// is behind us; trades consume the queue from the front; a level that shrinks without a trade lost that
/// size to cancels, taken from every recorded order at the price in proportion to its size (ahead of us
/// and behind us alike).
extension SimExchange {
    /// Makes `owner`'s resting YES orders in `market` equal the recorded book. Shrinking levels are cut
    /// first (cancels, in proportion), then growing ones get a new order at the back of their queue; a
    /// recorded level that crosses one of our resting orders trades against it (a participant whose order
    /// would have crossed ours takes it), and its rest rests. Refused levels (off the current grid) are
    /// skipped; their count is returned.
    @discardableResult
    public mutating func replaceBook(
        market marketID: String, owner: String, maker: String, bids recordedBids: [BookLevel], asks recordedAsks: [BookLevel], nowMilliseconds now: Int64
    ) -> Int {
        guard markets[marketID] != nil else { return 0 }
        var touched: Set<Int64> = []
        var resting: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]
        for (side, recorded) in [(Side.buy, recordedBids), (.sell, recordedAsks)] {
            let target = Dictionary(recorded.map { ($0.price.micros, $0.size.micros) }, uniquingKeysWith: +)
            var queues: [Int64: [String]] = [:]
            for id in (side == .buy ? bids[marketID] : asks[marketID]) ?? [] where orders[id]?.owner == owner {
                queues[orders[id]!.yesPrice.micros, default: []].append(id)
            }
            for (price, ids) in queues.sorted(by: { $0.key < $1.key }) {
                let total = ids.reduce(Int64(0)) { $0 + orders[$1]!.remaining.micros }
                let wanted = target[price] ?? 0
                if wanted < total {
                    cancelProportionally(ids, total: total, amount: total - wanted, nowMilliseconds: now)
                    touched.insert(price)
                }
                resting[side]![price] = min(total, wanted)
            }
        }
        publishLevels(market: marketID, yesPrices: touched, nowMilliseconds: now)
        var refused = 0
        for (side, recorded) in [(Side.buy, recordedBids), (.sell, recordedAsks)] {
            for level in recorded {
                let missing = level.size.micros - (resting[side]![level.price.micros] ?? 0)
                guard missing > 0 else { continue }
                let order = SimOrder(
                    id: "agent-\(nextSequence())", owner: owner, maker: Self.normalize(maker), market: marketID, outcome: .yes, side: side, price: level.price,
                    originalSize: Quantity(micros: missing), matched: .zero, orderType: OrderType.gtc.rawValue, createdAtMilliseconds: now,
                    expiresAtMilliseconds: nil, expiration: 0, sequence: 0)
                // Recorded depth is whatever size it is: the venue minimum applies to orders, not to what a level grows by.
                guard markets[marketID]!.tick.isOnGrid(level.price), case .success = place(order, orderType: .gtc, postOnly: false, checkMinimum: false, nowMilliseconds: now)
                else {
                    refused += 1
                    continue
                }
            }
        }
        return refused
    }

    /// Replays a recorded taker trade: a FAK order of `size` at limit `price` from `taker`. A trade at p
    /// shows that nobody else's order at a better price was resting then, so `bookOwner`'s orders
    /// better than p on the side it takes from are cancelled first; ours stay and fill first (price
    /// priority), then the queue at p in time order. Returns the trade id, `nil` when nothing matched
    /// (then only the print is published).
    @discardableResult
    public mutating func replayTrade(
        market marketID: String, side: Side, price: Price, size: Quantity, bookOwner: String, taker: String, takerMaker: String, nowMilliseconds now: Int64
    ) -> String? {
        guard let market = markets[marketID], market.tick.isOnGrid(price) else { return nil }
        var touched: Set<Int64> = []
        for id in (side == .buy ? asks[marketID] : bids[marketID]) ?? [] {
            guard let order = orders[id], order.owner == bookOwner, side == .buy ? order.yesPrice < price : order.yesPrice > price else { continue }
            dropTapeOrder(order, nowMilliseconds: now)
            touched.insert(order.yesPrice.micros)
        }
        publishLevels(market: marketID, yesPrices: touched, nowMilliseconds: now)
        let order = SimOrder(
            id: "agent-\(nextSequence())", owner: taker, maker: Self.normalize(takerMaker), market: marketID, outcome: .yes, side: side, price: price,
            originalSize: size, matched: .zero, orderType: OrderType.fak.rawValue, createdAtMilliseconds: now, expiresAtMilliseconds: nil, expiration: 0, sequence: 0)
        guard case .success(let ack) = place(order, orderType: .fak, postOnly: false, nowMilliseconds: now), let id = ack.tradeIDs.first else {
            // Liquidity the tape never showed (it came and went between two books): the print is still
            // published, as the venue did, so takers' flow stays visible; nothing of ours was there.
            events.append(.lastTradePrice(market: marketID, assetID: market.yesToken, price: price, size: size, side: side, timestampMilliseconds: now))
            return nil
        }
        return id
    }

    /// Cancels `amount` micro-shares from the orders `ids` (one price, queue order) in proportion to their
    /// sizes, rounded down, the remainder taken from the back of the queue.
    private mutating func cancelProportionally(_ ids: [String], total: Int64, amount: Int64, nowMilliseconds now: Int64) {
        var cuts = ids.map { FixedPoint.multiplyDivide(amount, orders[$0]!.remaining.micros, dividingBy: total, rounding: .down) ?? 0 }
        var left = amount - cuts.reduce(0, +)
        for index in ids.indices.reversed() where left > 0 {
            let extra = min(left, orders[ids[index]]!.remaining.micros - cuts[index])
            cuts[index] += extra
            left -= extra
        }
        for (id, cut) in zip(ids, cuts) where cut > 0 {
            var order = orders[id]!
            if cut >= order.remaining.micros {
                dropTapeOrder(order, nowMilliseconds: now)
                continue
            }
            unreserve(order)
            order.originalSize = order.originalSize - Quantity(micros: cut)
            orders[id] = order
            reserve(order)
        }
    }

    /// Removes a recorded order without a level event (the caller publishes the levels it touched once).
    private mutating func dropTapeOrder(_ order: SimOrder, nowMilliseconds now: Int64) {
        unreserve(order)
        orders[order.id] = nil
        orderIDsByOwner[order.owner]?.remove(order.id)
        removeFromBook(order)
        events.append(.order(owner: order.owner, type: "CANCELLATION", order: order, status: "CANCELED", timestampMilliseconds: now))
    }
}
