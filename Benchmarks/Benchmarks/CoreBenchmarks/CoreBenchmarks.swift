import Benchmark
import MMCore

/// Hot-path costs of the trading core: one book update, one quote decision, one ledger update.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(2))

    func makeBook() -> OrderBook {
        var book = OrderBook()
        for i in 1...20 {
            book.set(.buy, price: Price(micros: 500_000 - Int64(i) * 10_000)!, size: Quantity(shares: Int64(10 * i)))
            book.set(.sell, price: Price(micros: 500_000 + Int64(i) * 10_000)!, size: Quantity(shares: Int64(10 * i)))
        }
        return book
    }

    Benchmark("book: apply price_change (update an existing level)") { benchmark in
        var book = makeBook()
        for i in benchmark.scaledIterations {
            book.set(.buy, price: Price(micros: 450_000)!, size: Quantity(shares: Int64(i % 50 + 1)))
        }
        blackHole(book)
    }

    Benchmark("book: apply price_change (insert and remove a level)") { benchmark in
        var book = makeBook()
        for _ in benchmark.scaledIterations {
            book.set(.sell, price: Price(micros: 505_000)!, size: Quantity(shares: 7))
            book.set(.sell, price: Price(micros: 505_000)!, size: .zero)
        }
        blackHole(book)
    }

    Benchmark("quoter: one two-sided decision with skew") { benchmark in
        let settings = QuoterSettings(
            orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 10),
            venueMinimumSize: Quantity(shares: 5), skew: SkewSettings())
        let context = QuoteContext(
            book: makeBook(), tick: .hundredth, rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)),
            inventory: Inventory(yes: Quantity(shares: 2), no: Quantity(shares: 6)))
        for _ in benchmark.scaledIterations {
            blackHole(Quoter.plan(settings: settings, context: context))
        }
    }

    Benchmark("ledger: apply one fill in time order") { benchmark in
        var ledger = PositionLedger()
        let base: Int64 = 1_768_570_208_000
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let fill = Fill(
                key: FillKey(tradeID: "t", orderID: "o"), outcome: i % 2 == 0 ? .yes : .no, side: .buy,
                price: Price(micros: 480_000)!, size: Quantity(shares: 5), timestampMilliseconds: base + Int64(i), status: .matched)
            var keyed = fill
            keyed.key.tradeID = "t\(i)"
            blackHole(ledger.apply(keyed))
        }
    }
}
