import MMCore

/// A market as the engine trades it.
public struct EngineMarket: Sendable {
    public var id: String
    public var yesToken: String
    public var noToken: String
    public var tick: TickSize
    public var negRisk: Bool
    public var rewards: RewardParameters
    public var venueMinimumSize: Quantity
    /// The neg-risk event the market belongs to (Gamma's `negRiskMarketID`), for the per-event cap.
    public var event: String?
    /// When the market is expected to resolve (Gamma's `endDate`), for the near-resolution taper.
    public var endMilliseconds: Int64?

    public init(
        id: String, yesToken: String, noToken: String, tick: TickSize, negRisk: Bool, rewards: RewardParameters, venueMinimumSize: Quantity,
        event: String? = nil, endMilliseconds: Int64? = nil
    ) {
        self.event = event
        self.endMilliseconds = endMilliseconds
        self.id = id
        self.yesToken = yesToken
        self.noToken = noToken
        self.tick = tick
        self.negRisk = negRisk
        self.rewards = rewards
        self.venueMinimumSize = venueMinimumSize
    }

    public func token(_ outcome: Outcome) -> String { outcome == .yes ? yesToken : noToken }
    public func outcome(of token: String) -> Outcome? { token == yesToken ? .yes : (token == noToken ? .no : nil) }
}
