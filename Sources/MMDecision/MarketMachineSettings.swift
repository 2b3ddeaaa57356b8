import MMCore

/// Everything that tunes one market's machine; all of it comes from the configuration.
public struct MarketMachineSettings: Sendable, Hashable {
    public var quoter: QuoterSettings
    public var rebalanceThreshold: Int64
    public var volatility: VolatilitySettings
    public var stopLoss: StopLossSettings
    public var baitDefence: BaitDefenceSettings
    public var taper: ResolutionTaper
    /// Trailing debounce: a burst of book changes is quoted once, this long after the last one.
    public var debounceMilliseconds: Int64
    /// A leg refused for lack of balance is skipped for this long.
    public var legCooldownMilliseconds: Int64
    /// Both legs refused this many times in a row halts the market.
    public var haltAfterFailures: Int
    /// GTD quotes living this long (`nil`: GTC). The venue's security threshold is added when signing.
    public var orderExpirySeconds: Int64?
    /// Raise the leg size (and the limit with it) to the market's `rewardsMinSize` when `capitalBudget` covers it.
    public var sizeUpToScore: Bool
    /// Collateral this market may lock to rest both legs at a scoring size.
    public var capitalBudget: Money
    /// Taker flow priors for a market not yet observed.
    public var flow: TakerFlowEstimator.Settings
    /// Markout learning (adverse selection) and its prior.
    public var markouts: MarkoutTracker.Settings

    public init(
        quoter: QuoterSettings, rebalanceThreshold: Int64, volatility: VolatilitySettings, stopLoss: StopLossSettings,
        baitDefence: BaitDefenceSettings = BaitDefenceSettings(), taper: ResolutionTaper = ResolutionTaper(), debounceMilliseconds: Int64 = 50,
        legCooldownMilliseconds: Int64 = 30_000, haltAfterFailures: Int = 3, orderExpirySeconds: Int64? = nil,
        sizeUpToScore: Bool = false, capitalBudget: Money = .zero, flow: TakerFlowEstimator.Settings = TakerFlowEstimator.Settings(),
        markouts: MarkoutTracker.Settings = MarkoutTracker.Settings()
    ) {
        self.sizeUpToScore = sizeUpToScore
        self.capitalBudget = capitalBudget
        self.flow = flow
        self.markouts = markouts
        self.quoter = quoter
        self.rebalanceThreshold = rebalanceThreshold
        self.volatility = volatility
        self.stopLoss = stopLoss
        self.baitDefence = baitDefence
        self.taper = taper
        self.debounceMilliseconds = debounceMilliseconds
        self.legCooldownMilliseconds = legCooldownMilliseconds
        self.haltAfterFailures = haltAfterFailures
        self.orderExpirySeconds = orderExpirySeconds
    }

    /// The venue's GTD security threshold: an order signed with expiration `E` is valid until `E − 60 s`,
    /// and `E` must be at least a minute ahead when it is posted.
    public static let expirySecurityThresholdSeconds: Int64 = 60
}
