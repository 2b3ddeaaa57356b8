import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One request as it goes on the wire, after signing.
public struct ClobWireRequest: Sendable {
    public var method: String
    /// The path with its query string, e.g. `/data/orders?market=0x…`.
    public var pathWithQuery: String
    public var headers: [(String, String)]
    public var body: String?
}

/// One answer as it came off the wire.
public struct ClobWireResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var retryAfter: String?

    public init(status: Int, body: [UInt8], retryAfter: String? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }
}

/// How the client reaches the venue. Live it is HTTP; the backtest hands requests straight to the
/// in-process simulator's handler, so the same signing, auth, decoding and error paths run in both.
public protocol ClobTransport: Sendable {
    /// Sends and returns the answer, or throws `.notSent` / `.ambiguous` when there is none.
    func execute(_ request: ClobWireRequest, timeout: Duration, maxResponseBytes: Int) async throws(ClobError) -> ClobWireResponse
}

/// The live transport over AsyncHTTPClient.
public struct HTTPClobTransport: ClobTransport {
    let http: HTTPClient
    let baseURL: String

    public init(http: HTTPClient, baseURL: String) {
        self.http = http
        self.baseURL = baseURL
    }

    public func execute(_ request: ClobWireRequest, timeout: Duration, maxResponseBytes: Int) async throws(ClobError) -> ClobWireResponse {
        var http = HTTPClientRequest(url: baseURL + request.pathWithQuery)
        http.method = .init(rawValue: request.method)
        http.headers.add(name: "User-Agent", value: "mmd")
        http.headers.add(name: "Accept", value: "*/*")
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await self.http.execute(http, timeout: .nanoseconds(timeout.nanoseconds))
        } catch {
            throw ClobClient.transportError(error)
        }
        do {
            let bytes = Array(buffer: try await response.body.collect(upTo: maxResponseBytes))
            return ClobWireResponse(status: Int(response.status.code), body: bytes, retryAfter: response.headers.first(name: "Retry-After"))
        } catch {
            throw ClobError(.ambiguous, "the answer could not be read: \(error)", httpStatus: Int(response.status.code))
        }
    }
}
