import MMCore

/// A market the simulator lists.
public struct SimMarketSpec: Sendable, Hashable {
    public var conditionID: String
    public var question: String
    /// Token ids: YES is the first outcome.
    public var yesToken: String
    public var noToken: String
    public var tick: TickSize
    public var minOrderSize: Quantity
    public var negRisk: Bool
    public var rewards: RewardParameters?
    /// Orders must rest this long before they score (`moas`).
    public var minOrderAgeSeconds: Int64
    /// Taker fee rate (`fd.r`): fee = shares × rate × p × (1 − p), paid by takers only; 0 = fee-free.
    public var takerFeeRate: Ratio = .zero
    /// The neg-risk event this market is one outcome of (Gamma's `negRiskMarketID`): exactly one outcome
    /// of an event resolves YES, so the outcomes' YES prices sum to about 1.
    public var event: String? = nil
    /// A placeholder outcome of an augmented neg-risk event (Gamma's `negRiskOther`): listed and
    /// tradable, but never to be quoted.
    public var isPlaceholder = false

    public init(
        conditionID: String, question: String, yesToken: String, noToken: String, tick: TickSize = .hundredth, minOrderSize: Quantity = Quantity(shares: 5),
        negRisk: Bool = false, rewards: RewardParameters? = nil, minOrderAgeSeconds: Int64 = 0
    ) {
        self.conditionID = conditionID
        self.question = question
        self.yesToken = yesToken
        self.noToken = noToken
        self.tick = tick
        self.minOrderSize = minOrderSize
        self.negRisk = negRisk
        self.rewards = rewards
        self.minOrderAgeSeconds = minOrderAgeSeconds
    }

    public func outcome(of token: String) -> Outcome? {
        token == yesToken ? .yes : (token == noToken ? .no : nil)
    }

    public func token(_ outcome: Outcome) -> String { outcome == .yes ? yesToken : noToken }
}

/// An order resting in (or passing through) the simulated book.
public struct SimOrder: Sendable, Hashable {
    public var id: String
    /// The API key that posted it.
    public var owner: String
    /// The funder whose balances it uses (checksummed).
    public var maker: String
    public var market: String
    public var outcome: Outcome
    public var side: Side
    /// Limit price in the order's own token space.
    public var price: Price
    public var originalSize: Quantity
    public var matched: Quantity
    public var orderType: String
    public var createdAtMilliseconds: Int64
    /// When a GTD order stops matching (its expiration minus the one-minute security threshold).
    public var expiresAtMilliseconds: Int64?
    /// Unsigned `expiration` as sent, Unix seconds.
    public var expiration: UInt64
    var sequence: UInt64
    /// A market BUY (FOK or FAK) spends this much pUSD, its signed maker amount, at the makers' prices:
    /// a fill below its limit buys more shares than its taker amount says, as on the venue.
    public var budget: Money? = nil

    public var remaining: Quantity { originalSize - matched }
    /// The side in the YES view of the mirrored book: BUY NO rests as a YES ask.
    public var yesSide: Side { outcome == .yes ? side : side.opposite }
    public var yesPrice: Price { outcome == .yes ? price : price.complement }
}
