import Foundation
import MMCore
import Polymarket

/// The venue's public endpoints (no authentication): market parameters, books and prices, the CLOB market
/// listings in their paginated envelope, reward configurations, and Gamma's `/markets` under `/gamma`
/// (Gamma is another host on the venue; the simulator serves both, so Gamma takes a path prefix).
extension SimHTTPHandler {
    /// The answer to a public request, or `nil` when the path is private (L2).
    func publicRoute(_ request: SimRequest) async -> SimResponse? {
        let path = request.path
        switch (request.method, path) {
        case ("GET", "/"), ("GET", "/ok"): return SimResponse(200, "\"OK\"")
        case ("GET", "/time"): return SimResponse(200, String(await venue.now / 1_000))
        case ("GET", "/version"): return SimResponse(200, "{\"version\":2}")
        case ("POST", "/auth/api-key"), ("GET", "/auth/derive-api-key"): return await apiKey(request)
        case ("GET", "/tick-size"), ("GET", "/neg-risk"), ("GET", "/fee-rate"), ("GET", "/book"), ("GET", "/midpoint"), ("GET", "/price"), ("GET", "/spread"),
            ("GET", "/last-trade-price"):
            return await marketData(request, token: request.query["token_id"] ?? "")
        case ("POST", "/books"), ("POST", "/midpoints"), ("POST", "/prices"), ("POST", "/spreads"), ("POST", "/last-trades-prices"):
            return await marketDataBatch(request)
        case ("GET", "/prices-history"): return await pricesHistory(request)
        case ("GET", "/markets"), ("GET", "/simplified-markets"), ("GET", "/sampling-markets"), ("GET", "/sampling-simplified-markets"):
            return await clobMarkets(request)
        case ("GET", "/rewards/markets/current"): return await currentRewards(request, conditionID: nil)
        case ("GET", "/gamma/markets"): return await gammaMarkets(request)
        case ("GET", "/gamma/events"): return await gammaEvents(request)
        default: break
        }
        guard request.method == "GET" else { return nil }
        for (prefix, name) in [("/tick-size/", "/tick-size"), ("/fee-rate/", "/fee-rate")] where path.hasPrefix(prefix) {
            var copy = request
            copy.path = name
            return await marketData(copy, token: String(path.dropFirst(prefix.count)))
        }
        if path.hasPrefix("/clob-markets/") { return await clobMarket(String(path.dropFirst("/clob-markets/".count))) }
        if path.hasPrefix("/markets-by-token/") {
            let token = String(path.dropFirst("/markets-by-token/".count))
            guard let market = await venue.exchange.market(ofToken: token) else { return SimResponse(404, SimWire.error("market not found")) }
            return SimResponse(
                200, "{\"condition_id\":\(SimWire.string(market.conditionID)),\"primary_token_id\":\(SimWire.string(market.yesToken)),\"secondary_token_id\":\(SimWire.string(market.noToken))}")
        }
        if path.hasPrefix("/markets/live-activity/") { return SimResponse(200, "[]") }
        if path.hasPrefix("/markets/") {
            let id = String(path.dropFirst("/markets/".count))
            guard let market = await venue.exchange.markets[id] else { return SimResponse(404, SimWire.error("market not found")) }
            return SimResponse(200, await clobMarketJSON(market, simplified: false))
        }
        if path.hasPrefix("/rewards/markets/") { return await currentRewards(request, conditionID: String(path.dropFirst("/rewards/markets/".count))) }
        // No builder attribution is recorded: builder trades list none.
        if path == "/builder/trades" { return SimResponse(200, Self.page([], cursor: request.query["next_cursor"])) }
        if path.hasPrefix("/fees/builder-fees/") { return SimResponse(200, "{\"builder_maker_fee_rate_bps\":0,\"builder_taker_fee_rate_bps\":0}") }
        return nil
    }

    // MARK: One token

