import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import NIOCore
import Polymarket
import Testing
@testable import MMSim

/// Neg-risk events in the simulator: several outcome markets of one question whose fair values sum to 1,
/// listed by Gamma as an event, and the adapter's conversion of NO sets.
@Suite(.serialized) struct NegRiskEventTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/scenarios/neg-risk-event.yaml").standardized.path
    static let event = "0x0e7e0000000000000000000000000000000000000000000000000000000000ff"

    func load() throws -> Scenario {
        try Scenario.load(yaml: String(contentsOfFile: Self.shipped, encoding: .utf8), source: Self.shipped)
    }

    @Test func theOutcomesFairValuesSumToOneWhileEachMovesOnItsOwn() throws {
        let scenario = try load()
        #expect(scenario.markets.allSatisfy { $0.spec.negRisk && $0.spec.event == Self.event })
        #expect(scenario.markets.filter(\.spec.isPlaceholder).count == 1)
        var engine = ScenarioEngine(scenario: scenario, startMilliseconds: 0)
        var exchange = SimExchange(markets: [])
        engine.install(on: &exchange)
        var moved = Set<Int>()
        let first = engine.fairValues
        for second in 1...600 {
            engine.step(exchange: &exchange, nowMilliseconds: Int64(second) * 1_000)
            let total = engine.fairValues.reduce(0, +)
            // Each share is rounded to a micro-unit: the sum is 1 within one unit per outcome.
            #expect(abs(total - 1_000_000) <= 4, "at \(second) s the outcomes sum to \(FixedPoint.format(micros: total))")
            for (index, value) in engine.fairValues.enumerated() where value != first[index] { moved.insert(index) }
        }
        #expect(moved.count >= 3, "the outcomes did not move: \(engine.fairValues)")
        // The starting weights 0.50, 0.30, 0.18, 0.02 sum to 1 already: they are the starting prices.
        #expect(first == [500_000, 300_000, 180_000, 20_000])
    }

    @Test func impossibleEventsAreRefusedWithTheirReason() {
        func problems(_ markets: String) -> [String] {
            do {
                _ = try Scenario.load(yaml: "markets:\n" + markets, source: "event.yaml")
                return []
            } catch { return error.problems }
        }
        let a = "0x0000000000000000000000000000000000000000000000000000000000000001"
        let b = "0x0000000000000000000000000000000000000000000000000000000000000002"
        let e = "0x00000000000000000000000000000000000000000000000000000000000000ee"
        #expect(problems("  - {id: \"\(a)\", event: \"\(e)\"}\n") == ["event \(e) has one market: a neg-risk event needs at least two outcomes"])
        let twoWinners = """
              - {id: "\(a)", event: "\(e)", fairValue: {resolution: {at: 60, outcome: YES}}}
              - {id: "\(b)", event: "\(e)", fairValue: {resolution: {at: 60, outcome: YES}}}

            """
        #expect(problems(twoWinners) == ["event \(e): 2 outcomes resolve YES, at most one can"])
        #expect(problems("  - {id: \"\(a)\", event: \"0x12\"}\n  - {id: \"\(b)\", event: \"0x12\"}\n").contains {
            $0.contains("markets[0].event (0x12) must be the event's neg-risk market id")
        })
        #expect(problems("  - {id: \"\(a)\", placeholder: true}\n").contains { $0.contains("markets[0].placeholder needs markets[0].event") })
        #expect(problems("  - {id: \"\(a)\", event: \"\(e)\", negRisk: false}\n  - {id: \"\(b)\", event: \"\(e)\"}\n").contains { $0.contains("markets[0].negRisk is false") })
    }

    @Test func convertingNoSetsGivesTheOtherOutcomesYesAndReleasesCollateral() throws {
        let scenario = try load()
        var exchange = SimExchange(markets: [])
        for market in scenario.markets { exchange.list(market.spec) }
        let holder = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
        let specs = scenario.markets.map(\.spec)
        exchange.fund(holder, collateral: 0, tokens: [specs[0].noToken: 10_000_000, specs[1].noToken: 10_000_000])
        // NO on Alice and NO on Bob: one of the other two wins, and one of the two NOs always pays.
        let result = exchange.convert(address: holder, event: Self.event, converted: [specs[0].conditionID, specs[1].conditionID], amount: 4_000_000)
        let conversion = try result.get()
        #expect(conversion.collateral == 4_000_000)
        #expect(conversion.minted == [specs[2].conditionID: 4_000_000, specs[3].conditionID: 4_000_000])
        let balance = exchange.balance(of: holder)
        #expect(balance.collateral == 4_000_000)
        #expect(balance.tokens[specs[0].noToken] == 6_000_000 && balance.tokens[specs[1].noToken] == 6_000_000)
        #expect(balance.tokens[specs[2].yesToken] == 4_000_000 && balance.tokens[specs[3].yesToken] == 4_000_000)
        // More NO than is held, or a market of another event, is refused and moves nothing.
        if case .failure(let rejection) = exchange.convert(address: holder, event: Self.event, converted: [specs[0].conditionID], amount: 7_000_000) {
            #expect(rejection.message.contains("not enough NO"))
        } else { Issue.record("converted more NO than held") }
        if case .success = exchange.convert(address: holder, event: Self.event, converted: ["0x5eed000000000000000000000000000000000000000000000000000000000001"], amount: 1) {
            Issue.record("converted a market outside the event")
        }
        #expect(exchange.balance(of: holder) == balance)
    }

    @Test func gammaListsTheEventWithItsOutcomesAndTheirNegRiskFields() async throws {
        let scenario = try load()
        var exchange = SimExchange(markets: [])
        for market in scenario.markets { exchange.list(market.spec) }
        exchange.list(SimDefaults.market())
        let venue = SimVenue(exchange: exchange, nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) })
        var logger = Logger(label: "sim")
        logger.logLevel = .critical
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let gamma = GammaClient(baseURL: "http://127.0.0.1:\(port)/gamma", http: HTTPClient.shared, logger: logger)
            let events = try await gamma.events()
            #expect(events.count == 1, "the market outside any event is not an event")
            let event = try #require(events.first)
            #expect(event.negRisk && event.negRiskMarketID == Self.event && event.markets.count == 4)
            #expect(Set(event.markets.map(\.conditionID)) == Set(scenario.markets.map(\.spec.conditionID)))
            let markets = try await gamma.markets(conditionIDs: scenario.markets.map(\.spec.conditionID))
            #expect(markets.count == 4 && markets.allSatisfy { $0.negRisk && $0.negRiskMarketID == Self.event })
            // mmd's client reads the placeholder flag (it never quotes that outcome), in both listings.
            #expect(markets.filter(\.negRiskOther).map(\.conditionID) == [scenario.markets[3].spec.conditionID])
            #expect(event.markets.filter(\.negRiskOther).map(\.conditionID) == [scenario.markets[3].spec.conditionID])
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/gamma/markets?condition_ids=\(scenario.markets[3].spec.conditionID)"), timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(body.contains("\"negRiskOther\":true"), "\(body)")
            group.cancelAll()
        }
    }
}
