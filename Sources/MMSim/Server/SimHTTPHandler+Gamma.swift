import Foundation
import MMCore
import Polymarket

/// Gamma's `/markets`, paged the way Gamma pages it, so a client that reads only the first page (or
/// asks for too many ids at once) finds out here rather than on the venue.
extension SimHTTPHandler {
    /// Gamma's page cap: a larger `limit` is clamped silently.
    static let gammaPageLimit = 100
    /// Gamma answers 422 past this offset (deeper listings need `/markets/keyset`).
    static let gammaMaximumOffset = 10_000
    /// Repeated `condition_ids` (or `clob_token_ids`, `id`) one request may carry.
    static let gammaMaximumFilterValues = 100

    /// `GET /markets?limit&offset&condition_ids…&clob_token_ids…&id…&closed`: markets in a stable order
    /// (by condition id; ids are positions in that order), `closed` false unless asked (the simulator
    /// lists no closed market, so `closed=true` finds none).
    func gammaMarkets(_ request: SimRequest) async -> SimResponse {
        let limitText = request.query["limit"], offsetText = request.query["offset"]
        guard let limit = limitText.map({ Int($0) }) ?? Self.gammaPageLimit, limit >= 0, let offset = offsetText.map({ Int($0) }) ?? 0, offset >= 0 else {
            return SimResponse(422, SimWire.error("limit and offset must be non-negative integers"))
        }
        guard offset <= Self.gammaMaximumOffset else {
            return SimResponse(422, SimWire.error("offset must be at most \(Self.gammaMaximumOffset); use /markets/keyset to page deeper"))
        }
        let conditions = Set(request.queryValues("condition_ids").map { $0.lowercased() })
        let tokens = Set(request.queryValues("clob_token_ids"))
        let ids = Set(request.queryValues("id"))
        for (name, count) in [("condition_ids", conditions.count), ("clob_token_ids", tokens.count), ("id", ids.count)] where count > Self.gammaMaximumFilterValues {
            return SimResponse(422, SimWire.error("too many \(name) values: \(count), at most \(Self.gammaMaximumFilterValues) per request"))
        }
        if request.query["closed"] == "true" { return SimResponse(200, "[]") }
        let positions = Set(ids.compactMap { Int($0).map { $0 - 1 } })
        if !ids.isEmpty, positions.isEmpty { return SimResponse(200, "[]") }
        let matching = await venue.listing(conditionIDs: conditions, tokens: tokens, positions: positions)
        let start = min(offset, matching.count)
        let page = await venue.listedMarkets(matching[start..<min(start + min(limit, Self.gammaPageLimit), matching.count)])
        return SimResponse(200, "[" + page.map { Self.gammaJSON($0.spec, position: $0.position) }.joined(separator: ",") + "]")
    }

    /// Every listed market in Gamma's JSON, in the listing order (the admin view: one page).
    func gammaItems() async -> [String] {
        let all = await venue.listing(conditionIDs: [], tokens: [], positions: [])
        return await venue.listedMarkets(all).map { Self.gammaJSON($0.spec, position: $0.position) }
    }

    /// One market as Gamma describes it (string-encoded arrays and all); its Gamma id is its position + 1.
    static func gammaJSON(_ market: SimMarketSpec, position: Int) -> String {
        let rewards = market.rewards
        return "{\"id\":\"\(position + 1)\",\"question\":\(SimWire.string(market.question)),\"conditionId\":\(SimWire.string(market.conditionID))"
            + ",\"clobTokenIds\":\(SimWire.string("[\"\(market.yesToken)\", \"\(market.noToken)\"]")),\"outcomes\":\(SimWire.string("[\"Yes\", \"No\"]"))"
            + ",\"negRisk\":\(market.negRisk)" + (market.event.map { ",\"negRiskMarketID\":\(SimWire.string($0)),\"negRiskOther\":\(market.isPlaceholder)" } ?? "")
            + ",\"active\":true,\"closed\":false,\"acceptingOrders\":true,\"enableOrderBook\":true"
            + ",\"orderPriceMinTickSize\":\(market.tick),\"orderMinSize\":\(market.minOrderSize)"
            + ",\"rewardsMinSize\":\(rewards?.minSize.description ?? "0"),\"rewardsMaxSpread\":\(rewards.map { FixedPoint.format(micros: $0.maxSpread * 100) } ?? "0")"
            + ",\"clobRewards\":[{\"id\":\"\(position + 1)\",\"rewardsDailyRate\":\(rewards?.dailyRate.description ?? "0")}]}"
    }

    /// `GET /events?limit&offset&closed&id`: the neg-risk events, each with its outcome markets (Gamma's
    /// shape: `negRisk`, `negRiskMarketID`, `markets`), in a stable order (by neg-risk market id; an
    /// event's Gamma id is its position + 1). A market outside any event is not listed here.
    func gammaEvents(_ request: SimRequest) async -> SimResponse {
        guard let limit = request.query["limit"].map({ Int($0) }) ?? Self.gammaPageLimit, limit >= 0,
            let offset = request.query["offset"].map({ Int($0) }) ?? 0, offset >= 0
        else { return SimResponse(422, SimWire.error("limit and offset must be non-negative integers")) }
        if request.query["closed"] == "true" { return SimResponse(200, "[]") }
        let all = await venue.listing(conditionIDs: [], tokens: [], positions: [])
        let listed = await venue.listedMarkets(all)
        let grouped = Dictionary(grouping: listed.filter { $0.spec.event != nil }, by: { $0.spec.event! }).sorted { $0.key < $1.key }
        let ids = Set(request.queryValues("id"))
        var items: [String] = []
        for (position, (event, markets)) in grouped.enumerated() where ids.isEmpty || ids.contains("\(position + 1)") {
            let title = "Simulated event: which outcome? (\(markets.count) outcomes)"
            items.append(
                "{\"id\":\"\(position + 1)\",\"title\":\(SimWire.string(title)),\"slug\":\"sim-event-\(position + 1)\",\"negRisk\":true"
                    + ",\"negRiskMarketID\":\(SimWire.string(event)),\"negRiskFeeBips\":0,\"active\":true,\"closed\":false"
                    + ",\"markets\":[" + markets.map { Self.gammaJSON($0.spec, position: $0.position) }.joined(separator: ",") + "]}")
        }
        let start = min(offset, items.count)
        return SimResponse(200, "[" + items[start..<min(start + min(limit, Self.gammaPageLimit), items.count)].joined(separator: ",") + "]")
    }
}