    func marketData(_ request: SimRequest, token: String) async -> SimResponse {
        guard let market = await venue.exchange.market(ofToken: token) else { return SimResponse(404, SimWire.error("No orderbook exists for the requested token id")) }
        let book = await venue.exchange.book(token: token)
        switch request.path {
        case "/tick-size": return SimResponse(200, "{\"minimum_tick_size\":\(market.tick)}")
        case "/neg-risk": return SimResponse(200, "{\"neg_risk\":\(market.negRisk)}")
        // Basis points; a V1 remnant that V2 clients read only for V1 orders.
        case "/fee-rate": return SimResponse(200, "{\"base_fee\":\(market.takerFeeRate.micros / 100)}")
        case "/book": return SimResponse(200, await venue.bookJSON(token: token) ?? "{}")
        case "/midpoint": return SimResponse(200, "{\"mid\":\"\(book?.mid?.description ?? "0")\"}")
        case "/spread": return SimResponse(200, "{\"spread\":\"\(Self.spread(book))\"}")
        case "/last-trade-price":
            let last = await venue.lastTradePrice(token: token)
            return SimResponse(200, "{\"price\":\"\(last?.price.description ?? "0.5")\",\"side\":\"\(last?.side.rawValue ?? "")\"}")
        default:
            guard let side = request.query["side"], side == "BUY" || side == "SELL" else { return SimResponse(400, SimWire.error("Invalid side")) }
            return SimResponse(200, "{\"price\":\"\(Self.price(book, side: side))\"}")
        }
    }

    /// The best price a taker on `side` gets: the best ask for BUY, the best bid for SELL.
    static func price(_ book: OrderBook?, side: String) -> String {
        (side == "BUY" ? book?.bestAsk?.price : book?.bestBid?.price)?.description ?? "0"
    }

    static func spread(_ book: OrderBook?) -> String {
        guard let bid = book?.bestBid?.price, let ask = book?.bestAsk?.price else { return "0" }
        return FixedPoint.format(micros: ask.micros - bid.micros)
    }

    /// `POST /books|/midpoints|/prices|/spreads|/last-trades-prices` with `[{"token_id", "side"?}]`.
    func marketDataBatch(_ request: SimRequest) async -> SimResponse {
        let entries = (Self.array(request.body) as? [[String: Any]]) ?? []
        let tokens = entries.compactMap { $0["token_id"] as? String }
        switch request.path {
        case "/books":
            var books: [String] = []
            for token in tokens { if let book = await venue.bookJSON(token: token) { books.append(book) } }
            return SimResponse(200, "[" + books.joined(separator: ",") + "]")
        case "/midpoints":
            var mids: [String] = []
            for token in tokens { mids.append("\(SimWire.string(token)):\"\(await venue.exchange.book(token: token)?.mid?.description ?? "0")\"") }
            return SimResponse(200, "{" + mids.joined(separator: ",") + "}")
        case "/spreads":
            var spreads: [String] = []
            for token in tokens { spreads.append("\(SimWire.string(token)):\"\(Self.spread(await venue.exchange.book(token: token)))\"") }
            return SimResponse(200, "{" + spreads.joined(separator: ",") + "}")
        case "/prices":
            // {token: {side: price}}, both sides when an entry names none.
            var byToken: [(String, [String])] = []
            for entry in entries {
                guard let token = entry["token_id"] as? String else { continue }
                let book = await venue.exchange.book(token: token)
                let sides = (entry["side"] as? String).map { [$0] } ?? ["BUY", "SELL"]
                let pairs = sides.map { "\"\($0)\":\"\(Self.price(book, side: $0))\"" }
                if let index = byToken.firstIndex(where: { $0.0 == token }) { byToken[index].1 += pairs } else { byToken.append((token, pairs)) }
            }
            return SimResponse(200, "{" + byToken.map { "\(SimWire.string($0.0)):{\($0.1.joined(separator: ","))}" }.joined(separator: ",") + "}")
        default:
            var rows: [String] = []
            for token in tokens {
                let last = await venue.lastTradePrice(token: token)
                rows.append("{\"token_id\":\(SimWire.string(token)),\"price\":\"\(last?.price.description ?? "0.5")\",\"side\":\"\(last?.side.rawValue ?? "")\"}")
            }
            return SimResponse(200, "[" + rows.joined(separator: ",") + "]")
        }
    }

