import Foundation
import MMCore

// One full expected-value evaluation of a market: every candidate price and size on both legs (two
// reward passes), on a realistic book. Prints p50/p99 over many evaluations and the candidate count.
//
//   ObjectiveLatency [iterations]

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000

/// A deep book around 0.50 on a thousandth grid (the fine-grid case: 35 levels per leg in a 3.5c band).
func makeBook(tick: Int64) -> OrderBook {
    var book = OrderBook()
    for level in 1...(tick >= 10_000 ? 40 : 60) {
        let offset = Int64(level) * tick
        book.set(.buy, price: Price(micros: 500_000 - offset)!, size: Quantity(shares: Int64(50 + level * 13 % 400)))
        book.set(.sell, price: Price(micros: 500_000 + offset)!, size: Quantity(shares: Int64(50 + level * 17 % 400)))
    }
    return book
}

let settings = QuoterSettings(
    orderSize: Quantity(shares: 50), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 400),
    venueMinimumSize: Quantity(shares: 5), skew: SkewSettings())
// A full memory of 128 recent taker sizes, heavy-tailed like the calibrated markets' (the fill model's
// empirical distribution: two binary searches per candidate).
let recent = (0..<128).map { Quantity(shares: Int64([2, 5, 8, 15, 40, 76, 176, 452, 1_742][($0 * 7) % 9])).micros }
let flow = TakerFlowEstimator.Flow(
    arrivalsPerMinute: 6_000_000, meanSize: Quantity(shares: 40), sizes: TakerSizes(sizes: recent, priorMean: Quantity(shares: 10).micros, priorWeight: 5))
for (name, tick) in [("tick 0.01, band 3.5c", TickSize.hundredth), ("tick 0.001, band 3.5c", TickSize.thousandth)] {
    let book = makeBook(tick: tick.micros)
    let context = QuoteContext(
        book: book, tick: tick, rewards: RewardParameters(maxSpread: 35_000, minSize: Quantity(shares: 200), dailyRate: Money(micros: 800_000_000)),
        inventory: Inventory(yes: Quantity(shares: 120)), competition: book,
        estimates: MarketEstimates(bidFlow: flow, askFlow: flow, adverseSelection: 2_000, volatility: 12_000))
    let candidates = ExpectedValueQuoter.candidates(.bid, settings: settings, objective: ExpectedValueSettings(), context: context).count
        + ExpectedValueQuoter.candidates(.ask, settings: settings, objective: ExpectedValueSettings(), context: context).count
    var samples: [Int64] = []
    samples.reserveCapacity(iterations)
    var sink = 0
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        let plan = ExpectedValueQuoter.plan(settings: settings, objective: ExpectedValueSettings(), context: context)
        let elapsed = ContinuousClock.now - start
        sink &+= plan.quotes.count
        samples.append(elapsed.components.attoseconds / 1_000_000_000 + elapsed.components.seconds * 1_000_000_000)
    }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[samples.count * 99 / 100]
    print("objective \(name): \(candidates) candidates, p50 \(p50 / 1_000).\(p50 % 1_000 / 100) µs, p99 \(p99 / 1_000).\(p99 % 1_000 / 100) µs (\(sink > 0 ? "quoted" : "nothing quoted"))")
}
