public import MMCore

/// Where and when mmd sends alerts (`alerts:`). Off (no destinations) by default.
///
/// The configuration names a systemd credential for each destination and never holds a secret itself:
/// the webhook URL (webhook, discord, slack) or the bot token (telegram) is read from
/// `$CREDENTIALS_DIRECTORY/<credential>` when mmd starts, and is never logged.
public struct AlertsConfiguration: Sendable, Hashable {
    public var destinations: [AlertDestinationConfiguration] = []
    /// A firing alert is sent again after this long, and a repeat of a one-off event within it is dropped.
    public var repeatIntervalSeconds = 3_600
    /// A notification a destination did not take is retried (with back-off) for this long, then dropped.
    public var retryWindowSeconds = 600
    /// The daemon must be not ready (`/readyz` failing) this long before it is an alert.
    public var notReadySeconds = 120
    /// Today's P&L across every market below this (negative) amount is an alert; `nil`: off.
    public var dailyLossThreshold: Money?
    /// Rewards paid below this fraction of the model's expectation for a day is an alert (default 0.5).
    public var rewardShortfallRatio = Ratio(micros: 500_000)

    public init(destinations: [AlertDestinationConfiguration] = []) { self.destinations = destinations }

    public var isEnabled: Bool { !destinations.isEmpty }
}

/// One place alerts go.
public struct AlertDestinationConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// POST of Alertmanager's webhook JSON to the URL held by the credential.
        case webhook
        /// POST `{apiBase}/bot{token}/sendMessage` with `chat_id`; the credential holds the bot token.
        case telegram
        /// POST `{"content": …}` to the Discord webhook URL held by the credential.
        case discord
        /// POST `{"text": …}` to the Slack incoming-webhook URL held by the credential.
        case slack
    }

    /// Shown in logs, `mmctl alerts test` and the webhook's `receiver`.
    public var name: String
    public var kind: Kind
    /// The systemd credential (`LoadCredential=NAME:…`) holding the URL or token.
    public var credential: String
    /// Telegram only: the chat to post in.
    public var chatID: String?
    /// Telegram only: the Bot API's base URL (default `https://api.telegram.org`; tests point it at loopback).
    public var apiBase = "https://api.telegram.org"
    /// Requests per minute this destination is sent at most (token bucket; default 20).
    public var ratePerMinute = 20

    public init(name: String, kind: Kind, credential: String, chatID: String? = nil, apiBase: String = "https://api.telegram.org", ratePerMinute: Int = 20) {
        self.name = name
        self.kind = kind
        self.credential = credential
        self.chatID = chatID
        self.apiBase = apiBase
        self.ratePerMinute = ratePerMinute
    }
}

extension ConfigurationValidator {
    mutating func validateAlerts(_ alerts: ConfigurationFile.Alerts?) -> AlertsConfiguration {
        var result = AlertsConfiguration()
        guard let alerts else { return result }
        result.repeatIntervalSeconds = integer(alerts.repeatIntervalSeconds, "alerts.repeatIntervalSeconds", default: 3_600, range: 1...604_800)
        result.retryWindowSeconds = integer(alerts.retryWindowSeconds, "alerts.retryWindowSeconds", default: 600, range: 1...86_400)
        result.notReadySeconds = integer(alerts.notReadySeconds, "alerts.notReadySeconds", default: 120, range: 1...86_400)
        if alerts.dailyLossThreshold != nil {
            result.dailyLossThreshold = money(alerts.dailyLossThreshold, "alerts.dailyLossThreshold", default: 0, negative: true)
        }
        result.rewardShortfallRatio = ratio(alerts.rewardShortfallRatio, "alerts.rewardShortfallRatio", default: 500_000, range: 0...1_000_000)
        var names: [String: Int] = [:]
        for (index, entry) in (alerts.destinations ?? []).enumerated() {
            let path = "alerts.destinations[\(index)]"
            let name = entry.name ?? ""
            if name.isEmpty || !name.allSatisfy(Self.isCredentialCharacter) {
                add("\(path).name", "\(path).name (\(name)) is required: letters, digits, '-', '_' or '.', shown in logs and mmctl alerts test")
            } else if let first = names[name] {
                add("\(path).name", "\(path).name (\(name)) repeats alerts.destinations[\(first)].name")
            }
            names[name] = names[name] ?? index
            var kind = AlertDestinationConfiguration.Kind.webhook
            if let text = entry.kind, let parsed = AlertDestinationConfiguration.Kind(rawValue: text) { kind = parsed } else {
                let kinds = AlertDestinationConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                add("\(path).kind", "\(path).kind (\(entry.kind ?? "unset")) must be one of \(kinds)")
            }
            let credential = entry.credential ?? ""
            if credential.isEmpty || !credential.allSatisfy(Self.isCredentialCharacter) {
                add(
                    "\(path).credential",
                    "\(path).credential (\(credential)) must name a systemd credential (letters, digits, '-', '_', '.') holding the \(kind == .telegram ? "bot token" : "webhook URL"), e.g. alert-\(kind.rawValue); the secret itself never goes in this file")
            }
            if kind == .telegram, (entry.chatId ?? "").isEmpty {
                add("\(path).chatId", "\(path).chatId is required for a telegram destination: the chat the bot posts in")
            }
            if kind != .telegram, entry.chatId != nil || entry.apiBase != nil {
                add("\(path).\(entry.chatId != nil ? "chatId" : "apiBase")", "\(path).\(entry.chatId != nil ? "chatId" : "apiBase") applies to telegram destinations only")
            }
            let apiBase = entry.apiBase ?? "https://api.telegram.org"
            if !(apiBase.hasPrefix("https://") || apiBase.hasPrefix("http://")) {
                add("\(path).apiBase", "\(path).apiBase (\(apiBase)) must be an http:// or https:// URL")
            }
            let rate = integer(entry.ratePerMinute, "\(path).ratePerMinute", default: 20, range: 1...600)
            result.destinations.append(
                AlertDestinationConfiguration(
                    name: name, kind: kind, credential: credential, chatID: entry.chatId, apiBase: apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase,
                    ratePerMinute: rate))
        }
        return result
    }

    /// What systemd accepts in a credential name, kept to the portable subset.
    static func isCredentialCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
    }
}