    /// `GET /prices-history?market=<token>&interval=|startTs=&endTs=&fidelity=`: trade prices, the last of
    /// each `fidelity`-minute bucket, as `{"history": [{"t": seconds, "p": number}]}`.
    func pricesHistory(_ request: SimRequest) async -> SimResponse {
        let now = await venue.now / 1_000
        let intervals: [String: Int64] = ["1m": 60, "1h": 3_600, "6h": 21_600, "1d": 86_400, "1w": 604_800, "max": now]
        let start: Int64, end: Int64
        if let interval = request.query["interval"] {
            guard let seconds = intervals[interval] else { return SimResponse(400, SimWire.error("invalid interval: \(interval)")) }
            (start, end) = (now - seconds, now)
        } else if let from = request.query["startTs"].flatMap({ Int64($0) }), let to = request.query["endTs"].flatMap({ Int64($0) }) {
            (start, end) = (from, to)
        } else {
            return SimResponse(400, SimWire.error("an interval or both startTs and endTs are required"))
        }
        let bucket = max(1, request.query["fidelity"].flatMap { Int64($0) } ?? 1) * 60
        var points: [(seconds: Int64, price: Price)] = []
        for point in await venue.history(token: request.query["market"] ?? "", from: start, to: end) {
            if let last = points.last, last.seconds / bucket == point.seconds / bucket { points[points.count - 1] = point } else { points.append(point) }
        }
        return SimResponse(200, "{\"history\":[" + points.map { "{\"t\":\($0.seconds),\"p\":\($0.price)}" }.joined(separator: ",") + "]}")
    }

    // MARK: Markets

