import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import MMSim
import Polymarket
import Testing
@testable import MMDaemon

/// `strategy.negRiskArbitrage` end to end: the whole daemon against the simulator over loopback, serving a
/// three-outcome neg-risk event (no placeholder) whose books are seeded with another trader's asks summing
/// to 0.88, one outcome fee-enabled. The daemon must buy whole YES sets from those asks and, once another
/// trader bids 1.06 for a set, sell 20 of the sets it holds into those bids, and trade nothing else.
@Suite(.serialized) struct NegRiskArbitrageDaemonTests {
    static let event = "0x0a4b0000000000000000000000000000000000000000000000000000000000ff"
    static let outcomes = (1...3).map { "0x0a4b00000000000000000000000000000000000000000000000000000000000\($0)" }
    /// Fair values 0.50, 0.30, 0.20; the background sits 0.10 away, so asks at 0.41, 0.26, 0.21 are the best
    /// asks and are not picked off by the simulator's own arbitrage of stale quotes.
    static let seeded: [(String, String)] = [("0.50", "0.41"), ("0.30", "0.26"), ("0.20", "0.21")]
    /// Our account in the scenario.
    static let maker = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    /// The trader whose bids are injected once the sets are held.
    static let bidder = "0x00000000000000000000000000000000000000b2"

    static var scenario: String {
        var yaml = """
            name: neg-risk arbitrage
            seed: 5
            durationSeconds: 3600
            markets:

            """
        for (index, (fair, _)) in seeded.enumerated() {
            yaml += """
                  - id: "\(outcomes[index])"
                    question: "Arbitrage event: outcome \(index + 1)?"
                    event: "\(event)"
                    tick: 0.01
                \(index == 2 ? "    takerFeeRate: 0.04\n" : "")    rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 10}
                    fairValue: {start: \(fair), volatility: 0}
                    background: {levels: 2, spacing: 0.01, distance: 0.10, size: 100}

                """
        }
        yaml += """
            accounts:
              - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
            """
        return yaml
    }

