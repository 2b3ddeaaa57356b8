import MMCore

extension ScenarioEngine {
    /// A tape market's step: tick changes, then every recorded event due by `elapsed`, in file order
    /// (books replace the recorded depth, trades are replayed as takers), all at the step's `now`. Fair
    /// value is the recorded mid of the last two-sided book. No randomness: a tape replays the same
    /// way under every seed and either timing.
    mutating func tapeMarket(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64) {
        let market = scenario.markets[index]
        guard let tape = market.tape else { return }
        scripted(index, exchange: &exchange, now: now, elapsed: elapsed, ticksOnly: true)
        let id = market.spec.conditionID
        var cursor = states[index].tapeCursor
        while cursor < tape.entries.count, tape.entries[cursor].atMilliseconds <= elapsed {
            switch tape.entries[cursor].event {
            case .book(let bids, let asks):
                exchange.replaceBook(market: id, owner: Self.tapeBookOwner, maker: Self.provider, bids: bids, asks: asks, nowMilliseconds: now)
                if let mid = Tape.mid(bids: bids, asks: asks) { fairValues[index] = mid }
            case .trade(let side, let price, let size):
                let trade = exchange.replayTrade(
                    market: id, side: side, price: price, size: size, bookOwner: Self.tapeBookOwner, taker: Self.tapeTakerOwner, takerMaker: Self.taker,
                    nowMilliseconds: now)
                if trade == nil { tapeTradesUnmatched += 1 } else { tapeTradesReplayed += 1 }
            }
            cursor += 1
        }
        states[index].tapeCursor = cursor
    }
}
