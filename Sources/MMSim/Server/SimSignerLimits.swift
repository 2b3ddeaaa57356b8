import Polymarket

/// The venue's per-signer trading rate limits (``SignerTier``): an order bucket and a cancel bucket per
/// signer (the API key's address). `enforce` answers 429 with `Retry-After` over a bucket, as the venue
/// does since enforcement began; `warn` serves the request and says `Poly-RateLimit-Warning: true`, as in
/// the venue's warning period. Every order and cancel answer carries the bucket's state in
/// `Poly-RateLimit-Remaining`, `-Reset` (seconds until full) and `-Tier`.
struct SimSignerLimits: Sendable {
    enum Mode: String, Sendable, CaseIterable { case enforce, warn }

    struct Verdict: Sendable {
        var admitted: Bool
        var headers: [String: String]
    }

    let mode: Mode
    let tier: SignerTier
    private var buckets: [String: [SignerBucket: TokenBucket]] = [:]

    init(mode: Mode, tier: SignerTier) {
        self.mode = mode
        self.tier = tier
    }

    /// Admits `cost` from `signer`'s bucket, all or nothing (a batch is admitted whole or refused whole).
    mutating func admit(_ kind: SignerBucket, cost: Int64, signer: String, nowMilliseconds now: Int64) -> Verdict {
        var bucket = bucket(kind, signer)
        let wait = bucket.take(cost, nowMilliseconds: now)
        var headers: [String: String] = [:]
        if wait > 0 {
            switch mode {
            case .enforce:
                headers["Retry-After"] = "\((wait + 999) / 1_000)"
                store(bucket, kind, signer)
                return Verdict(admitted: false, headers: headers.merging(state(&bucket, now)) { a, _ in a })
            case .warn:
                headers["Poly-RateLimit-Warning"] = "true"
                bucket.charge(cost, nowMilliseconds: now)
            }
        }
        store(bucket, kind, signer)
        return Verdict(admitted: true, headers: headers.merging(state(&bucket, now)) { a, _ in a })
    }

    /// Takes `cost` more after the fact (a cancel-all's count): the bucket may go below zero.
    mutating func charge(_ kind: SignerBucket, cost: Int64, signer: String, nowMilliseconds now: Int64) -> [String: String] {
        var bucket = bucket(kind, signer)
        bucket.charge(cost, nowMilliseconds: now)
        store(bucket, kind, signer)
        return state(&bucket, now)
    }

    private func bucket(_ kind: SignerBucket, _ signer: String) -> TokenBucket {
        buckets[signer.lowercased()]?[kind] ?? SignerTier.bucket(kind == .orders ? tier.orders : tier.cancels)
    }

    private mutating func store(_ bucket: TokenBucket, _ kind: SignerBucket, _ signer: String) {
        buckets[signer.lowercased(), default: [:]][kind] = bucket
    }

    private func state(_ bucket: inout TokenBucket, _ now: Int64) -> [String: String] {
        [
            "Poly-RateLimit-Remaining": "\(max(bucket.available(nowMilliseconds: now), 0))",
            "Poly-RateLimit-Reset": "\((bucket.millisecondsToFull() + 999) / 1_000)", "Poly-RateLimit-Tier": tier.headerValue,
        ]
    }
}
