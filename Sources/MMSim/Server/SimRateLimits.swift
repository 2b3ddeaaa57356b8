import Polymarket

/// The venue's documented per-endpoint rate limits (docs "Rate limits", Cloudflare tier): over a family's
/// limit a request is answered 429 `Too Many Requests`, as the venue answers once its throttling queue
/// is full. Each family is a token bucket of its 10-second limit (and, where documented, a second one of
/// its 10-minute limit), the model mmd's own client paces itself by, so a client within the documented
/// limits is never refused.
struct SimRateLimits: Sendable {
    private var buckets: [String: [TokenBucket]] = [:]

    /// The families: (name, per 10 s, per 10 min or nil), keyed by how a request is recognised.
    static func family(method: String, path: String) -> (name: String, per10Seconds: Int64, per10Minutes: Int64?)? {
        switch (method, path) {
        case ("POST", "/order"): ("POST /order", 5_000, 120_000)
        case ("DELETE", "/order"): ("DELETE /order", 5_000, 120_000)
        case ("POST", "/orders"): ("POST /orders", 2_000, 21_000)
        case ("DELETE", "/orders"): ("DELETE /orders", 2_000, 15_000)
        case ("DELETE", "/cancel-all"): ("DELETE /cancel-all", 250, 6_000)
        case ("DELETE", "/cancel-market-orders"): ("DELETE /cancel-market-orders", 1_500, 21_000)
        case ("GET", "/balance-allowance"): ("GET /balance-allowance", 200, nil)
        case ("GET", "/balance-allowance/update"): ("GET /balance-allowance/update", 50, nil)
        case (_, "/book"): ("/book", 1_500, nil)
        case (_, "/books"): ("/books", 500, nil)
        case (_, "/price"): ("/price", 1_500, nil)
        case (_, "/prices"): ("/prices", 500, nil)
        case (_, "/midpoint"): ("/midpoint", 1_500, nil)
        case (_, "/midpoints"): ("/midpoints", 500, nil)
        case (_, "/prices-history"): ("/prices-history", 1_000, nil)
        case (_, "/data/orders"): ("/data/orders", 500, nil)
        case (_, "/data/trades"): ("/data/trades", 500, nil)
        case (_, "/notifications"): ("/notifications", 125, nil)
        case (_, "/gamma/markets"): ("Gamma /markets", 125, nil)
        case (_, "/gamma/events"): ("Gamma /events", 100, nil)
        default:
            if path == "/tick-size" || path.hasPrefix("/tick-size/") { ("tick size", 200, nil) }
            else if path.hasPrefix("/auth/") { ("API keys", 100, nil) }
            else { nil }
        }
    }

    /// Whether a request may be served now; a refused one takes nothing from any bucket.
    mutating func admit(method: String, path: String, nowMilliseconds now: Int64) -> Bool {
        var families: [(String, Int64, Int64?)] = [("CLOB general", 9_000, nil)]
        if let family = Self.family(method: method, path: path) { families.append(family) }
        var updated: [(String, [TokenBucket])] = []
        for (name, per10Seconds, per10Minutes) in families {
            var list = buckets[name] ?? [TokenBucket(capacity: per10Seconds, windowMilliseconds: 10_000)]
                + (per10Minutes.map { [TokenBucket(capacity: $0, windowMilliseconds: 600_000)] } ?? [])
            for index in list.indices where list[index].take(nowMilliseconds: now) > 0 { return false }
            updated.append((name, list))
        }
        for (name, list) in updated { buckets[name] = list }
        return true
    }
}