    /// With `thirdLegFades`, the third outcome's seeded ask is pulled the instant our leg reaches it (the
    /// quote-fading race): the set is partial, A and B bought and C not, and the arbitrageur must complete it
    /// from C's next ask at 0.30 (0.41 + 0.26 + 0.30 plus C's fee still pays under 1).
    @Test(arguments: [false, true])
    func wholeYesSetsAreBoughtBelowOneAndHeldSetsSoldAboveIt(thirdLegFades: Bool) async throws {
        try await ExternalSimulator.run(scenarioYAML: Self.scenario) { sim in
            // Another trader's asks, 30 shares each, resting before mmd starts.
            for (index, (_, ask)) in Self.seeded.enumerated() {
                let placed = await sim.venue.perform { exchange, now in
                    let placed = exchange.placeAgentOrder(
                        owner: "sim-provider", maker: "0x00000000000000000000000000000000000000a1", market: Self.outcomes[index], outcome: .yes, side: .sell,
                        price: Price(micros: try! FixedPoint.parseMicros(ask))!, size: Quantity(shares: 30), orderType: .gtc, nowMilliseconds: now)
                    if thirdLegFades, index == 2, case .success(let ack) = placed { exchange.fadingOrderIDs.insert(ack.orderID) }
                    return placed
                }
                if case .failure(let rejection) = placed { Issue.record("the seeded ask was refused: \(rejection)") }
            }
            let url = try #require(try String(contentsOfFile: sim.config, encoding: .utf8).firstMatch(of: /clobUrl: "([^"]+)"/)?.1)
            let directory = URL(fileURLWithPath: sim.database).deletingLastPathComponent()
            let markets = Self.outcomes.map { "  - id: \"\($0)\"" }.joined(separator: "\n")
            let configuration = try MMConfiguration.load(yaml: """
                venue: {kind: mmsim, clobUrl: "\(url)", wsUrl: "\(url.replacingOccurrences(of: "http://", with: "ws://"))", gammaUrl: "\(url)/gamma"}
                strategy: {kind: band, spreadFraction: 1, orderSize: 5, negRiskArbitrage: {enabled: true, minEdge: 0.02, maxSize: 50, cooldownSeconds: 3, maxHedgeLoss: 0.5}}
                markets:
                \(markets)
                storage: {databasePath: "\(sim.database)"}
                """)
            #expect(configuration.strategy.negRiskArbitrage.isEnabled)
            var logger = Logger(label: "mmd-test")
            logger.logLevel = .warning
            let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(20))
            // Once the sets are held, another trader bids 0.52 + 0.32 + 0.22 = 1.06 for 20 of each, below our
            // own asks (the band quoter a whole band, 3 c, from mid): a YES set we hold is worth at most 1, so
            // 20 of them are sold into those bids.
            let venue = sim.venue
            async let bidsPlaced: Void = {
                // Only once the venue shows the 30 sets ours (the start takes longer on a busy machine).
                var held = false
                for _ in 0..<80 where !held {
                    try? await Task.sleep(for: .milliseconds(200))
                    held = await venue.perform { exchange, _ in
                        Self.outcomes.allSatisfy { market in
                            guard let token = exchange.markets[market]?.token(.yes) else { return false }
                            return exchange.balance(of: Self.maker).tokens[token, default: 0] >= 30_000_000
                        }
                    }
                }
                if !held { Issue.record("the 30 sets were not bought within 16 s") }
                // Our quotes then re-center on the books the purchase changed (before it, an ask of ours sat
                // near the seeded 0.41 ask; a 0.52 bid arriving first would have met it).
                try? await Task.sleep(for: .seconds(2))
                for (index, bid) in ["0.52", "0.32", "0.22"].enumerated() {
                    let placed = await venue.perform { exchange, now in
                        exchange.fund(Self.bidder, collateral: 100_000_000)
                        return exchange.placeAgentOrder(
                            owner: "sim-bidder", maker: Self.bidder, market: Self.outcomes[index], outcome: .yes, side: .buy,
                            price: Price(micros: try! FixedPoint.parseMicros(bid))!, size: Quantity(shares: 20), orderType: .gtc, nowMilliseconds: now)
                    }
                    if case .failure(let rejection) = placed { Issue.record("the injected bid was refused: \(rejection)") }
                }
            }()
            try await daemon.run()
            await bidsPlaced

            let database = try AppDatabase(path: daemon.databasePath)
            let intents = try await database.intents(in: Set(OrderState.allCases))
            let takes = intents.filter { $0.clientID.hasPrefix("take-") }
            #expect(Set(takes.map(\.market)) == Set(Self.outcomes), "one taker leg per outcome")
            // With the fading ask: C's leg and then the hedge that completes the sets.
            let buys = takes.filter { $0.side == .buy }
            #expect(buys.filter { $0.market == Self.outcomes[2] }.count == (thirdLegFades ? 2 : 1), "\(takes.map { "\($0.side) \($0.market.suffix(1)) \($0.price) \($0.size)" })")
            // Then one SELL per outcome for the sale.
            #expect(takes.filter { $0.side == .sell }.map(\.market).sorted() == Self.outcomes.sorted())
            #expect(takes.allSatisfy { $0.outcome == .yes && $0.orderType == "FAK" })
            var holdings: [EventHolding] = []
            for market in Self.outcomes {
                let ledger = try await database.ledger(market: market)
                // The seeded 30 shares of every outcome, bought once: a whole set on each (C's from its next ask
                // when its seeded one faded).
                #expect(ledger.yes.bought == Quantity(shares: 30), "\(market): bought \(ledger.yes.bought)")
                #expect(ledger.yes.sold == Quantity(shares: 20), "\(market): sold \(ledger.yes.sold)")
                // Only the taker legs traded: none met a quote of ours (a NO trade here would be a self-match).
                #expect(ledger.fills.allSatisfy { $0.outcome == .yes }, "\(market): \(ledger.fills.map { "\($0.side) \($0.outcome) \($0.price) \($0.size)" })")
                holdings.append(EventHolding(yes: ledger.yes.position, no: ledger.no.position, cost: ledger.netCashIn))
            }
            // 30 sets at 0.88 plus Carol's fee pay 30 whoever wins, and 20 of them sold at 1.06 less C's fee
            // add 20 × 0.053: the worst case is a locked-in profit (about 4.5 pUSD; 1.7 once C cost 0.30).
            let worst = NegRiskEvent.worstCaseLoss(holdings, unheldOutcome: false)
            #expect(worst < Money(micros: thirdLegFades ? -1_500_000 : -4_000_000), "worst-case loss \(worst)")
            #expect(await sim.restingOrdersOfOurs() == 0, "after a graceful stop no order of ours may still rest")
        }
    }
}
