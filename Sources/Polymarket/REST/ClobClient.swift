import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Settings of the REST client.
public struct ClobClientConfiguration: Sendable {
    /// e.g. `https://clob.polymarket.com` or the simulator's `http://127.0.0.1:PORT`.
    public var baseURL: String
    public var requestTimeout: Duration
    /// Attempts for transient failures of requests that are safe to repeat (1 = no retry).
    public var maxAttempts: Int
    public var retryBaseDelay: Duration
    /// Per-10-second limits overriding the documented defaults.
    public var rateLimits: [EndpointClass: Int64]
    /// The signer's trading tier: orders and cancels are paced to its buckets (``SignerTier``); `nil` paces
    /// by the per-endpoint limits only.
    public var signerTier: SignerTier?
    public var maxResponseBytes: Int

    public init(
        baseURL: String, requestTimeout: Duration = .seconds(5), maxAttempts: Int = 3, retryBaseDelay: Duration = .milliseconds(200),
        rateLimits: [EndpointClass: Int64] = [:], signerTier: SignerTier? = .standard, maxResponseBytes: Int = 16 << 20
    ) {
        self.signerTier = signerTier
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.requestTimeout = requestTimeout
        self.maxAttempts = maxAttempts
        self.retryBaseDelay = retryBaseDelay
        self.rateLimits = rateLimits
        self.maxResponseBytes = maxResponseBytes
    }
}

/// The CLOB V2 REST client: signs, rate-limits, sends, classifies errors and decodes answers.
///
/// Retries only what is safe: idempotent requests (reads, cancels) on transient failures, and any
/// request that provably never left (`.notSent`). A post that timed out after it was sent throws
/// `.ambiguous` and is never repeated here: the caller must ask the venue whether the order exists.
public struct ClobClient: Sendable {
    public let configuration: ClobClientConfiguration
    let transport: any ClobTransport
    let key: PrivateKey?
    let chain: Chain
    public let credentials: APICredentials?
    let limiter: RateLimiter
    let clock: any Clock<Duration>
    let nowMilliseconds: @Sendable () -> Int64
    let logger: Logger

