public import MMCore

/// The daemon's validated configuration: typed values with the roadmap's defaults applied.
public struct MMConfiguration: Sendable {
    public var venue: VenueConfiguration
    public var strategy: StrategyConfiguration
    public var skew: SkewSettings
    public var limits: LimitsConfiguration
    public var stopLoss: StopLossSettings
    public var volatility: VolatilitySettings
    public var baitDefence: BaitDefenceSettings
    public var markets: [MarketConfiguration]
    /// `markets.auto`: the daemon selects the markets to make (beside `markets`), `nil` when off.
    public var marketsAuto: MarketsAutoConfiguration?
    /// SQLite file; `$STATE_DIRECTORY/mmd.sqlite` under systemd when not set.
    public var databasePath: String?
    public var logLevel: LogLevel
    public var control: ControlConfiguration
    public var orders: OrdersConfiguration
    /// The monitoring endpoint: health, readiness and Prometheus metrics.
    public var http: HTTPConfiguration = HTTPConfiguration()
    /// What `/metrics` exports per market.
    public var metrics: MetricsConfiguration = MetricsConfiguration()
    /// Where alerts go and when (`docs/alerts.md`); no destinations: off.
    public var alerts: AlertsConfiguration = AlertsConfiguration()
}

/// How quotes are sent.
public struct OrdersConfiguration: Sendable, Hashable {
    /// GTD lifetime of a quote, seconds: `nil` (the key absent or 0) sends GTC orders. Otherwise each order
    /// is GTD with `expiration = now + 60 s (the venue's security threshold) + expirySeconds`, so a quote
    /// left behind (a crashed or partitioned daemon) leaves the book on its own after this long.
    public var expirySeconds: Int?

    /// The smallest accepted lifetime: Polymarket's docs require an expiration at least 3 minutes ahead
    /// (stricter than the server's now + 60 s check), which also leaves room for clock skew and latency.
    public static let minimumExpirySeconds = 120
    /// The largest accepted lifetime (30 days): beyond that a quote is GTC in all but name.
    public static let maximumExpirySeconds = 2_592_000
}

/// The control socket mmctl talks to.
public struct ControlConfiguration: Sendable, Hashable {
    /// Default: `$RUNTIME_DIRECTORY/mmd.sock` under systemd, else `mmd.sock` beside the configuration's parent directory.
    public var socketPath: String?
    /// The socket file's group (mode 0660): members may use mmctl.
    public var group: String?
    /// Further users (uids) and groups (names) allowed, checked with SO_PEERCRED.
    public var allowUIDs: [UInt32]
    public var allowGroups: [String]
    /// Connections served at once (over it only `status`, `version` and `halt` answer); default 64.
    public var maxConnections: Int = 64
    /// Seconds a connection may go without a complete request before it is closed; default 60.
    public var idleTimeoutSeconds: Int = 60
}

/// Where orders go.
public struct VenueConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The built-in exchange simulator on loopback (the default: no credentials, no network).
        case simulated
        /// Polymarket's CLOB V2.
        case polymarket
        /// An external `mmsim` at `clobUrl`/`wsUrl` (loopback), traded with the simulator's test key:
        /// for crash tests and for several daemons sharing one simulated venue.
        case mmsim
    }

    /// Whether orders reach the venue (`venue.mode`): `dryRun` builds and signs them and sends nothing, `paper` also fills them locally.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case live
        /// Market data from the venue, the whole engine, every order built and signed; nothing sent, no
        /// authenticated request made (docs/dry-run.md).
        case dryRun = "dry-run"
        /// As dry-run, and the orders are matched locally against the venue's book and trades with a queue
        /// position; the fills go through the ledger and the database, tagged paper (docs/dry-run.md).
        case paper

        /// Whether orders stay on this machine (dry-run and paper): no key is derived, nothing is sent.
        public var isSimulated: Bool { self != .live }
    }

    public var kind: Kind
    public var mode: Mode = .live
    public var chainID: Int
    public var clobURL: String
    public var webSocketURL: String
    public var gammaURL: String
    public var signatureType: Int
    public var funder: String?
    /// Simulator scenario file (simulated venue only).
    public var scenario: String?
    public var seed: UInt64
    /// The signer's trading tier at the venue (its per-signer order and cancel buckets), by which mmd paces
    /// its posts and cancels: standard (the default), copper, bronze, silver, gold, platinum, diamond, elite.
    public var rateLimitTier = "standard"

    /// The venue's tiers, by name.
    public static let rateLimitTiers = ["standard", "copper", "bronze", "silver", "gold", "platinum", "diamond", "elite"]
}

