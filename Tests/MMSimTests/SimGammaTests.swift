import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import NIOCore
import NIOHTTP1
import Polymarket
import Testing
@testable import MMSim

/// Gamma's `/markets` as the simulator serves it (paged like Gamma) and the venue client's lookup of
/// thousands of condition ids against it, over loopback HTTP.
@Suite(.serialized) struct SimGammaTests {
    static func withMarkets<T: Sendable>(_ count: Int, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let scenario = try Scenario.load(yaml: "generate: {markets: \(count), tokens: synthetic}", source: "gamma.yaml")
        var exchange = SimExchange(markets: [])
        for market in scenario.markets { exchange.list(market.spec) }
        let venue = SimVenue(exchange: exchange, nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) })
        var logger = Logger(label: "sim")
        logger.logLevel = .critical
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run { port in continuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }

    static func get(_ url: String) async throws -> (status: UInt, markets: [GammaMarket]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok else { return (response.status.code, []) }
        return (response.status.code, try JSONDecoder().decode([GammaMarket].self, from: Data(String(buffer: body).utf8)))
    }

    @Test func marketsArePagedLikeGamma() async throws {
        try await Self.withMarkets(250) { url in
            let first = try await Self.get(url + "/gamma/markets?limit=500&offset=0")
            #expect(first.markets.count == 100, "a larger limit is clamped to Gamma's 100")
            #expect(first.markets.first?.conditionID == Scenario.generatedConditionID(0) && first.markets.first?.id == "1")
            let last = try await Self.get(url + "/gamma/markets?limit=100&offset=200")
            #expect(last.markets.count == 50 && last.markets.last?.conditionID == Scenario.generatedConditionID(249) && last.markets.last?.id == "250")
            #expect(try await Self.get(url + "/gamma/markets?offset=300").markets.isEmpty)
            #expect(try await Self.get(url + "/gamma/markets?offset=10001").status == 422)
            let chosen = [7, 130, 249].map(Scenario.generatedConditionID)
            let filtered = try await Self.get(url + "/gamma/markets?" + chosen.map { "condition_ids=\($0)" }.joined(separator: "&"))
            #expect(filtered.markets.map(\.conditionID) == chosen)
            #expect(filtered.markets.map(\.id) == ["8", "131", "250"], "Gamma ids stay the listing positions when filtered")
            let tooMany = (0..<101).map { "condition_ids=\(Scenario.generatedConditionID($0))" }.joined(separator: "&")
            #expect(try await Self.get(url + "/gamma/markets?" + tooMany).status == 422)
            #expect(try await Self.get(url + "/gamma/markets?closed=true&condition_ids=\(chosen[0])").markets.isEmpty, "the simulator lists no closed market")
            let byToken = try await Self.get(url + "/gamma/markets?clob_token_ids=\(filtered.markets[1].clobTokenIDs[1])")
            #expect(byToken.markets.map(\.conditionID) == [chosen[1]])
        }
    }

    @Test func clientFindsFiveThousandMarketsByConditionID() async throws {
        try await Self.withMarkets(5_000) { url in
            let gamma = GammaClient(baseURL: url + "/gamma", http: HTTPClient.shared, logger: Logger(label: "gamma"))
            let unknown = "0x" + String(repeating: "ee", count: 32)
            // Asked in a scrambled order, with a repeat and an id the venue does not know.
            let ids = (0..<5_000).map { Scenario.generatedConditionID(($0 * 7_919) % 5_000) }
            let found = try await gamma.markets(conditionIDs: ids + [unknown, ids[0]])
            #expect(found.count == 5_000, "none reported missing because it sat on a later page")
            #expect(found.map(\.conditionID) == ids, "in the order asked, each once")
            #expect(found.allSatisfy { $0.binaryTokens != nil && $0.rewardParameters != nil })
        }
    }
}
