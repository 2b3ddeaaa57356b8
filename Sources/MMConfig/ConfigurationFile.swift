/// The YAML document as written by the operator: every field optional, decimals kept as text.
///
/// Decimals are decoded from their literal text (`0.5`, `"0.5"`), never through `Double`, and turned into
/// fixed-point values by ``MMConfiguration/validate(_:)``, which applies the defaults and reports every
/// problem with its key path.
import MMCore

struct ConfigurationFile: Decodable {
    var venue: Venue?
    var strategy: Strategy?
    var skew: Skew?
    var limits: Limits?
    var stopLoss: StopLoss?
    var volatility: Volatility?
    var baitDefence: BaitDefence?
    var markets: Markets?
    var storage: Storage?
    var logging: Logging?
    var control: Control?
    var orders: Orders?
    var http: HTTP?
    var metrics: Metrics?
    var alerts: Alerts?

    struct Alerts: Decodable {
        var repeatIntervalSeconds: Int?
        var retryWindowSeconds: Int?
        var notReadySeconds: Int?
        var dailyLossThreshold: DecimalText?
        var rewardShortfallRatio: DecimalText?
        var destinations: [Destination]?

        struct Destination: Decodable {
            var name: String?
            var kind: String?
            var credential: String?
            var chatId: String?
            var apiBase: String?
            var ratePerMinute: Int?
        }
    }

    struct HTTP: Decodable {
        var enabled: Bool?
        var listen: String?
    }

    struct Metrics: Decodable {
        var perMarket: String?
    }

    struct Orders: Decodable {
        var expirySeconds: Int?
    }

    struct Control: Decodable {
        var socketPath: String?
        var group: String?
        var allowUids: [UInt32]?
        var allowGroups: [String]?
        var maxConnections: Int?
        var idleTimeoutSeconds: Int?
    }

    struct Venue: Decodable {
        var kind: String?
        var chainId: Int?
        var clobUrl: String?
        var wsUrl: String?
        var gammaUrl: String?
        var signatureType: Int?
        var funder: String?
        var mode: String?
        var scenario: String?
        var seed: UInt64?
        var rateLimitTier: String?
    }

    struct Strategy: Decodable {
        var kind: String?
        var sizeUpToScore: Bool?
        var inventoryAversion: DecimalText?
        var orderSize: DecimalText?
        var spreadFraction: DecimalText?
        var rebalanceThreshold: DecimalText?
        var debounceMilliseconds: Int?
        var negRiskArbitrage: NegRiskArbitrage?
        var meanReversion: Lean?
        var momentum: Lean?
        var grid: Grid?
    }

    struct Grid: Decodable {
        var levels: Int?
        var step: DecimalText?
        var sizePerLevel: DecimalText?
        var lowerBound: DecimalText?
        var upperBound: DecimalText?
    }

    struct Lean: Decodable {
        var halfLifeSeconds: Int?
        var lean: DecimalText?
        var maxLeanTicks: Int?
        var taking: Taking?
    }

    struct Taking: Decodable {
        var enabled: Bool?
        var entryTicks: Int?
        var exitTicks: Int?
        var size: DecimalText?
        var maxPosition: DecimalText?
        var slippageTicks: Int?
        var cooldownSeconds: Int?
    }

    struct NegRiskArbitrage: Decodable {
        var enabled: Bool?
        var minEdge: DecimalText?
        var maxSize: DecimalText?
        var cooldownSeconds: Int?
        var maxHedgeLoss: DecimalText?
    }

    struct Skew: Decodable {
        var enabled: Bool?
        var skewFactor: DecimalText?
        var startSkewAt: DecimalText?
    }

    struct Limits: Decodable {
        var maxNetExposure: DecimalText?
        var maxGlobalExposure: DecimalText?
        var maxEventExposure: DecimalText?
        var eventExposureMeasure: String?
        var taperStartHours: Int?
        var stopQuotingHours: Int?
        var maxCapitalPerMarket: DecimalText?
    }

    struct BaitDefence: Decodable {
        var enabled: Bool?
        var lookbackSeconds: Int?
        var compressionTicks: Int?
        var depthCap: DecimalText?
    }

    struct StopLoss: Decodable {
        var enabled: Bool?
        var maxUnrealizedLoss: DecimalText?
        var maxDailyLoss: DecimalText?
        var maxPositionAgeMinutes: Int?
        var liquidationMode: String?
        var slippageCap: DecimalText?
        var resumeAfterLiquidation: Bool?
        var cooldownMinutes: Int?
    }

    struct Volatility: Decodable {
        var enabled: Bool?
        var windowSeconds: Int?
        var pauseThreshold: DecimalText?
        var resumeThreshold: DecimalText?
        var calmPeriodSeconds: Int?
        var trendWindowSeconds: Int?
        var trendThreshold: DecimalText?
        var widenFactor: DecimalText?
        var maxWiden: DecimalText?
        var relative: Bool?
        var normalVolatility: DecimalText?
    }

    /// `markets:` as a list (the markets made), or `{auto: …, list: […]}` (the daemon selects, plus markets
    /// always made).
    struct Markets: Decodable {
        var list: [Market]?
        var auto: Auto?

        struct Auto: Decodable {
            var top: Int?
            var capital: DecimalText?
            var refreshMinutes: DecimalText?
            var hysteresis: DecimalText?
            var minDailyReward: DecimalText?
            var excludeNegRisk: Bool?
            var endsAfterHours: Int?
        }

        enum CodingKeys: String, CodingKey { case list, auto }

        init(from decoder: any Decoder) throws {
            if let list = try? decoder.singleValueContainer().decode([Market].self) {
                self.list = list
                return
            }
            let keyed = try decoder.container(keyedBy: CodingKeys.self)
            list = try keyed.decodeIfPresent([Market].self, forKey: .list)
            auto = try keyed.decodeIfPresent(Auto.self, forKey: .auto)
        }
    }

    struct Market: Decodable {
        var id: String?
        var name: String?
        var yesTokenId: String?
        var noTokenId: String?
        var orderSize: DecimalText?
        var spreadFraction: DecimalText?
        var maxNetExposure: DecimalText?
        var enabled: Bool?
        var strategy: String?
    }

    struct Storage: Decodable {
        var databasePath: String?
    }

    struct Logging: Decodable {
        var level: String?
    }
}