    /// `/markets`, `/simplified-markets`, `/sampling-markets` (markets with rewards), `/sampling-simplified-markets`:
    /// the venue's `{limit, count, next_cursor, data}` envelope, in condition-id order.
    func clobMarkets(_ request: SimRequest) async -> SimResponse {
        let simplified = request.path.contains("simplified")
        let sampling = request.path.hasPrefix("/sampling")
        let all = await venue.listedMarkets(await venue.listing(conditionIDs: [], tokens: [], positions: [])).map(\.spec)
        var items: [String] = []
        for market in all where !sampling || market.rewards != nil { items.append(await clobMarketJSON(market, simplified: simplified)) }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    /// One market in the CLOB's shape (or its simplified form), token prices at the midpoint.
    func clobMarketJSON(_ market: SimMarketSpec, simplified: Bool) async -> String {
        let mid = await venue.exchange.book(token: market.yesToken)?.mid
        let tokens = [(market.yesToken, "Yes", mid), (market.noToken, "No", mid?.complement)].map { token, outcome, price in
            "{\"token_id\":\(SimWire.string(token)),\"outcome\":\"\(outcome)\",\"price\":\(price?.description ?? "0.5"),\"winner\":false}"
        }.joined(separator: ",")
        let rewards = market.rewards.map {
            "{\"rates\":[{\"asset_address\":\(SimWire.string(Self.collateralAddress)),\"rewards_daily_rate\":\($0.dailyRate)}],\"min_size\":\($0.minSize),\"max_spread\":\(FixedPoint.format(micros: $0.maxSpread * 100))}"
        } ?? "{\"rates\":null,\"min_size\":0,\"max_spread\":0}"
        let common = "\"condition_id\":\(SimWire.string(market.conditionID)),\"rewards\":\(rewards),\"tokens\":[\(tokens)],\"active\":true,\"closed\":false,\"archived\":false,\"accepting_orders\":true"
        if simplified { return "{" + common + "}" }
        return "{" + common + ",\"enable_order_book\":true,\"question\":\(SimWire.string(market.question)),\"question_id\":\(SimWire.string(market.conditionID))"
            + ",\"description\":\"\",\"market_slug\":\(SimWire.string("sim-" + market.conditionID.suffix(8))),\"end_date_iso\":null,\"game_start_time\":null"
            + ",\"minimum_order_size\":\(market.minOrderSize),\"minimum_tick_size\":\(market.tick),\"min_incentive_size\":\(market.rewards?.minSize.description ?? "0")"
            + ",\"max_incentive_spread\":\(market.rewards.map { FixedPoint.format(micros: $0.maxSpread * 100) } ?? "0"),\"seconds_delay\":0,\"fpmm\":\"\""
            + ",\"maker_base_fee\":0,\"taker_base_fee\":\(market.takerFeeRate.micros / 100),\"notifications_enabled\":true,\"neg_risk\":\(market.negRisk)"
            + ",\"neg_risk_market_id\":\"\",\"neg_risk_request_id\":\"\",\"is_50_50_outcome\":false,\"icon\":\"\",\"image\":\"\",\"tags\":[]}"
    }

    /// `GET /clob-markets/{condition_id}`: the compact form the V2 clients read tick, neg risk and fees from.
    func clobMarket(_ conditionID: String) async -> SimResponse {
        guard let market = await venue.exchange.markets[conditionID] else { return SimResponse(404, SimWire.error("market not found")) }
        let rewards = market.rewards.map { "{\"mi\":\($0.minSize),\"ma\":\(FixedPoint.format(micros: $0.maxSpread * 100)),\"e\":true,\"moas\":\(market.minOrderAgeSeconds)}" } ?? "null"
        return SimResponse(
            200,
            "{\"t\":[{\"t\":\(SimWire.string(market.yesToken)),\"o\":\"Yes\"},{\"t\":\(SimWire.string(market.noToken)),\"o\":\"No\"}],\"mts\":\(market.tick),\"nr\":\(market.negRisk)"
                + ",\"mos\":\(market.minOrderSize),\"ao\":true,\"r\":\(rewards),\"fd\":{\"r\":\(market.takerFeeRate),\"e\":1,\"to\":true}}")
    }

    /// `GET /rewards/markets/current` (every market with a reward pool) and `/rewards/markets/{condition_id}`, paged.
    func currentRewards(_ request: SimRequest, conditionID: String?) async -> SimResponse {
        let markets = await venue.exchange.markets.values.filter { $0.rewards != nil && (conditionID == nil || $0.conditionID == conditionID) }.sorted { $0.conditionID < $1.conditionID }
        var items: [String] = []
        for market in markets {
            let rewards = market.rewards!
            let mid = await venue.exchange.book(token: market.yesToken)?.mid
            items.append(
                "{\"condition_id\":\(SimWire.string(market.conditionID)),\"question\":\(SimWire.string(market.question)),\"market_slug\":\(SimWire.string("sim-" + market.conditionID.suffix(8)))"
                    + ",\"event_slug\":\"\",\"image\":\"\",\"rewards_max_spread\":\(FixedPoint.format(micros: rewards.maxSpread * 100)),\"rewards_min_size\":\(rewards.minSize)"
                    + ",\"tokens\":[{\"token_id\":\(SimWire.string(market.yesToken)),\"outcome\":\"Yes\",\"price\":\(mid?.description ?? "0.5")},{\"token_id\":\(SimWire.string(market.noToken)),\"outcome\":\"No\",\"price\":\(mid?.complement.description ?? "0.5")}]"
                    + ",\"rewards_config\":[{\"asset_address\":\(SimWire.string(Self.collateralAddress)),\"start_date\":\"2026-01-01\",\"end_date\":\"2500-12-31\",\"rate_per_day\":\(rewards.dailyRate),\"total_rewards\":0}]}")
        }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    /// pUSD, the collateral reward pools pay in.
    static let collateralAddress = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"
}
