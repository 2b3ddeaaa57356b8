import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Filters of `GET /markets`.
public struct GammaMarketQuery: Sendable, Hashable {
    public var limit: Int = 100
    public var offset: Int = 0
    public var conditionIDs: [String] = []
    public var clobTokenIDs: [String] = []
    public var closed: Bool? = false
    public var liquidityMin: String?
    public var volumeMin: String?
    public var rewardsMinSize: String?
    public var order: String?
    public var ascending: Bool?

    public init() {}

    var items: [QueryItem] {
        var query = [QueryItem("limit", String(limit)), QueryItem("offset", String(offset))]
        query += conditionIDs.map { QueryItem("condition_ids", $0) }
        query += clobTokenIDs.map { QueryItem("clob_token_ids", $0) }
        if let closed { query.append(QueryItem("closed", String(closed))) }
        if let liquidityMin { query.append(QueryItem("liquidity_num_min", liquidityMin)) }
        if let volumeMin { query.append(QueryItem("volume_num_min", volumeMin)) }
        if let rewardsMinSize { query.append(QueryItem("rewards_min_size", rewardsMinSize)) }
        if let order { query.append(QueryItem("order", order)) }
        if let ascending { query.append(QueryItem("ascending", String(ascending))) }
        return query
    }
}

/// Market discovery through the Gamma API (public, no auth).
///
/// Gamma pages `/markets` by `limit`/`offset`, caps `limit` at 100 silently, refuses offsets past
/// 10 000, and takes at most 100 repeated `condition_ids` per request; `/markets` is limited to 125
/// requests per 10 s. ``markets(conditionIDs:)`` works within all of that, so thousands of configured
/// markets are found in a few dozen requests.
public struct GammaClient: Sendable {
    public let baseURL: String
    let http: HTTPClient
    let timeout: Duration
    let logger: Logger
    /// `/markets` requests per 10 s (the venue's documented limit), shared by copies of this client.
    let pacer: GammaPacer
    /// Condition ids per `/markets` request: within Gamma's 100 and a URL of about 4 KB.
    public var conditionIDsPerRequest = 50
    /// `/markets` requests in flight at once during a lookup.
    public var concurrentRequests = 4

    /// Gamma's page size cap.
    public static let pageLimit = 100
    /// Gamma refuses offsets above this (HTTP 422).
    public static let maximumOffset = 10_000

    public init(baseURL: String, http: HTTPClient, timeout: Duration = .seconds(10), requestsPer10Seconds: Int64 = 125, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.timeout = timeout
        self.logger = logger
        pacer = GammaPacer(requestsPer10Seconds: requestsPer10Seconds)
    }

    public func markets(_ query: GammaMarketQuery) async throws(ClobError) -> [GammaMarket] {
        try await get([GammaMarket].self, ClobRequest(method: "GET", path: "/markets", query: query.items, auth: .none, isIdempotent: true, endpointClass: .general))
    }

    public func market(id: String) async throws(ClobError) -> GammaMarket {
        try await get(GammaMarket.self, ClobRequest(method: "GET", path: "/markets/\(id)", auth: .none, isIdempotent: true, endpointClass: .general))
    }

    /// The markets with these condition ids, open or closed, however many, in the order asked (each
    /// once). Ids go in chunks of ``conditionIDsPerRequest`` as repeated `condition_ids`, a few chunks
    /// at a time; a chunk follows its pages until every id is found or a page comes back short, and the
    /// ids still missing are asked again with `closed=true` (Gamma lists only open markets unless told).
    /// An id Gamma does not know is simply absent from the result.
    public func markets(conditionIDs: [String]) async throws(ClobError) -> [GammaMarket] {
        var seen: Set<String> = []
        let unique = conditionIDs.filter { seen.insert($0.lowercased()).inserted }
        let size = max(1, min(conditionIDsPerRequest, Self.pageLimit))
        let chunks = stride(from: 0, to: unique.count, by: size).map { Array(unique[$0..<min($0 + size, unique.count)]) }
        var found: [String: GammaMarket] = [:]
        let width = max(1, concurrentRequests)
        for wave in stride(from: 0, to: chunks.count, by: width) {
            let results = await withTaskGroup(of: Result<[GammaMarket], ClobError>.self) { group in
                for chunk in chunks[wave..<min(wave + width, chunks.count)] {
                    group.addTask {
                        do throws(ClobError) { return .success(try await lookup(chunk)) } catch { return .failure(error) }
                    }
                }
                var all: [Result<[GammaMarket], ClobError>] = []
                for await result in group { all.append(result) }
                return all
            }
            for result in results {
                for market in try result.get() { found[market.conditionID.lowercased()] = market }
            }
        }
        return unique.compactMap { found[$0.lowercased()] }
    }

