import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import Testing
@testable import Polymarket

@Suite struct GammaTests {
    static let market = #"""
        {"id":"516710","question":"Will it rain in Lisbon tomorrow?","conditionId":"0x2e6af11e4b853b05ba7135239b21d77e808889b6ce1e735de856c94c4e5b5fce","slug":"rain-lisbon","questionID":"0xf69e","clobTokenIds":"[\"8851848546962572193739008211889046036776198486765606333032192644001246174440\", \"10181859819235412241349111952383458602722012323104397550162049365057126390549\"]","outcomes":"[\"Yes\", \"No\"]","outcomePrices":"[\"0.455\", \"0.545\"]","negRisk":false,"active":true,"closed":false,"acceptingOrders":true,"enableOrderBook":true,"orderPriceMinTickSize":0.001,"orderMinSize":5,"rewardsMinSize":50,"rewardsMaxSpread":3.5,"clobRewards":[{"id":"9","rewardsAmount":0,"rewardsDailyRate":25.5}],"liquidityNum":15234.12,"volume24hr":9876.5,"endDate":"2026-12-31T12:00:00Z"}
        """#

    @Test func decodesJSONEncodedStringFieldsAndRewardParameters() throws {
        let market = try JSONDecoder().decode(GammaMarket.self, from: Data(Self.market.utf8))
        #expect(market.binaryTokens?.yes == "8851848546962572193739008211889046036776198486765606333032192644001246174440")
        #expect(market.outcomes == ["Yes", "No"])
        #expect(market.outcomePrices.map(\.text) == ["0.455", "0.545"])
        #expect(market.tickSize == .thousandth)
        let rewards = try #require(market.rewardParameters)
        #expect(rewards.maxSpread == 35_000, "3.5 cents")
        #expect(rewards.minSize == Quantity(shares: 50))
        #expect(rewards.dailyRate == Money(micros: 25_500_000))
    }

    @Test func rejectsABrokenEncodedArrayWithItsKey() {
        let broken = Self.market.replacingOccurrences(of: #""outcomes":"[\"Yes\", \"No\"]""#, with: #""outcomes":"[Yes"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(GammaMarket.self, from: Data(broken.utf8)) }
    }

    @Test func queriesMarketsAndEventsOverHTTP() async throws {
        let event = #"[{"id":"77","title":"Who wins?","negRisk":true,"negRiskMarketID":"0xabc","markets":[\#(Self.market)]}]"#
        let server = TestHTTPServer { request, _ in
            request.path == "/events" ? CannedResponse(body: event) : CannedResponse(body: "[\(Self.market)]")
        }
        try await server.run { url async throws in
            let gamma = GammaClient(baseURL: url, http: HTTPClient.shared, logger: Logger(label: "test"))
            var query = GammaMarketQuery()
            query.conditionIDs = ["0x2e6a"]
            query.liquidityMin = "1000"
            let markets = try await gamma.markets(query)
            #expect(markets.count == 1 && markets[0].id == "516710")
            let events = try await gamma.events()
            #expect(events.first?.negRisk == true && events.first?.markets.count == 1)
        }
        #expect(server.requests.first?.query.contains("condition_ids=0x2e6a") == true)
        #expect(server.requests.first?.query.contains("liquidity_num_min=1000") == true)
        #expect(server.requests.first?.query.contains("closed=false") == true)
    }
}

@Suite struct GammaLookupTests {
    static func market(_ id: String) -> String {
        GammaTests.market.replacingOccurrences(of: "0x2e6af11e4b853b05ba7135239b21d77e808889b6ce1e735de856c94c4e5b5fce", with: id)
    }

    static func ids(_ query: String) -> [String] {
        query.split(separator: "&").filter { $0.hasPrefix("condition_ids=") }.map { String($0.dropFirst("condition_ids=".count)) }
    }

    @Test func conditionIDsGoInChunksAndMissingOnesAreAskedAmongClosedMarkets() async throws {
        let all = (0..<120).map { String(format: "0x%064x", $0) }
        let closed = all[117]
        // A venue with a page cap of 20: short pages must not end a chunk's walk while ids are missing.
        let server = TestHTTPServer { request, _ in
            let wanted = Self.ids(request.query)
            let isClosed = request.query.contains("closed=true")
            let offset = request.query.split(separator: "&").first { $0.hasPrefix("offset=") }.flatMap { Int($0.dropFirst(7)) } ?? 0
            let listed = wanted.filter { ($0 == closed) == isClosed && $0 != all[119] }
            let page = listed.dropFirst(offset).prefix(20)
            return CannedResponse(body: "[" + page.map(Self.market).joined(separator: ",") + "]")
        }
        let found = try await server.run { url in
            try await GammaClient(baseURL: url, http: HTTPClient.shared, logger: Logger(label: "test")).markets(conditionIDs: all)
        }
        #expect(found.map(\.conditionID) == Array(all.prefix(119)), "every listed id, open or closed, in order")
        let requests = server.requests
        #expect(requests.allSatisfy { Self.ids($0.query).count <= 50 }, "at most 50 ids per request")
        #expect(requests.contains { $0.query.contains("closed=true") && Self.ids($0.query) == [closed, all[119]] }, "only the missing ids are asked again")
        #expect(requests.count < 20, "\(requests.count) requests for 120 ids")
    }
}