/// Strategy defaults applied to every market unless the market overrides them.
public struct StrategyConfiguration: Sendable, Hashable {
    /// Which quoter chooses prices and sizes (`strategy.kind`).
    public var kind: StrategyKind
    /// Raise a leg to the market's `rewardsMinSize` (and the limit with it) when `limits.maxCapitalPerMarket` covers it.
    public var sizeUpToScore: Bool
    /// ev: scales the inventory cost C(n) = aversion × σ × n² / limit (`docs/strategy.md`).
    public var inventoryAversion: Ratio
    public var orderSize: Quantity
    public var spreadFraction: Ratio
    /// Minimum mid move (micro-pUSD) before requoting.
    public var rebalanceThreshold: Int64
    /// Trailing debounce for bursts of market events.
    public var debounceMilliseconds: Int
    /// Taking a neg-risk event's own arbitrage (`strategy.negRiskArbitrage`, docs/neg-risk.md); off by default.
    public var negRiskArbitrage = NegRiskArbitrageConfiguration()
    /// `strategy.meanReversion`: the reference's half-life and the lean (kind mean-reversion).
    public var meanReversion = LeanConfiguration()
    /// `strategy.momentum`: the same parameters, leaning with the move (kind momentum); a faster reference.
    public var momentum = LeanConfiguration(halfLifeSeconds: 120)
    /// `strategy.grid`: the ladder's levels, step, size and bounds (kind grid).
    public var grid = GridConfiguration()
}

/// `strategy.grid` (docs/strategy.md): a ladder of resting orders on fixed price lines.
public struct GridConfiguration: Sendable, Hashable {
    /// Orders per side.
    public var levels = 3
    /// The distance between lines (pUSD micros); rounded up to the market's tick.
    public var step: Int64 = 10_000
    /// Shares per level; `nil`: the leg size (at least the market's `rewardsMinSize`).
    public var sizePerLevel: Quantity?
    /// No order below this YES price.
    public var lowerBound: Price?
    /// No order above this YES price.
    public var upperBound: Price?

    public init() {}
}

/// `strategy.meanReversion` and `strategy.momentum` (docs/strategy.md): a slow reference of the mid and a
/// lean of the quotes by the mid's deviation from it.
public struct LeanConfiguration: Sendable, Hashable {
    /// How fast the mid's slow reference follows it.
    public var halfLifeSeconds = 300
    /// The share of the mid's deviation from the reference the quotes lean by.
    public var lean = Ratio(micros: 500_000)
    /// At most this many ticks of lean.
    public var maxLeanTicks = 3
    /// `strategy.momentum.taking`: momentum also takes liquidity with a sustained move; `nil`: off (the
    /// default, and always for mean reversion).
    public var taking: MomentumTaking?

    public init(halfLifeSeconds: Int = 300) { self.halfLifeSeconds = halfLifeSeconds }
}

/// `strategy.negRiskArbitrage`: buy whole YES or NO sets of a neg-risk event when its books sell them
/// below their payout.
public struct NegRiskArbitrageConfiguration: Sendable, Hashable {
    public var isEnabled = false
    /// The least profit per set, fees included, worth taking (pUSD).
    public var minEdge = Money(micros: 10_000)
    /// At most this many sets per attempt.
    public var maxSize = Quantity(shares: 50)
    /// After an attempt on an event, wait this long before the next one (fills and books settle).
    public var cooldownSeconds = 10
    /// A partial set is completed or unwound only if the attempt then ends no worse than this loss (pUSD).
    public var maxHedgeLoss = Money(micros: 1_000_000)

    public init() {}
}