    /// One chunk of ids: open markets first, then the ones still missing among closed markets.
    private func lookup(_ ids: [String]) async throws(ClobError) -> [GammaMarket] {
        var query = GammaMarketQuery()
        query.conditionIDs = ids
        query.closed = false
        var markets = try await pages(query, until: Set(ids.map { $0.lowercased() }))
        let missing = Set(ids.map { $0.lowercased() }).subtracting(markets.map { $0.conditionID.lowercased() })
        if !missing.isEmpty {
            query.conditionIDs = ids.filter { missing.contains($0.lowercased()) }
            query.closed = true
            markets += try await pages(query, until: missing)
        }
        return markets
    }

    /// Follows `/markets` pages from `query.offset` until every wanted condition id was seen, a page
    /// comes back empty, or Gamma's offset cap is reached. A short page does not end the walk: Gamma
    /// has lowered its page cap silently before, and a clamped page looks short.
    private func pages(_ query: GammaMarketQuery, until wanted: Set<String>) async throws(ClobError) -> [GammaMarket] {
        var query = query
        query.limit = min(max(query.limit, 1), Self.pageLimit)
        var markets: [GammaMarket] = []
        var missing = wanted
        while true {
            let page = try await self.markets(query)
            markets += page
            for market in page { missing.remove(market.conditionID.lowercased()) }
            guard !missing.isEmpty, !page.isEmpty, query.offset + page.count <= Self.maximumOffset else { return markets }
            query.offset += page.count
        }
    }

    public func events(limit: Int = 100, offset: Int = 0, closed: Bool = false) async throws(ClobError) -> [GammaEvent] {
        let query = [QueryItem("limit", String(limit)), QueryItem("offset", String(offset)), QueryItem("closed", String(closed))]
        return try await get([GammaEvent].self, ClobRequest(method: "GET", path: "/events", query: query, auth: .none, isIdempotent: true, endpointClass: .general))
    }

    private func get<T: Decodable>(_ type: T.Type, _ request: ClobRequest) async throws(ClobError) -> T {
        while true {
            let wait = await pacer.reserve(nowMilliseconds: Self.nowMilliseconds())
            if wait == 0 { break }
            do { try await Task.sleep(for: .milliseconds(wait)) } catch { throw ClobError(.notSent, "cancelled while rate-limited") }
        }
        var http = HTTPClientRequest(url: baseURL + request.pathWithQuery)
        http.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await self.http.execute(http, timeout: .nanoseconds(timeout.nanoseconds))
        } catch {
            throw ClobClient.transportError(error)
        }
        let bytes: [UInt8]
        do { bytes = Array(buffer: try await response.body.collect(upTo: 32 << 20)) } catch { throw ClobError(.unexpectedResponse, "\(error)") }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ClobClient.httpError(status: Int(response.status.code), body: bytes, retryAfterHeader: response.headers.first(name: "Retry-After"))
        }
        return try ClobClient.decodeAnswer(T.self, from: bytes, context: "Gamma \(request.path)")
    }
}

extension GammaClient {
    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}

/// The client-side pace of Gamma requests: a token bucket shared by every copy of one ``GammaClient``.
actor GammaPacer {
    private var bucket: TokenBucket

    init(requestsPer10Seconds: Int64) { bucket = TokenBucket(capacity: max(1, requestsPer10Seconds), windowMilliseconds: 10_000) }

    /// Milliseconds to wait before a request may go (0 = go now; the token is taken).
    func reserve(nowMilliseconds now: Int64) -> Int64 { bucket.take(nowMilliseconds: now) }
}
