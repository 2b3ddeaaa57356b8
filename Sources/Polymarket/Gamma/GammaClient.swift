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
public struct GammaClient: Sendable {
    public let baseURL: String
    let http: HTTPClient
    let timeout: Duration
    let logger: Logger

    public init(baseURL: String, http: HTTPClient, timeout: Duration = .seconds(10), logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.timeout = timeout
        self.logger = logger
    }

    public func markets(_ query: GammaMarketQuery) async throws(ClobError) -> [GammaMarket] {
        try await get([GammaMarket].self, ClobRequest(method: "GET", path: "/markets", query: query.items, auth: .none, isIdempotent: true, endpointClass: .general))
    }

    public func market(id: String) async throws(ClobError) -> GammaMarket {
        try await get(GammaMarket.self, ClobRequest(method: "GET", path: "/markets/\(id)", auth: .none, isIdempotent: true, endpointClass: .general))
    }

    /// The markets with these condition ids (open or closed).
    public func markets(conditionIDs: [String]) async throws(ClobError) -> [GammaMarket] {
        var query = GammaMarketQuery()
        query.conditionIDs = conditionIDs
        query.closed = nil
        return try await markets(query)
    }

    public func events(limit: Int = 100, offset: Int = 0, closed: Bool = false) async throws(ClobError) -> [GammaEvent] {
        let query = [QueryItem("limit", String(limit)), QueryItem("offset", String(offset)), QueryItem("closed", String(closed))]
        return try await get([GammaEvent].self, ClobRequest(method: "GET", path: "/events", query: query, auth: .none, isIdempotent: true, endpointClass: .general))
    }

    private func get<T: Decodable>(_ type: T.Type, _ request: ClobRequest) async throws(ClobError) -> T {
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
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ClobError(.unexpectedResponse, "Gamma \(request.path): \(ChannelDecoder.reason(error))")
        }
    }
}
