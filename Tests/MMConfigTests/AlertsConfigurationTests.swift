import Foundation
import MMCore
import Testing
@testable import MMConfig

@Suite struct AlertsConfigurationTests {
    static func issues(_ yaml: String) -> [String] {
        do {
            _ = try MMConfiguration.load(yaml: yaml)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func offByDefaultWithTheDocumentedDefaults() throws {
        let alerts = try MMConfiguration.load(yaml: "").alerts
        #expect(!alerts.isEnabled)
        #expect(alerts.repeatIntervalSeconds == 3_600 && alerts.retryWindowSeconds == 600 && alerts.notReadySeconds == 120)
        #expect(alerts.dailyLossThreshold == nil, "the daily loss alert is off unless set")
        #expect(alerts.rewardShortfallRatio == Ratio(micros: 500_000))
    }

    @Test func everyKindOfDestinationLoads() throws {
        let yaml = """
            alerts:
              repeatIntervalSeconds: 60
              dailyLossThreshold: -25.5
              destinations:
                - {name: ops, kind: webhook, credential: alert-webhook}
                - {name: phone, kind: telegram, credential: telegram-token, chatId: "-100123", apiBase: "http://127.0.0.1:9/", ratePerMinute: 5}
                - {name: chat, kind: discord, credential: discord-url}
                - {name: team, kind: slack, credential: slack-url}
            """
        let alerts = try MMConfiguration.load(yaml: yaml).alerts
        #expect(alerts.repeatIntervalSeconds == 60)
        #expect(alerts.dailyLossThreshold == Money(micros: -25_500_000))
        #expect(alerts.destinations.map(\.kind) == [.webhook, .telegram, .discord, .slack])
        #expect(alerts.destinations[1] == AlertDestinationConfiguration(
            name: "phone", kind: .telegram, credential: "telegram-token", chatID: "-100123", apiBase: "http://127.0.0.1:9", ratePerMinute: 5))
        #expect(alerts.destinations[0].ratePerMinute == 20)
    }

    @Test(arguments: [
        ("alerts: {destinations: [{name: a, kind: pager, credential: c}]}", "alerts.destinations[0].kind (pager) must be one of webhook, telegram, discord, slack"),
        ("alerts: {destinations: [{name: a, kind: telegram, credential: c}]}", "alerts.destinations[0].chatId is required for a telegram destination: the chat the bot posts in"),
        ("alerts: {destinations: [{name: a, kind: slack, credential: c, chatId: x}]}", "alerts.destinations[0].chatId applies to telegram destinations only"),
        ("alerts: {destinations: [{name: a, kind: slack, credential: c, ratePerMinute: 0}]}", "alerts.destinations[0].ratePerMinute (0) must be between 1 and 600"),
        ("alerts: {destinations: [{name: a, kind: slack, credential: c}, {name: a, kind: discord, credential: d}]}", "alerts.destinations[1].name (a) repeats alerts.destinations[0].name"),
        ("alerts: {repeatIntervalSeconds: 0}", "alerts.repeatIntervalSeconds (0) must be between 1 and 604800"),
        ("alerts: {dailyLossThreshold: 10}", "alerts.dailyLossThreshold (10) must be negative: it is a loss threshold, e.g. -10"),
        ("alerts: {rewardShortfallRatio: 1.5}", "alerts.rewardShortfallRatio (1.5) must be between 0 and 1"),
    ])
    func invalidSettingsAreReportedWithTheirKeyPath(yaml: String, issue: String) {
        #expect(Self.issues(yaml) == [issue])
    }

    /// The secret goes in a credential file; a URL in the configuration is refused as a credential name.
    @Test func aURLIsNotACredentialName() {
        let found = Self.issues("alerts: {destinations: [{name: a, kind: slack, credential: \"https://hooks.slack.com/services/T/B/X\"}]}")
        #expect(found.count == 1 && found[0].hasPrefix("alerts.destinations[0].credential (https://hooks.slack.com/services/T/B/X) must name a systemd credential"))
    }

    @Test func unknownAndMistypedDestinationKeysAreFoundBesideEachOther() {
        let found = Self.issues("alerts:\n  destinations:\n    - {name: a, kind: slack, credential: c, rate: 3}\n    - {name: b, kind: slack, credential: d, ratePerMinute: many}\n")
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("alerts.destinations[0].rate is not a known key"))
        #expect(found[1] == "alerts.destinations[1].ratePerMinute has the wrong type: expected a whole number")
        #expect(Self.issues("alerts: {destinations: {name: a}}") == ["alerts.destinations has the wrong type: expected a list of mappings"])
    }
}

extension AlertsConfigurationTests {
    /// The commented example in etc/mmd.yaml, uncommented, is a valid configuration.
    @Test func theShippedExampleLoadsWhenUncommented() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/mmd.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("# alerts:") })
        let block = lines[start...].prefix { $0.hasPrefix("#") }.map { line -> String in
            var text = String(line.dropFirst(2))
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("# dailyLossThreshold") { text = text.replacingOccurrences(of: "# dailyLossThreshold", with: "dailyLossThreshold") }
            return text
        }
        let alerts = try MMConfiguration.load(yaml: block.joined(separator: "\n")).alerts
        #expect(alerts.destinations.map(\.name) == ["ops", "phone", "chat", "team"])
        #expect(alerts.dailyLossThreshold == Money(micros: -100_000_000) && alerts.repeatIntervalSeconds == 3_600)
    }
}
