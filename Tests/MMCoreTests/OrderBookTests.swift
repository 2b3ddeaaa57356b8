import Testing
@testable import MMCore

@Suite struct OrderBookTests {
    @Test func snapshotSortsLevelsAndDropsEmptyOnes() {
        let b = book(bids: [("0.45", "10"), ("0.48", "5"), ("0.40", "0")], asks: [("0.55", "7"), ("0.52", "3")])
        #expect(b.bids.map(\.price) == [price("0.48"), price("0.45")])
        #expect(b.asks.map(\.price) == [price("0.52"), price("0.55")])
        #expect(b.mid == price("0.5"))
        #expect(b.spread == cents(4))
    }

    @Test func priceChangeSetsTheNewTotalAndZeroRemoves() {
        var b = book(bids: [("0.45", "10")], asks: [("0.55", "7")])
        b.set(.buy, price: price("0.47"), size: shares("4"))
        b.set(.buy, price: price("0.45"), size: shares("12"))
        b.set(.sell, price: price("0.55"), size: .zero)
        b.set(.sell, price: price("0.60"), size: shares("1"))
        #expect(b.bids == [BookLevel(price: price("0.47"), size: shares("4")), BookLevel(price: price("0.45"), size: shares("12"))])
        #expect(b.asks == [BookLevel(price: price("0.60"), size: shares("1"))])
        b.set(.sell, price: price("0.99"), size: .zero)
        #expect(b.asks.count == 1, "removing an absent level changes nothing")
    }

    @Test func randomUpdatesMatchAReferenceDictionary() {
        var rng = SeededGenerator(seed: 11)
        var b = OrderBook()
        var reference: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]
        for _ in 0..<5_000 {
            let side: Side = Bool.random(using: &rng) ? .buy : .sell
            let p = Int64.random(in: 1...99, using: &rng) * 10_000
            let size = Bool.random(using: &rng) ? 0 : Int64.random(in: 1...1_000, using: &rng) * 1_000_000
            b.set(side, price: Price(micros: p)!, size: Quantity(micros: size))
            reference[side]![p] = size == 0 ? nil : size
        }
        #expect(b.bids.map(\.price.micros) == reference[.buy]!.keys.sorted(by: >))
        #expect(b.asks.map(\.price.micros) == reference[.sell]!.keys.sorted())
        #expect(b.bids.allSatisfy { reference[.buy]![$0.price.micros] == $0.size.micros })
    }

    @Test func mirrorFlipsSidesAndPrices() {
        let b = book(bids: [("0.48", "5"), ("0.45", "10")], asks: [("0.52", "3")])
        let no = b.mirrored
        #expect(no.bids == [BookLevel(price: price("0.48"), size: shares("3"))])
        #expect(no.asks == [BookLevel(price: price("0.52"), size: shares("5")), BookLevel(price: price("0.55"), size: shares("10"))])
        #expect(no.mirrored == b)
        #expect(no.mid == b.mid!.complement)
    }

    @Test func depthCountsLevelsInsideTheBand() {
        let b = book(bids: [("0.49", "5"), ("0.47", "10"), ("0.40", "100")], asks: [("0.51", "3"), ("0.53", "4"), ("0.60", "9")])
        #expect(b.depth(.buy, within: cents(3), of: price("0.5")) == shares("15"))
        #expect(b.depth(.sell, within: cents(3), of: price("0.5")) == shares("7"))
    }

    @Test func adjustedMidIgnoresLevelsBelowTheRewardMinimum() {
        // A 1-share bait bid at 0.49 compresses the raw touch; the adjusted mid stays on the real levels.
        let b = book(bids: [("0.49", "1"), ("0.44", "200")], asks: [("0.56", "150")])
        #expect(b.mid == price("0.525"))
        #expect(b.sizeCutoffAdjustedMid(minimumSize: shares("50")) == price("0.5"))
        #expect(OrderBook().sizeCutoffAdjustedMid(minimumSize: shares("50")) == nil)
    }
}
