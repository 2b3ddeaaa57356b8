import Yams

/// The keys each section accepts, so a misspelt key is reported instead of silently ignored.
enum KnownKeys {
    static let top: Set<String> = ["venue", "strategy", "skew", "limits", "stopLoss", "volatility", "baitDefence", "markets", "storage", "logging", "control", "orders"]
    static let sections: [String: Set<String>] = [
        "venue": ["kind", "chainId", "clobUrl", "wsUrl", "gammaUrl", "signatureType", "funder", "scenario", "seed"],
        "strategy": ["orderSize", "spreadFraction", "rebalanceThreshold", "debounceMilliseconds"],
        "skew": ["enabled", "skewFactor", "startSkewAt"],
        "limits": ["maxNetExposure", "maxGlobalExposure", "maxEventExposure", "taperStartHours", "stopQuotingHours"],
        "baitDefence": ["enabled", "lookbackSeconds", "compressionTicks", "depthCap"],
        "stopLoss": [
            "enabled", "maxUnrealizedLoss", "maxDailyLoss", "maxPositionAgeMinutes", "liquidationMode", "slippageCap",
            "resumeAfterLiquidation", "cooldownMinutes",
        ],
        "volatility": [
            "enabled", "windowSeconds", "pauseThreshold", "resumeThreshold", "calmPeriodSeconds", "trendWindowSeconds",
            "trendThreshold", "widenFactor", "maxWiden",
        ],
        "storage": ["databasePath"],
        "logging": ["level"],
        "control": ["socketPath", "group", "allowUids", "allowGroups", "maxConnections", "idleTimeoutSeconds"],
        "orders": ["expirySeconds"],
    ]
    static let market: Set<String> = ["id", "name", "yesTokenId", "noTokenId", "orderSize", "spreadFraction", "maxNetExposure", "enabled"]

    /// Issues for every key the schema does not know.
    static func unknownKeys(in node: Node) -> [ConfigurationIssue] {
        guard let mapping = node.mapping else { return [] }
        var issues: [ConfigurationIssue] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            guard top.contains(key) else {
                issues.append(ConfigurationIssue(path: key, "\(key) is not a configuration section (known: \(top.sorted().joined(separator: ", ")))"))
                continue
            }
            if key == "markets", let markets = value.sequence {
                for (index, entry) in markets.enumerated() {
                    issues += unknown(in: entry, known: Self.market, path: "markets[\(index)]")
                }
            } else if let known = sections[key] {
                issues += unknown(in: value, known: known, path: key)
            }
        }
        return issues
    }

    private static func unknown(in node: Node, known: Set<String>, path: String) -> [ConfigurationIssue] {
        guard let mapping = node.mapping else { return [] }
        return mapping.compactMap { keyNode, _ in
            guard let key = keyNode.string, !known.contains(key) else { return nil }
            return ConfigurationIssue(path: "\(path).\(key)", "\(path).\(key) is not a known key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
