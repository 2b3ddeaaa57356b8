import Yams

/// The schema: the keys each section accepts and the kind of value each takes, so a misspelt key or a value
/// of the wrong type is reported with its key path, alongside every other problem, instead of stopping the
/// decoder at the first one. It mirrors ``ConfigurationFile`` field for field.
enum KnownKeys {
    /// What a key accepts, checked with the same Yams constructors the decoder uses, so a value this check
    /// lets through decodes.
    struct Kind: Sendable {
        /// The end of the sentence "… has the wrong type: expected …".
        var expected: String
        /// `nil`: any scalar (text and decimals, which the validator parses from their text).
        var accepts: (@Sendable (Node.Scalar) -> Bool)?
        /// For a list: the kind of its elements.
        var element: [Kind] = []
        /// For a mapping (an element of a list of mappings): the keys it accepts.
        var fields: [String: Kind]?

        static let text = Kind(expected: "a scalar value", accepts: nil)
        static let decimal = Kind(expected: "a decimal number", accepts: nil)
        static let bool = Kind(expected: "true or false") { Bool.construct(from: $0) != nil }
        static let wholeNumber = Kind(expected: "a whole number") { Int.construct(from: $0) != nil }
        static let seed = Kind(expected: "a whole number from 0 to 2^64 − 1") { UInt64.construct(from: $0) != nil }
        static let uid = Kind(expected: "a user id (a whole number from 0)") { UInt32.construct(from: $0) != nil }
        static func list(of element: Kind) -> Kind { Kind(expected: "a list", accepts: nil, element: [element]) }
        static func mapping(_ fields: [String: Kind]) -> Kind { Kind(expected: "a mapping of keys", accepts: nil, fields: fields) }
    }

    static let sections: [String: [String: Kind]] = [
        "venue": [
            "kind": .text, "chainId": .wholeNumber, "clobUrl": .text, "wsUrl": .text, "gammaUrl": .text, "signatureType": .wholeNumber,
            "funder": .text, "mode": .text, "scenario": .text, "seed": .seed, "rateLimitTier": .text,
        ],
        "strategy": [
            "kind": .text, "sizeUpToScore": .bool, "inventoryAversion": .decimal, "orderSize": .decimal, "spreadFraction": .decimal, "rebalanceThreshold": .decimal, "debounceMilliseconds": .wholeNumber,
            "negRiskArbitrage": .mapping(["enabled": .bool, "minEdge": .decimal, "maxSize": .decimal, "cooldownSeconds": .wholeNumber, "maxHedgeLoss": .decimal]),
            "meanReversion": .mapping(["halfLifeSeconds": .wholeNumber, "lean": .decimal, "maxLeanTicks": .wholeNumber]),
            "momentum": .mapping([
                "halfLifeSeconds": .wholeNumber, "lean": .decimal, "maxLeanTicks": .wholeNumber,
                "taking": .mapping([
                    "enabled": .bool, "entryTicks": .wholeNumber, "exitTicks": .wholeNumber, "size": .decimal, "maxPosition": .decimal,
                    "slippageTicks": .wholeNumber, "cooldownSeconds": .wholeNumber,
                ]),
            ]),
            "grid": .mapping(["levels": .wholeNumber, "step": .decimal, "sizePerLevel": .decimal, "lowerBound": .decimal, "upperBound": .decimal]),
        ],
        "skew": ["enabled": .bool, "skewFactor": .decimal, "startSkewAt": .decimal],
        "limits": [
            "maxNetExposure": .decimal, "maxGlobalExposure": .decimal, "maxEventExposure": .decimal, "eventExposureMeasure": .text, "taperStartHours": .wholeNumber,
            "stopQuotingHours": .wholeNumber, "maxCapitalPerMarket": .decimal,
        ],
        "baitDefence": ["enabled": .bool, "lookbackSeconds": .wholeNumber, "compressionTicks": .wholeNumber, "depthCap": .decimal],
        "stopLoss": [
            "enabled": .bool, "maxUnrealizedLoss": .decimal, "maxDailyLoss": .decimal, "maxPositionAgeMinutes": .wholeNumber,
            "liquidationMode": .text, "slippageCap": .decimal, "resumeAfterLiquidation": .bool, "cooldownMinutes": .wholeNumber,
        ],
        "volatility": [
            "enabled": .bool, "windowSeconds": .wholeNumber, "pauseThreshold": .decimal, "resumeThreshold": .decimal,
            "calmPeriodSeconds": .wholeNumber, "trendWindowSeconds": .wholeNumber, "trendThreshold": .decimal, "widenFactor": .decimal,
            "maxWiden": .decimal, "relative": .bool, "normalVolatility": .decimal,
        ],
        "storage": ["databasePath": .text],
        "logging": ["level": .text],
        "control": [
            "socketPath": .text, "group": .text, "allowUids": .list(of: .uid), "allowGroups": .list(of: .text), "maxConnections": .wholeNumber,
            "idleTimeoutSeconds": .wholeNumber,
        ],
        "orders": ["expirySeconds": .wholeNumber],
        "http": ["enabled": .bool, "listen": .text],
        "metrics": ["perMarket": .text],
        "alerts": [
            "repeatIntervalSeconds": .wholeNumber, "retryWindowSeconds": .wholeNumber, "notReadySeconds": .wholeNumber, "dailyLossThreshold": .decimal,
            "rewardShortfallRatio": .decimal, "destinations": .list(of: .mapping(alertDestination)),
        ],
    ]
    /// `alerts.destinations` is a list of mappings with these keys.
    static let alertDestination: [String: Kind] = [
        "name": .text, "kind": .text, "credential": .text, "chatId": .text, "apiBase": .text, "ratePerMinute": .wholeNumber,
    ]
    /// `markets` is the one section that is a list: of mappings with these keys.
    static let market: [String: Kind] = [
        "id": .text, "name": .text, "yesTokenId": .text, "noTokenId": .text, "orderSize": .decimal, "spreadFraction": .decimal,
        "maxNetExposure": .decimal, "enabled": .bool, "strategy": .text,
    ]
    /// `markets` may instead be a mapping: `auto` (selection by the daemon) and `list` (markets always made).
    static let marketsAuto: [String: Kind] = [
        "top": .wholeNumber, "capital": .decimal, "refreshMinutes": .decimal, "hysteresis": .decimal, "minDailyReward": .decimal,
        "excludeNegRisk": .bool, "endsAfterHours": .wholeNumber,
    ]
    static let top: Set<String> = Set(sections.keys).union(["markets"])

    /// The known key `unknown` was most likely meant to be: same letters but for case, at most two edits
    /// away, or a prefix of it (`lookback` → `lookbackSeconds`). `nil` when nothing is that close.
    static func suggestion(for unknown: String, among known: some Collection<String>) -> String? {
        let typed = Array(unknown.lowercased())
        let candidates = known.sorted().map { key -> (String, Int) in
            let target = Array(key.lowercased())
            let prefix = typed.count >= 4 && target.starts(with: typed) ? 2 : Int.max
            return (key, min(prefix, editDistance(typed, target)))
        }
        guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Levenshtein distance, one row at a time: keys are short, so this is cheap.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }
}
