import Foundation
import Logging
import MMCore
import MMSim
import Polymarket
import Testing
@testable import MMDaemon

/// `mmd markets discover`: the ranking's rules on hand-made books, and the whole discovery against a
/// simulator serving fifty generated markets with varied pools and competition.
@Suite struct MarketDiscoveryTests {
    static func book(bid: String, ask: String, depth: Int64, levels: Int = 3) -> OrderBook {
        let bidMicros = try! FixedPoint.parseMicros(bid)
        let askMicros = try! FixedPoint.parseMicros(ask)
        return OrderBook(
            bids: (0..<levels).map { BookLevel(price: Price(micros: bidMicros - Int64($0) * 10_000)!, size: Quantity(shares: depth)) },
            asks: (0..<levels).map { BookLevel(price: Price(micros: askMicros + Int64($0) * 10_000)!, size: Quantity(shares: depth)) })
    }

    static func facts(_ id: String, pool: Int64, depth: Int64, volume: Int64 = 0) -> MarketFacts {
        MarketFacts(
            conditionID: id, question: id, rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 50), dailyRate: Money(micros: pool * 1_000_000)),
            tick: .hundredth, book: book(bid: "0.49", ask: "0.51", depth: depth), liquidity: .zero, volume24h: Money(micros: volume * 1_000_000),
            negRiskEvent: nil, endMilliseconds: nil)
    }

    @Test func aBiggerPoolOrLessCompetitionRanksHigher() throws {
        let ranked = MarketRanking.rank(
            [Self.facts("crowded", pool: 100, depth: 5_000), Self.facts("rich", pool: 400, depth: 5_000), Self.facts("quiet", pool: 100, depth: 200)],
            orderSize: Quantity(shares: 10))
        #expect(ranked.map(\.facts.conditionID) == ["rich", "quiet", "crowded"] || ranked.map(\.facts.conditionID) == ["quiet", "rich", "crowded"])
        let crowded = try #require(ranked.first { $0.facts.conditionID == "crowded" })
        let rich = try #require(ranked.first { $0.facts.conditionID == "rich" })
        // Same book, four times the pool: four times the expected reward (to the micro-pUSD the formula rounds to).
        #expect(abs(rich.estimate.expectedPerDay.micros - 4 * crowded.estimate.expectedPerDay.micros) <= 4)
        // Quotes at max(orderSize, rewardsMinSize), half the band from the mid, inside the band.
        // (0.485 and 0.515 are off the 0.01 grid: the quotes go to 0.48 and 0.52, still inside the 3c band.)
        #expect(crowded.size == Quantity(shares: 50) && crowded.bid == Price(micros: 480_000) && crowded.ask == Price(micros: 520_000))
        #expect(crowded.capital == Money(micros: 50 * 480_000 + 50 * 480_000))
        #expect(ranked.map(\.netPerCapitalMicros) == ranked.map(\.netPerCapitalMicros).sorted(by: >))
    }

    @Test func adverseSelectionGrowsWithTheVolumeOurQuotesWouldMeet() throws {
        let calm = try #require(MarketRanking.rank(Self.facts("calm", pool: 100, depth: 500), orderSize: Quantity(shares: 10)))
        let busy = try #require(MarketRanking.rank(Self.facts("busy", pool: 100, depth: 500, volume: 50_000), orderSize: Quantity(shares: 10)))
        #expect(calm.adverseSelectionPerDay == .zero)
        #expect(busy.adverseSelectionPerDay > .zero && busy.netPerDay < calm.netPerDay)
        #expect(busy.netPerDay.micros == busy.estimate.expectedPerDay.micros - busy.adverseSelectionPerDay.micros)
    }

    @Test func aBookWithoutBothSidesIsNotRanked() {
        var facts = Self.facts("one-sided", pool: 100, depth: 500)
        facts.book = OrderBook(bids: facts.book.bids, asks: [])
        #expect(MarketRanking.rank(facts, orderSize: Quantity(shares: 10)) == nil)
    }

    /// Fifty generated markets with pools of 10–100 pUSD a day and background books of 200–1000 shares a
    /// level: every one is listed and ranked, best first, each row the model's figure on the book the venue
    /// serves, and the filters leave out what they name.
    @Test func discoveryRanksTheSimulatorsMarketsAsTheModelSays() async throws {
        let yaml = """
            name: discovery
            generate:
              markets: 50
              seed: 11
              rewards: {maxSpread: 0.035, minSize: [20, 100], dailyRate: [10, 100]}
              background: {levels: 5, spacing: 0.01, distance: [0.005, 0.015], size: [200, 1000]}
            """
        let scenario = try Scenario.load(yaml: yaml, source: "discovery")
        let venue = SimVenue(exchange: SimExchange(markets: []), nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) })
        await venue.run(scenario: scenario)
        var logger = Logger(label: "discovery-test")
        logger.logLevel = .critical
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let discovery = MarketDiscovery(restURL: "http://127.0.0.1:\(port)", gammaURL: "http://127.0.0.1:\(port)/gamma", logger: logger)
            var filters = DiscoveryFilters()
            filters.limit = 100
            let now = Int64(Date().timeIntervalSince1970 * 1_000)
            // The generated books are laid on the simulator's first step: wait for them.
            var result = try await discovery.discover(filters, orderSize: Quantity(shares: 10), nowMilliseconds: now)
            for _ in 0..<50 where result.ranked.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                result = try await discovery.discover(filters, orderSize: Quantity(shares: 10), nowMilliseconds: now)
            }
            #expect(result.listed == 50)
            #expect(result.ranked.count + result.skipped.values.reduce(0, +) == 50, "\(result.skipped)")
            #expect(result.ranked.count >= 40, "\(result.skipped)")
            #expect(result.ranked.map(\.netPerCapitalMicros) == result.ranked.map(\.netPerCapitalMicros).sorted(by: >))
            // Each row is the model on the book the venue serves now, and the pool the venue pays from.
            for row in result.ranked.prefix(5) {
                let market = try #require(await venue.exchange.markets[row.facts.conditionID])
                #expect(row.facts.rewards.dailyRate == market.rewards?.dailyRate)
                #expect(MarketRanking.rank(row.facts, orderSize: Quantity(shares: 10)) == row)
            }
            // A pool floor leaves out exactly the smaller pools.
            filters.minDailyReward = Money(micros: 50_000_000)
            let rich = try await discovery.discover(filters, orderSize: Quantity(shares: 10), nowMilliseconds: now)
            #expect(!rich.ranked.isEmpty && rich.ranked.allSatisfy { $0.facts.rewards.dailyRate >= Money(micros: 50_000_000) })
            #expect((rich.skipped["daily reward below --min-daily-reward"] ?? 0) > 0)
            let table = DiscoveryReport.table(result)
            #expect(table.contains("POOL/DAY") && table.contains("50 open markets listed"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(DiscoveryReport.json(result).utf8)) as? [String: Any])
            #expect((json["markets"] as? [[String: Any]])?.count == result.ranked.count)
            group.cancelAll()
        }
    }
}