    /// - Parameters:
    ///   - key: the EOA key; needed for L1 auth and for the L2 `POLY_ADDRESS`.
    ///   - credentials: the API key for L2 requests.
    ///   - nowMilliseconds: wall clock for header timestamps (Unix ms).
    public init(
        configuration: ClobClientConfiguration, http: HTTPClient, key: PrivateKey?, chain: Chain = .polygon, credentials: APICredentials? = nil,
        clock: any Clock<Duration> = ContinuousClock(),
        nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }, logger: Logger
    ) {
        self.init(
            configuration: configuration, transport: HTTPClobTransport(http: http, baseURL: configuration.baseURL), key: key, chain: chain,
            credentials: credentials, clock: clock, nowMilliseconds: nowMilliseconds, logger: logger)
    }

    /// A client over any transport (the backtest's in-process simulator, for one).
    public init(
        configuration: ClobClientConfiguration, transport: any ClobTransport, key: PrivateKey?, chain: Chain = .polygon, credentials: APICredentials? = nil,
        clock: any Clock<Duration> = ContinuousClock(),
        nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }, logger: Logger
    ) {
        self.configuration = configuration
        self.transport = transport
        self.key = key
        self.chain = chain
        self.credentials = credentials
        self.limiter = RateLimiter(limits: configuration.rateLimits, tier: configuration.signerTier)
        self.clock = clock
        self.nowMilliseconds = nowMilliseconds
        self.logger = logger
    }

    /// The same client with API credentials attached.
    public func with(credentials: APICredentials) -> ClobClient {
        ClobClient(copying: self, credentials: credentials)
    }

    private init(copying other: ClobClient, credentials: APICredentials?) {
        configuration = other.configuration
        transport = other.transport
        key = other.key
        chain = other.chain
        self.credentials = credentials
        limiter = other.limiter
        clock = other.clock
        nowMilliseconds = other.nowMilliseconds
        logger = other.logger
    }

    // MARK: Sending

    /// Sends `request` and returns the body of a 2xx answer.
    public func send(_ request: ClobRequest, cost: Int64 = 1) async throws(ClobError) -> [UInt8] {
        var attempt = 1
        while true {
            do {
                return try await sendOnce(request, cost: cost)
            } catch {
                let retryable = error.code == .notSent || (request.isIdempotent && (error.isTransient || error.code == .ambiguous))
                guard retryable, attempt < configuration.maxAttempts else { throw error }
                let backoff = configuration.retryBaseDelay * (1 << (attempt - 1))
                let delay = error.retryAfterSeconds.map { Duration.seconds($0) } ?? backoff + .milliseconds(Int.random(in: 0...50))
                logger.debug("retrying request", metadata: ["path": "\(request.path)", "attempt": "\(attempt)", "error": "\(error.code.rawValue)"])
                try? await clock.sleep(for: delay)
                attempt += 1
            }
        }
    }

    private func sendOnce(_ request: ClobRequest, cost: Int64) async throws(ClobError) -> [UInt8] {
        while true {
            let wait = await limiter.reserve(request.endpointClass, cost: cost, nowMilliseconds: nowMilliseconds())
            if wait == 0 { break }
            do { try await clock.sleep(for: .milliseconds(wait)) } catch { throw ClobError(.notSent, "cancelled while rate-limited") }
        }
        let wire = ClobWireRequest(method: request.method, pathWithQuery: request.pathWithQuery, headers: try authHeaders(for: request), body: request.body)
        let response = try await transport.execute(wire, timeout: configuration.requestTimeout, maxResponseBytes: configuration.maxResponseBytes)
        guard (200..<300).contains(response.status) else {
            throw Self.httpError(status: response.status, body: response.body, retryAfterHeader: response.retryAfter)
        }
        return response.body
    }

    func authHeaders(for request: ClobRequest) throws(ClobError) -> [(String, String)] {
        switch request.auth {
        case .none:
            return []
        case .l1:
            guard let key else { throw ClobError(.unauthorized, "L1 requests need the private key") }
            return ClobAuth.headers(key: key, chain: chain, timestampSeconds: UInt64(nowMilliseconds() / 1_000))
        case .l2:
            guard let key, let credentials else { throw ClobError(.unauthorized, "L2 requests need the private key and API credentials") }
            return L2Auth.headers(
                credentials: credentials, address: key.address, timestampSeconds: UInt64(nowMilliseconds() / 1_000), method: request.method,
                path: request.path, body: request.body)
        }
    }

    static func transportError(_ error: any Error) -> ClobError {
        let text = "\(error)"
        if let client = error as? HTTPClientError, client == .connectTimeout {
            return ClobError(.notSent, "could not connect: \(text)")
        }
        if text.contains("connectTimeout") || text.contains("Connection refused") || text.contains("connectionRefused")
            || text.contains("NIOConnectionError") || text.contains("connect(descriptor") {
            return ClobError(.notSent, "could not connect: \(text)")
        }
        return ClobError(.ambiguous, "no answer after sending: \(text)")
    }

    /// The typed error of a non-2xx answer, from its body (`{"error": …}` or anything else) and headers.
    /// Public so the fuzz targets (Fuzz/) reach it: whatever the body holds, the result is an error, never a trap.
    public static func httpError(status: Int, body: [UInt8], retryAfterHeader: String?) -> ClobError {
        let parsed = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        let message = parsed?.error ?? parsed?.errorMsg ?? parsed?.code ?? String(decoding: body.prefix(300), as: UTF8.self)
        var code = ClobError.classify(message: message + " " + (parsed?.code ?? ""), httpStatus: status)
        if status == 425 { code = .notReady }
        if status == 429 { code = .rateLimited }
        let retryAfter = parsed?.retryAfterSeconds ?? retryAfterHeader.flatMap { Int($0) }
        return ClobError(code, message, httpStatus: status, retryAfterSeconds: retryAfter, expectedHeartbeatID: parsed?.heartbeatID)
    }

    /// Sends and decodes a JSON answer.
    public func fetch<T: Decodable>(_ type: T.Type, _ request: ClobRequest, cost: Int64 = 1) async throws(ClobError) -> T {
        let bytes = try await send(request, cost: cost)
        return try Self.decodeAnswer(T.self, from: bytes, context: "\(request.method) \(request.path)")
    }

    /// Decodes a 2xx answer's JSON body, what ``fetch(_:_:cost:)`` does once the bytes are in. Public and free
    /// of any transport so the fuzz targets (Fuzz/) feed it arbitrary bytes: a body it cannot read is
    /// `.unexpectedResponse` naming `context` (e.g. `GET /book`), never a trap.
    public static func decodeAnswer<T: Decodable>(_ type: T.Type, from bytes: [UInt8], context: String) throws(ClobError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ClobError(.unexpectedResponse, "\(context): \(ChannelDecoder.reason(error))")
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
