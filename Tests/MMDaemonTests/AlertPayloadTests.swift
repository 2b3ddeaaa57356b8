import Foundation
import MMConfig
import Testing
@testable import MMDaemon

@Suite struct AlertPayloadTests {
    static let notification = AlertNotification(
        id: 1, incident: AlertIncident(.stopLoss, market: "0xabc", summary: "stop-loss triggered", description: "unrealized -12 below -10"), status: .firing,
        startsAtMilliseconds: 1_768_564_800_123, endsAtMilliseconds: nil)

    static func json(_ request: AlertRequest) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    @Test func webhookIsAlertmanagerShaped() throws {
        let destination = AlertDestinationConfiguration(name: "ops", kind: .webhook, credential: "hook")
        let request = AlertPayload.request(Self.notification, to: destination, secret: AlertSecret("http://127.0.0.1:1/hook/s3cret\n"))
        #expect(request.url == "http://127.0.0.1:1/hook/s3cret", "the credential file's trailing newline is not part of the URL")
        let body = try Self.json(request)
        #expect(body["version"] as? String == "4" && body["status"] as? String == "firing" && body["receiver"] as? String == "ops")
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(alerts.count == 1)
        #expect(alerts[0]["labels"] as? [String: String] == ["alertname": "MMDStopLoss", "market": "0xabc", "severity": "critical", "service": "mmd"])
        #expect(alerts[0]["annotations"] as? [String: String] == ["summary": "stop-loss triggered", "description": "unrealized -12 below -10"])
        #expect(alerts[0]["startsAt"] as? String == "2026-01-16T12:00:00.123Z")
        #expect(alerts[0]["endsAt"] as? String == "0001-01-01T00:00:00Z")
        var resolved = Self.notification
        resolved.status = .resolved
        resolved.endsAtMilliseconds = 1_768_564_860_000
        let later = try Self.json(AlertPayload.request(resolved, to: destination, secret: AlertSecret("http://x")))
        #expect((later["alerts"] as? [[String: Any]])?.first?["endsAt"] as? String == "2026-01-16T12:01:00.000Z")
        #expect(later["status"] as? String == "resolved")
    }

    @Test func chatDestinations() throws {
        let telegram = AlertPayload.request(
            Self.notification, to: AlertDestinationConfiguration(name: "t", kind: .telegram, credential: "c", chatID: "-100", apiBase: "http://127.0.0.1:9"),
            secret: AlertSecret("123:ABC"))
        #expect(telegram.url == "http://127.0.0.1:9/bot123:ABC/sendMessage")
        let line = "[FIRING critical] MMDStopLoss 0xabc: stop-loss triggered — unrealized -12 below -10"
        let telegramBody = try Self.json(telegram) as? [String: String]
        #expect(telegramBody == ["chat_id": "-100", "text": line])
        let discord = AlertPayload.request(Self.notification, to: AlertDestinationConfiguration(name: "d", kind: .discord, credential: "c"), secret: AlertSecret("http://d/x"))
        let discordBody = try Self.json(discord) as? [String: String]
        #expect(discord.url == "http://d/x" && discordBody == ["content": line])
        let slack = AlertPayload.request(Self.notification, to: AlertDestinationConfiguration(name: "s", kind: .slack, credential: "c"), secret: AlertSecret("http://s/x"))
        let slackBody = try Self.json(slack) as? [String: String]
        #expect(slackBody == ["text": line])
    }

    @Test func secretsAreRedactedPlainAndPercentEncoded() {
        let secret = AlertSecret("123:ABC/def")
        #expect("\(secret)" == "‹redacted›")
        #expect(secret.redact("GET http://h/bot123:ABC/def/sendMessage failed") == "GET http://h/bot‹redacted›/sendMessage failed")
        #expect(secret.redact("path /bot123%3AABC%2Fdef/x") == "path /bot‹redacted›/x")
    }

    @Test func retryAfterInSecondsOrAnHTTPDate() {
        let now: Int64 = 1_445_412_480_000  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryAfter.milliseconds("120", now: now) == 120_000)
        #expect(RetryAfter.milliseconds(" 0 ", now: now) == 0)
        #expect(RetryAfter.milliseconds("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30_000)
        #expect(RetryAfter.milliseconds("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == 0, "a date in the past: now")
        #expect(RetryAfter.milliseconds("Sun, 29 Feb 2032 00:00:00 GMT", now: 0) == 1_961_625_600_000)
        for bad in [nil, "", "soon", "-1", "Wed, 21 Oct 2015 25:00:00 GMT", "21 Oct 2015 07:28:00 GMT", "99999999999"] {
            #expect(RetryAfter.milliseconds(bad, now: now) == nil)
        }
        #expect(AlertService.bodyRetryAfter(#"{"ok":false,"error_code":429,"parameters":{"retry_after":3}}"#) == 3_000)
        #expect(AlertService.bodyRetryAfter(#"{"retry_after": 0.5, "global": false}"#) == 1_000)
        #expect(AlertService.bodyRetryAfter("{}") == nil)
    }

    @Test func rfc3339AcrossEpochsAndLeapDays() {
        #expect(RetryAfter.rfc3339(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RetryAfter.rfc3339(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(RetryAfter.rfc3339(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }
}
