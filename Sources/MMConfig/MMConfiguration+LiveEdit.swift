import MMCore
import Yams

/// Live edits (`mmctl config set`): one key of the YAML document changed and the whole document
/// validated again, so a live edit obeys exactly the rules of the file (and gets the same messages).
extension MMConfiguration {
    /// Keys that take effect without a restart: the strategy, the quoting and skew parameters and the
    /// position limit. A market with its own `markets[].strategy` keeps it.
    public static let liveEditableKeys: [String] = [
        "strategy.kind", "strategy.orderSize", "strategy.spreadFraction", "strategy.rebalanceThreshold",
        "skew.enabled", "skew.skewFactor", "skew.startSkewAt", "limits.maxNetExposure",
    ]

    /// This configuration with the live keys (and the log level) taken from `other`: what a running
    /// daemon adopts from an edit or a reload. Everything else waits for a restart.
    public func withLiveSettings(from other: MMConfiguration) -> MMConfiguration {
        var copy = self
        copy.strategy.kind = other.strategy.kind
        copy.strategy.orderSize = other.strategy.orderSize
        copy.strategy.spreadFraction = other.strategy.spreadFraction
        copy.strategy.rebalanceThreshold = other.strategy.rebalanceThreshold
        copy.skew = other.skew
        copy.limits.maxNetExposure = other.limits.maxNetExposure
        copy.logLevel = other.logLevel
        return copy
    }

    /// Returns the document with `key` (`section.name`) set to `value`, and its validated configuration.
    public static func setting(_ key: String, to value: String, in yaml: String, source: String) throws(ConfigurationError) -> (yaml: String, configuration: MMConfiguration) {
        guard liveEditableKeys.contains(key) else {
            throw ConfigurationError(
                source: source,
                issues: [ConfigurationIssue(path: key, "\(key) cannot be changed while running (live keys: \(liveEditableKeys.joined(separator: ", "))); edit \(source) and restart")])
        }
        let parts = key.split(separator: ".").map(String.init)
        var root: Node
        do { root = try Yams.compose(yaml: yaml) ?? Node.mapping(Node.Mapping([])) } catch {
            throw ConfigurationError(source: source, issues: [ConfigurationIssue(path: "", "not valid YAML: \(error)")])
        }
        guard var top = root.mapping else { throw ConfigurationError(source: source, issues: [ConfigurationIssue(path: "", "the document is not a mapping")]) }
        var section = top[Node(parts[0])]?.mapping ?? Node.Mapping([])
        let scalar: Node = value == "true" || value == "false" ? Node(value, Tag(.bool)) : Node(value, Tag(.str), .plain)
        section[Node(parts[1])] = scalar
        top[Node(parts[0])] = Node.mapping(section)
        root = Node.mapping(top)
        let text: String
        do { text = try Yams.serialize(node: root) } catch { throw ConfigurationError(source: source, issues: [ConfigurationIssue(path: key, "cannot write the document: \(error)")]) }
        return (text, try load(yaml: text, source: source))
    }

    /// The effective values, flattened to `section.key` → text (for `mmctl config get`).
    public var flattened: [String: String] {
        var values: [String: String] = [
            "venue.kind": venue.kind.rawValue, "venue.mode": venue.mode.rawValue, "venue.chainId": "\(venue.chainID)", "venue.signatureType": "\(venue.signatureType)",
            "strategy.kind": strategy.kind.rawValue, "strategy.orderSize": strategy.orderSize.description,
            "strategy.spreadFraction": strategy.spreadFraction.description,
            "strategy.rebalanceThreshold": FixedPoint.format(micros: strategy.rebalanceThreshold),
            "strategy.debounceMilliseconds": "\(strategy.debounceMilliseconds)",
            "skew.enabled": "\(skew.isEnabled)", "skew.skewFactor": skew.factor.description, "skew.startSkewAt": skew.startAt.description,
            "limits.maxNetExposure": limits.maxNetExposure.description, "limits.taperStartHours": "\(limits.taperStartHours)",
            "limits.stopQuotingHours": "\(limits.stopQuotingHours)",
            "stopLoss.enabled": "\(stopLoss.isEnabled)", "stopLoss.maxUnrealizedLoss": stopLoss.maxUnrealizedLoss.description,
            "stopLoss.maxDailyLoss": stopLoss.maxDailyLoss.description, "stopLoss.liquidationMode": stopLoss.mode.rawValue,
            "stopLoss.slippageCap": FixedPoint.format(micros: stopLoss.slippageCap), "stopLoss.resumeAfterLiquidation": "\(stopLoss.resumeAfterLiquidation)",
            "stopLoss.cooldownMinutes": "\(stopLoss.cooldownMilliseconds / 60_000)",
            "volatility.enabled": "\(volatility.isEnabled)", "volatility.pauseThreshold": FixedPoint.format(micros: volatility.pauseThreshold),
            "volatility.resumeThreshold": FixedPoint.format(micros: volatility.resumeThreshold),
            "baitDefence.enabled": "\(baitDefence.isEnabled)", "baitDefence.depthCap": baitDefence.depthCap.description,
            "logging.level": logLevel.rawValue,
            "http.enabled": "\(http.isEnabled)", "http.listen": http.listen, "metrics.perMarket": metrics.perMarket.description,
        ]
        if let global = limits.maxGlobalExposure { values["limits.maxGlobalExposure"] = global.description }
        if let event = limits.maxEventExposure { values["limits.maxEventExposure"] = event.description }
        values["limits.eventExposureMeasure"] = limits.eventExposureMeasure.rawValue
        if let path = databasePath { values["storage.databasePath"] = path }
        return values
    }
}
