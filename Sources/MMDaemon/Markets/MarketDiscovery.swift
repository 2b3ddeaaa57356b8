import AsyncHTTPClient
import Logging
import MMCore
import Polymarket

/// Which markets `mmd markets discover` considers at all.
public struct DiscoveryFilters: Sendable, Hashable {
    /// Rows printed (after ranking).
    public var limit = 20
    public var minDailyReward: Money?
    public var minLiquidity: Money?
    public var minVolume: Money?
    /// The book's current spread at most this (micro-pUSD).
    public var maxSpread: Int64?
    public var excludeNegRisk = false
    /// Ends at least this many hours from now (markets near resolution move hard and stop scoring).
    public var endsAfterHours: Int64?
    /// Gamma pages of 100 read at most (the venue lists thousands of open markets).
    public var maxPages = 100

    public init() {}
}

/// What one discovery found: the ranked markets and why the others were left out.
public struct DiscoveryResult: Sendable {
    public var ranked: [RankedMarket]
    /// Open markets Gamma listed.
    public var listed: Int
    /// Why the others were not ranked: reason → count.
    public var skipped: [String: Int]
}

/// Reads Gamma (paginated, at Gamma's documented rate) and the books of the candidates (batched `POST
/// /books`), then ranks them with ``MarketRanking``. Reads only; no credentials.
public struct MarketDiscovery: Sendable {
    let gamma: GammaClient
    let client: ClobClient
    let logger: Logger
    /// Told of progress (pages read, books fetched): long on the live venue.
    let progress: @Sendable (String) -> Void

    public init(restURL: String, gammaURL: String, logger: Logger, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        gamma = GammaClient(baseURL: gammaURL, http: HTTPClient.shared, logger: logger)
        client = ClobClient(configuration: ClobClientConfiguration(baseURL: restURL), http: HTTPClient.shared, key: nil, logger: logger)
        self.logger = logger
        self.progress = progress
    }

    /// Books per `POST /books` request.
    static let booksPerRequest = 50

    public func discover(_ filters: DiscoveryFilters, orderSize: Quantity, nowMilliseconds now: Int64) async throws(ClobError) -> DiscoveryResult {
        var skipped: [String: Int] = [:]
        var candidates: [(GammaMarket, String, RewardParameters)] = []
        var listed = 0
        for page in 0..<filters.maxPages {
            var query = GammaMarketQuery()
            query.offset = page * query.limit
            query.closed = false
            let markets = try await gamma.markets(query)
            listed += markets.count
            for market in markets {
                if let reason = Self.exclusion(market, filters, nowMilliseconds: now) {
                    skipped[reason, default: 0] += 1
                } else if let yes = market.binaryTokens?.yes, let rewards = market.rewardParameters {
                    candidates.append((market, yes, rewards))
                }
            }
            progress("read \(listed) open markets from Gamma, \(candidates.count) candidates")
            if markets.count < query.limit { break }
        }
        var books: [String: BookMessage] = [:]
        let tokens = candidates.map(\.1)
        for start in stride(from: 0, to: tokens.count, by: Self.booksPerRequest) {
            for book in try await client.books(tokenIDs: Array(tokens[start..<min(start + Self.booksPerRequest, tokens.count)])) { books[book.assetID] = book }
            progress("books \(min(start + Self.booksPerRequest, tokens.count))/\(tokens.count)")
        }
        var facts: [MarketFacts] = []
        for (market, yes, rewards) in candidates {
            guard let book = books[yes]?.orderBook, book.mid != nil else {
                skipped["no two-sided book", default: 0] += 1
                continue
            }
            if let maxSpread = filters.maxSpread, let spread = book.spread, spread > maxSpread {
                skipped["spread above --max-spread", default: 0] += 1
                continue
            }
            facts.append(MarketFacts(
                conditionID: market.conditionID, question: market.question ?? "", rewards: rewards, tick: market.tickSize ?? .hundredth, book: book,
                liquidity: Money(micros: Self.micros(market.liquidity)), volume24h: Money(micros: Self.micros(market.volume24hr)),
                negRiskEvent: market.negRisk ? market.negRiskMarketID : nil, endMilliseconds: market.endDate.flatMap(Daemon.epochMilliseconds(iso8601:))))
        }
        let ranked = MarketRanking.rank(facts, orderSize: orderSize)
        skipped["no two-sided midpoint in the band", default: 0] += facts.count - ranked.count
        skipped = skipped.filter { $0.value > 0 }
        return DiscoveryResult(ranked: Array(ranked.prefix(filters.limit)), listed: listed, skipped: skipped)
    }

    /// Why a listed market is not a candidate; `nil` when it is. Gamma's quirks land here: markets
    /// without an order book, closed or archived ones, reward parameters missing.
    static func exclusion(_ market: GammaMarket, _ filters: DiscoveryFilters, nowMilliseconds now: Int64) -> String? {
        if market.closed || !market.active { return "closed or inactive" }
        if !market.enableOrderBook || !market.acceptingOrders { return "no order book or not accepting orders" }
        if market.binaryTokens == nil { return "not a binary market" }
        guard let rewards = market.rewardParameters, rewards.dailyRate.micros > 0 else { return "no liquidity rewards" }
        if let minimum = filters.minDailyReward, rewards.dailyRate < minimum { return "daily reward below --min-daily-reward" }
        if let minimum = filters.minLiquidity, Self.micros(market.liquidity) < minimum.micros { return "liquidity below --min-liquidity" }
        if let minimum = filters.minVolume, Self.micros(market.volume24hr) < minimum.micros { return "volume below --min-volume" }
        if filters.excludeNegRisk, market.negRisk { return "neg-risk (--exclude-neg-risk)" }
        if let hours = filters.endsAfterHours {
            guard let end = market.endDate.flatMap(Daemon.epochMilliseconds(iso8601:)) else { return "no end date (--ends-after)" }
            if end < now + hours * 3_600_000 { return "ends too soon (--ends-after)" }
        }
        return nil
    }

    /// Gamma's liquidity and volume figures are floats with any number of decimals: cut to micro-units
    /// (truncated; an exponent form or anything unreadable counts as 0).
    static func micros(_ value: WireDecimal?) -> Int64 {
        guard var text = value?.text else { return 0 }
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 7 { text = String(text[..<text.index(dot, offsetBy: 7)]) }
        return (try? FixedPoint.parseMicros(text)) ?? 0
    }
}
