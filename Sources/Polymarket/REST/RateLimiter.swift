/// Token buckets per endpoint class, shared by every caller of one ``ClobClient``.
///
/// An actor because many engines post and cancel concurrently; each call is a short synchronous
/// bucket update, and the waiting happens outside on the caller's clock.
public actor RateLimiter {
    private var buckets: [EndpointClass: TokenBucket]

    /// - Parameter limits: per-10-second limits; classes not given use the documented defaults.
    public init(limits: [EndpointClass: Int64] = [:]) {
        var buckets: [EndpointClass: TokenBucket] = [:]
        for endpoint in EndpointClass.allCases {
            buckets[endpoint] = TokenBucket(capacity: limits[endpoint] ?? endpoint.defaultLimitPer10Seconds, windowMilliseconds: 10_000)
        }
        self.buckets = buckets
    }

    /// Milliseconds to wait before `cost` requests of `endpoint` may go (0 = go now; the tokens are taken).
    public func reserve(_ endpoint: EndpointClass, cost: Int64 = 1, nowMilliseconds: Int64) -> Int64 {
        buckets[endpoint]!.take(cost, nowMilliseconds: nowMilliseconds)
    }
}
