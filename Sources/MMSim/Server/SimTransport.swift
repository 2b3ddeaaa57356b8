import Foundation
import Polymarket

/// Hands the venue client's requests straight to the simulator's request handler, without sockets.
///
/// The backtest uses it so that signing, L2 auth, the JSON bodies, error strings and response decoding
/// are exactly the live paths, while time is virtual and every step is deterministic.
public struct SimTransport: ClobTransport {
    let handler: SimHTTPHandler

    public init(venue: SimVenue) { handler = SimHTTPHandler(venue: venue) }

    public func execute(_ request: ClobWireRequest, timeout: Duration, maxResponseBytes: Int) async throws(ClobError) -> ClobWireResponse {
        let parts = request.pathWithQuery.split(separator: "?", maxSplits: 1)
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let field = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query.append((field[0], field.count == 2 ? field[1] : ""))
            }
        }
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name] = value }
        let response = await handler.handle(
            SimRequest(method: request.method, path: String(parts.first ?? ""), queryItems: query, headers: headers, body: request.body ?? ""))
        return ClobWireResponse(status: response.status, body: Array(response.body.utf8), retryAfter: response.headers["Retry-After"])
    }
}
