import Foundation
import MMCore
import Polymarket

/// One HTTP exchange with the simulator, independent of the server framework.
public struct SimRequest: Sendable {
    public var method: String
    public var path: String
    /// One value per name (the last given).
    public var query: [String: String]
    /// Every `name=value` pair in order, repeated names included (Gamma's `condition_ids=…&condition_ids=…`).
    public var queryItems: [(name: String, value: String)]
    /// Header names as sent; looked up case-insensitively.
    public var headers: [String: String]
    public var body: String

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: String = "") {
        self.init(method: method, path: path, queryItems: query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, headers: headers, body: body)
    }

    public init(method: String, path: String, queryItems: [(name: String, value: String)], headers: [String: String] = [:], body: String = "") {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        var query: [String: String] = [:]
        for item in queryItems { query[item.name] = item.value }
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Every value of a repeatable parameter, comma-separated lists split.
    func queryValues(_ name: String) -> [String] {
        queryItems.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

public struct SimResponse: Sendable {
    public var status: Int
    public var body: String
    /// Headers beyond `Content-Type` (the rate-limit ones, `Retry-After`).
    public var headers: [String: String]
    public init(_ status: Int = 200, _ body: String, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }
}

/// The venue's REST API over a ``SimVenue``: same paths, auth, bodies, status codes and error strings.
public struct SimHTTPHandler: Sendable {
    public let venue: SimVenue
    /// How far a header timestamp may be from the venue's clock.
    public var timestampWindowSeconds: Int64 = 300

    public init(venue: SimVenue) { self.venue = venue }

    public func handle(_ request: SimRequest) async -> SimResponse {
        if let response = await admin(request) { return response }
        guard await venue.admit(method: request.method, path: request.path) else { return SimResponse(429, SimWire.error("Too Many Requests")) }
        if let status = await venue.takeHTTPFailure(path: request.path) {
            let message = status == 425 ? "service not ready" : (status == 429 ? "Too Many Requests" : "internal error (injected)")
            return SimResponse(status, SimWire.error(message))
        }
        if let response = await publicRoute(request) { return response }
        // Everything else is private: L2 first.
        let key: SimAPIKey
        switch await authenticateL2(request) {
        case .success(let authenticated): key = authenticated
        case .failure(let rejection): return Self.reject(rejection)
        }
        return await privateRoute(request, key: key)
    }

    static func reject(_ rejection: SimRejection) -> SimResponse {
        SimResponse(rejection.status, SimWire.error(rejection.message, extra: rejection.extraJSON))
    }

    static let unauthorized = SimRejection(status: 401, "Unauthorized/Invalid api key")

    // MARK: Auth

    func authenticateL2(_ request: SimRequest) async -> Result<SimAPIKey, SimRejection> {
        guard let apiKey = request.header("POLY_API_KEY"), let signature = request.header("POLY_SIGNATURE"),
            let timestamp = request.header("POLY_TIMESTAMP"), let seconds = Int64(timestamp), let address = request.header("POLY_ADDRESS"),
            let passphrase = request.header("POLY_PASSPHRASE")
        else { return .failure(Self.unauthorized) }
        guard let key = await venue.exchange.key(apiKey), key.passphrase == passphrase, key.address.lowercased() == address.lowercased() else {
            return .failure(Self.unauthorized)
        }
        guard abs(seconds - (await venue.now) / 1_000) <= timestampWindowSeconds else { return .failure(Self.unauthorized) }
        guard let secret = Base64URL.decode(key.secret),
            L2Auth.signature(secret: secret, timestamp: timestamp, method: request.method, path: request.path, body: request.body.isEmpty ? nil : request.body) == signature
        else { return .failure(Self.unauthorized) }
        return .success(key)
    }

    func apiKey(_ request: SimRequest) async -> SimResponse {
        guard let addressText = request.header("POLY_ADDRESS"), let address = Address(addressText), let signature = request.header("POLY_SIGNATURE").flatMap(Signature.init(hex:)),
            let timestamp = request.header("POLY_TIMESTAMP").flatMap({ UInt64($0) }), let nonce = UInt64(request.header("POLY_NONCE") ?? "0")
        else { return SimResponse(401, SimWire.error("Invalid L1 Request headers")) }
        let now = await venue.now / 1_000
        let digest = ClobAuth.digest(address: address, chain: await venue.exchange.settings.chain, timestampSeconds: timestamp, nonce: nonce)
        guard signature.recoverAddress(digest: digest) == address, abs(Int64(timestamp) - now) <= timestampWindowSeconds else {
            return SimResponse(401, SimWire.error("Invalid L1 Request headers"))
        }
        // Create refuses a nonce already used (derive it instead); derive finds only a key that exists.
        let create = request.method == "POST"
        let key = await venue.perform { exchange, _ -> SimAPIKey? in
            let existing = exchange.existingKey(for: address.checksummed, nonce: nonce)
            if create { return existing == nil ? exchange.apiKey(for: address.checksummed, nonce: nonce) : nil }
            return existing
        }
        guard let key else { return SimResponse(400, SimWire.error(create ? "Could not create api key" : "Could not derive api key!")) }
        return SimResponse(200, "{\"apiKey\":\(SimWire.string(key.key)),\"secret\":\(SimWire.string(key.secret)),\"passphrase\":\(SimWire.string(key.passphrase))}")
    }
}
