import Foundation
import MMConfig

/// The HTTP request one notification becomes at one destination. The URL carries the secret (a webhook
/// URL, or the telegram token in its path), so it is never logged; ``AlertSecret/redact(_:)`` scrubs it
/// from error text.
public struct AlertRequest: Sendable {
    public var url: String
    public var body: Data
}

/// What a destination's credential holds: a webhook URL or a bot token. Its description never shows it.
public struct AlertSecret: Sendable, CustomStringConvertible {
    let value: String

    public init(_ value: String) { self.value = value.trimmingCharacters(in: .whitespacesAndNewlines) }

    public var description: String { "‹redacted›" }

    /// `text` with every occurrence of the secret (and of its percent-encoded form) replaced.
    public func redact(_ text: String) -> String {
        guard !value.isEmpty else { return text }
        var result = text.replacingOccurrences(of: value, with: "‹redacted›")
        if let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != value {
            result = result.replacingOccurrences(of: encoded, with: "‹redacted›")
        }
        return result
    }
}

enum AlertPayload {
    /// The request for `notification` at `destination`, whose credential holds `secret`.
    static func request(_ notification: AlertNotification, to destination: AlertDestinationConfiguration, secret: AlertSecret) -> AlertRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: Data
        let url: String
        switch destination.kind {
        case .webhook:
            url = secret.value
            body = (try? encoder.encode(AlertmanagerMessage(notification, receiver: destination.name))) ?? Data()
        case .telegram:
            url = "\(destination.apiBase)/bot\(secret.value)/sendMessage"
            body = (try? encoder.encode(["chat_id": destination.chatID ?? "", "text": text(notification)])) ?? Data()
        case .discord:
            url = secret.value
            body = (try? encoder.encode(["content": text(notification)])) ?? Data()
        case .slack:
            url = secret.value
            body = (try? encoder.encode(["text": text(notification)])) ?? Data()
        }
        return AlertRequest(url: url, body: body)
    }

    /// The chat line: `[FIRING critical] MMDStopLoss 0xabc…: summary — description`.
    static func text(_ notification: AlertNotification) -> String {
        let incident = notification.incident
        let state = notification.status == .firing ? "FIRING" : "RESOLVED"
        var line = "[\(state) \(incident.event.severity.rawValue)] \(incident.event.alertName)"
        if let market = incident.market { line += " \(market)" }
        line += ": \(incident.summary)"
        if !incident.description.isEmpty { line += " — \(incident.description)" }
        return line
    }
}

/// Alertmanager's webhook body (version 4), with the one alert of the notification.
struct AlertmanagerMessage: Encodable {
    struct Alert: Encodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL = ""
        var fingerprint: String
    }

    var version = "4"
    var groupKey: String
    var truncatedAlerts = 0
    var status: String
    var receiver: String
    var groupLabels: [String: String]
    var commonLabels: [String: String]
    var commonAnnotations: [String: String]
    var externalURL = ""
    var alerts: [Alert]

    init(_ notification: AlertNotification, receiver: String) {
        let incident = notification.incident
        var labels = ["alertname": incident.event.alertName, "severity": incident.event.severity.rawValue, "service": "mmd"]
        if let market = incident.market { labels["market"] = market }
        let annotations = ["summary": incident.summary, "description": incident.description]
        let fingerprint = String(UInt64(bitPattern: Int64(truncatingIfNeeded: "\(incident.event.rawValue)|\(incident.market ?? "")".utf8.reduce(Int64(5381)) { ($0 &* 33) &+ Int64($1) })), radix: 16)
        status = notification.status.rawValue
        self.receiver = receiver
        groupKey = "{}:{alertname=\"\(incident.event.alertName)\"}"
        groupLabels = ["alertname": incident.event.alertName]
        commonLabels = labels
        commonAnnotations = annotations
        alerts = [
            Alert(
                status: status, labels: labels, annotations: annotations, startsAt: RetryAfter.rfc3339(milliseconds: notification.startsAtMilliseconds),
                endsAt: notification.endsAtMilliseconds.map { RetryAfter.rfc3339(milliseconds: $0) } ?? "0001-01-01T00:00:00Z", fingerprint: fingerprint)
        ]
    }
}