/// The quoting strategies a market can run.
public enum StrategyKind: String, Sendable, Hashable, CaseIterable {
    /// One expected-value objective per quote (reward, spread capture, adverse selection, inventory, fees).
    case ev
    /// The reward-band quoter: a fixed fraction of the band from mid, skewed by inventory.
    case band
    /// The band quoter leaning against the mid's deviation from a slow reference (`strategy.meanReversion`).
    case meanReversion = "mean-reversion"
    /// The band quoter leaning with the mid's run away from a slow reference (`strategy.momentum`).
    case momentum
    /// A ladder of resting orders on fixed price lines around the mid (`strategy.grid`).
    case grid
}

public struct LimitsConfiguration: Sendable, Hashable {
    /// Collateral one market may lock to reach a scoring size (both legs resting at `rewardsMinSize`).
    public var maxCapitalPerMarket: Money
    /// Per-market |YES − NO| limit.
    public var maxNetExposure: Quantity
    /// Σ |net| across all markets; `nil` = no global cap.
    public var maxGlobalExposure: Quantity?
    /// The per-event cap of a neg-risk event, measured as `eventExposureMeasure` says: the worst-case loss
    /// over the event's outcomes in pUSD (the default), or Σ |net| in shares; `nil` = no per-event cap.
    public var maxEventExposure: Quantity?
    /// How `maxEventExposure` measures an event (`limits.eventExposureMeasure`, docs/neg-risk.md).
    public var eventExposureMeasure: EventExposureMeasure = .worstCaseLoss
    /// Near resolution: order size shrinks linearly from this many hours before the market's end date…
    public var taperStartHours: Int
    /// …and quoting stops this many hours before it (0 = quote to the end).
    public var stopQuotingHours: Int
}

/// How the per-event cap measures a neg-risk event's exposure.
public enum EventExposureMeasure: String, Sendable, Hashable, CaseIterable {
    /// max over outcomes w of (cost basis − payout if w wins), in pUSD.
    case worstCaseLoss = "worst-case-loss"
    /// Σ |YES − NO| over the event's markets, in shares (the measure before issue 14).
    case netSum = "net-sum"
}

/// One market to make, with its effective (default or overridden) parameters.
public struct MarketConfiguration: Sendable, Hashable {
    public var id: MarketID
    public var name: String?
    public var yesToken: TokenID?
    public var noToken: TokenID?
    public var orderSize: Quantity
    public var spreadFraction: Ratio
    public var maxNetExposure: Quantity
    public var isEnabled: Bool
    /// `markets[].strategy`: this market's own `strategy.kind`; `nil`: the default.
    public var strategy: StrategyKind?
}

/// Log verbosity names accepted in the config and by `mmctl log-level`.
public enum LogLevel: String, Sendable, Hashable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

/// `markets.auto` (`docs/markets.md`): the daemon ranks the venue's rewarded markets (as `mmd markets
/// discover` does) every `refreshMilliseconds` and makes the best `top` within `capital`, keeping one it
/// makes until it ranks clearly worse (by more than `hysteresis`) than the last one selected.
public struct MarketsAutoConfiguration: Sendable, Hashable {
    public var top: Int
    /// pUSD the selected markets may need together (their quotes' capital); `nil` = no budget.
    public var capital: Money?
    public var refreshMilliseconds: Int64
    /// How much worse (a fraction) a market made must rank than the last one selected before it is dropped.
    public var hysteresis: Ratio
    public var minDailyReward: Money?
    public var excludeNegRisk: Bool
    public var endsAfterHours: Int?

    public init(
        top: Int, capital: Money? = nil, refreshMilliseconds: Int64 = 1_800_000, hysteresis: Ratio = Ratio(micros: 250_000), minDailyReward: Money? = nil,
        excludeNegRisk: Bool = false, endsAfterHours: Int? = nil
    ) {
        self.top = top
        self.capital = capital
        self.refreshMilliseconds = refreshMilliseconds
        self.hysteresis = hysteresis
        self.minDailyReward = minDailyReward
        self.excludeNegRisk = excludeNegRisk
        self.endsAfterHours = endsAfterHours
    }
}
