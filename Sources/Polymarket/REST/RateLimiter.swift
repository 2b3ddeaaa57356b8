/// Token buckets per endpoint class, shared by every caller of one ``ClobClient``.
///
/// An actor because many engines post and cancel concurrently; each call is a short synchronous
/// bucket update, and the waiting happens outside on the caller's clock.
public actor RateLimiter {
    private var buckets: [EndpointClass: TokenBucket]
    /// The signer's order and cancel buckets (``SignerTier``); none when the tier is not limited here.
    private var signer: [SignerBucket: TokenBucket]

    /// - Parameters:
    ///   - limits: per-10-second limits; classes not given use the documented defaults.
    ///   - tier: the signer's trading tier, whose order and cancel buckets are kept too; `nil` for none.
    public init(limits: [EndpointClass: Int64] = [:], tier: SignerTier? = .standard) {
        var buckets: [EndpointClass: TokenBucket] = [:]
        for endpoint in EndpointClass.allCases {
            buckets[endpoint] = TokenBucket(capacity: limits[endpoint] ?? endpoint.defaultLimitPer10Seconds, windowMilliseconds: 10_000)
        }
        self.buckets = buckets
        signer = tier.map { [.orders: SignerTier.pacedBucket($0.orders), .cancels: SignerTier.pacedBucket($0.cancels)] } ?? [:]
    }

    /// Milliseconds to wait before `cost` requests of `endpoint` may go (0 = go now; the tokens are taken
    /// from the endpoint's bucket and, for orders and cancels, the signer's, both or neither).
    public func reserve(_ endpoint: EndpointClass, cost: Int64 = 1, nowMilliseconds now: Int64) -> Int64 {
        let kind = endpoint.signerBucket.flatMap { signer[$0] == nil ? nil : $0 }
        let wait = max(buckets[endpoint]!.wait(cost, nowMilliseconds: now), kind.map { signer[$0]!.wait(cost, nowMilliseconds: now) } ?? 0)
        guard wait == 0 else { return wait }
        _ = buckets[endpoint]!.take(cost, nowMilliseconds: now)
        if let kind { _ = signer[kind]!.take(cost, nowMilliseconds: now) }
        return 0
    }
}
