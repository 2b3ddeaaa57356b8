/// The venue's per-signer trading rate limits ("CLOB Trading Rate Limits"): two token buckets per signer,
/// one for orders (`POST /order` costs 1, `POST /orders` one per order) and one for cancels
/// (`DELETE /order` 1, `DELETE /orders` one per id, `/cancel-all` and `/cancel-market-orders` 1 plus one per
/// order cancelled, which may take the bucket below zero). The tier follows the maker wallet's 30-day
/// volume; every tier's burst is one and a half seconds of its rate. A batch is admitted whole or not at all.
public enum SignerTier: String, Sendable, Hashable, CaseIterable {
    case standard, copper, bronze, silver, gold, platinum, diamond, elite

    /// Orders per second and the order bucket's burst.
    public var orders: (perSecond: Int64, burst: Int64) {
        switch self {
        case .standard: (40, 60)
        case .copper: (60, 90)
        case .bronze: (80, 120)
        case .silver: (200, 300)
        case .gold: (400, 600)
        case .platinum: (450, 675)
        case .diamond: (525, 787)
        case .elite: (600, 900)
        }
    }

    /// Cancels per second and the cancel bucket's burst.
    public var cancels: (perSecond: Int64, burst: Int64) {
        switch self {
        case .standard: (80, 120)
        case .copper: (120, 180)
        case .bronze: (160, 240)
        case .silver: (400, 600)
        case .gold: (800, 1_200)
        case .platinum: (900, 1_350)
        case .diamond: (1_050, 1_575)
        case .elite: (1_200, 1_800)
        }
    }

    /// The venue's header value (`Poly-RateLimit-Tier`).
    public var headerValue: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// A bucket of `rate` per second holding at most `burst` (the venue's, as the simulator enforces it).
    public static func bucket(_ rate: (perSecond: Int64, burst: Int64)) -> TokenBucket {
        TokenBucket(capacity: rate.burst, windowMilliseconds: max(rate.burst * 1_000 / rate.perSecond, 1))
    }

    /// The share of a tier's burst and rate the client paces itself to. Requests leave paced exactly but
    /// reach the venue with jitter, which bunches them; at the full rate a few batches of a busy start were
    /// refused with 429 (issue 16's scale run). A tenth of headroom absorbs that.
    public static let pacingShare: (numerator: Int64, denominator: Int64) = (9, 10)

    /// The client's own bucket for `rate`: ``pacingShare`` of the burst, refilled over the same window (so
    /// at the same share of the rate).
    public static func pacedBucket(_ rate: (perSecond: Int64, burst: Int64)) -> TokenBucket {
        let capacity = max(rate.burst * pacingShare.numerator / pacingShare.denominator, 1)
        return TokenBucket(capacity: capacity, windowMilliseconds: max(rate.burst * 1_000 / rate.perSecond, 1))
    }
}

extension EndpointClass {
    /// Which per-signer bucket a request of this class draws on, if any.
    public var signerBucket: SignerBucket? {
        switch self {
        case .postOrder, .postOrders: .orders
        case .cancelOrder, .cancelOrders, .cancelAll, .cancelMarket: .cancels
        default: nil
        }
    }
}

public enum SignerBucket: String, Sendable, Hashable { case orders, cancels }
