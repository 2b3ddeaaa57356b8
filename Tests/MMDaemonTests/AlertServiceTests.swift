import Foundation
import Logging
import MMConfig
import Testing
@testable import MMDaemon

/// The alert service against a real HTTP receiver on loopback. Waiting is for arrivals (with a deadline),
/// never a fixed sleep standing in for one; the only timings asserted are lower bounds a back-off guarantees.
@Suite(.serialized) struct AlertServiceTests {
    static let token = "TOKEN-7f3a9c41e2"

    /// Credential files in a fresh directory, read back through the service's own loader.
    static func service(
        _ destinations: [(AlertDestinationConfiguration, String)], repeatSeconds: Int = 3_600, logger: Logger, monitor: DaemonMonitor? = nil,
        requestTimeout: Duration = .seconds(5)
    ) throws -> AlertService {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (destination, secret) in destinations {
            try Data((secret + "\n").utf8).write(to: directory.appendingPathComponent(destination.credential))
        }
        var configuration = AlertsConfiguration(destinations: destinations.map(\.0))
        configuration.repeatIntervalSeconds = repeatSeconds
        let secrets = try AlertService.loadSecrets(for: configuration, environment: ["CREDENTIALS_DIRECTORY": directory.path])
        return AlertService(configuration: configuration, secrets: secrets, logger: logger, tickInterval: .milliseconds(50), requestTimeout: requestTimeout, metrics: monitor?.factory)
    }

    static func webhook(_ port: Int, name: String = "ops") -> (AlertDestinationConfiguration, String) {
        (AlertDestinationConfiguration(name: name, kind: .webhook, credential: "alert-\(name)"), "http://127.0.0.1:\(port)/hook/\(token)")
    }

    static func running(_ service: AlertService, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            try await body()
            group.cancelAll()
        }
    }

    static func alert(_ received: AlertReceiver.Received) throws -> (status: String, name: String, market: String?, startsAt: String) {
        let json = try #require(JSONSerialization.jsonObject(with: Data(received.body.utf8)) as? [String: Any])
        let alert = try #require((json["alerts"] as? [[String: Any]])?.first)
        let labels = try #require(alert["labels"] as? [String: String])
        return (try #require(json["status"] as? String), try #require(labels["alertname"]), labels["market"], try #require(alert["startsAt"] as? String))
    }

    @Test func exactlyOneAlertPerIncident() async throws {
        let receiver = AlertReceiver()
        await receiver.start()
        let logs = LogLines()
        let monitor = DaemonMonitor()
        let service = try Self.service([Self.webhook(receiver.port)], logger: logs.logger(), monitor: monitor)
        try await Self.running(service) {
            for _ in 0..<5 {
                service.sink.report(AlertIncident(.stopLoss, market: "0xa", summary: "stop-loss triggered"))
                service.sink.report(AlertIncident(.heartbeatFailing, summary: "heartbeat failing"))
            }
            // Sent one at a time and in order: once this one arrives, everything before it was decided.
            service.sink.report(AlertIncident(.liquidationFinished, market: "0xa", summary: "flat"))
            let requests = await receiver.waitFor(3)
            let names = try requests.map { try Self.alert($0).name }
            #expect(names == ["MMDStopLoss", "MMDHeartbeatFailing", "MMDLiquidationFinished"])
            #expect(requests.allSatisfy { $0.path == "/hook/\(Self.token)" })
            #expect(service.status.suppressed == 8)
            let deadline = ContinuousClock.now + .seconds(5)
            while service.status.counters.first?.delivered != 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let metrics = String(decoding: await monitor.renderMetrics(), as: UTF8.self)
            #expect(metrics.contains("mmd_alerts_suppressed_total 8"))
            #expect(metrics.contains(#"mmd_alerts_delivered_total{destination="ops"} 3"#))
            #expect(metrics.contains(#"mmd_alerts_notified_total{alertname="MMDStopLoss",status="firing"} 1"#))
        }
        // One journal line per alert decided, naming it (never the destination's secret).
        #expect(logs.all.filter { $0.hasPrefix("notice alert alert=") }.count == 3)
        await receiver.stop()
    }

    @Test func aConditionRepeatsAfterTheIntervalThenResolves() async throws {
        let receiver = AlertReceiver()
        await receiver.start()
        let service = try Self.service([Self.webhook(receiver.port)], repeatSeconds: 1, logger: LogLines().logger())
        try await Self.running(service) {
            service.sink.report(AlertIncident(.heartbeatFailing, summary: "heartbeat failing"))
            let two = await receiver.waitFor(2)
            try #require(two.count == 2)
            // Seen at the receiver, not at the policy's decision: the first request also set up the connection
            // and may wait for a core on a loaded machine (117 ms was seen beside two fuzzers), so the gap
            // may look shorter than the interval. A repeat without the interval would come within milliseconds.
            #expect(two[1].at - two[0].at >= .milliseconds(500), "not before the repeat interval")
            let (first, second) = (try Self.alert(two[0]), try Self.alert(two[1]))
            #expect(first.status == "firing" && second.status == "firing" && first.startsAt == second.startsAt)
            service.sink.resolve(.heartbeatFailing)
            let all = await receiver.waitFor(3)
            let last = try all.last.map { try Self.alert($0).status }
            #expect(last == "resolved")
        }
        await receiver.stop()
    }

    @Test func aTooManyRequestsAnswerIsRetriedAfterItsRetryAfter() async throws {
        let receiver = AlertReceiver(script: [0: .init(status: 429, headers: ["Retry-After": "2"])])
        await receiver.start()
        let logs = LogLines()
        let service = try Self.service([Self.webhook(receiver.port)], logger: logs.logger())
        try await Self.running(service) {
            service.sink.report(AlertIncident(.marketHalted, market: "0xb", summary: "halted"))
            let requests = await receiver.waitFor(2)
            try #require(requests.count == 2)
            // The policy's own first back-off is 1 s: 2 s can only come from the header.
            #expect(requests[1].at - requests[0].at >= .milliseconds(1_900))
            #expect(requests[0].body == requests[1].body)
            #expect(logs.all.contains { $0.contains("alert send failed; retrying") && $0.contains("retry_after_ms=2000") })
        }
        await receiver.stop()
    }

    @Test func nothingIsLostWhenTheReceiverRestartsWithinTheRetryWindow() async throws {
        let receiver = AlertReceiver()
        await receiver.start()
        let port = receiver.port
        await receiver.stop()
        let logs = LogLines()
        // A short timeout, so each attempt at the dead port ends quickly (a refused connection is retried
        // by the HTTP client until the request's deadline).
        let service = try Self.service([Self.webhook(port)], logger: logs.logger(), requestTimeout: .seconds(1))
        try await Self.running(service) {
            for market in ["m0", "m1", "m2"] { service.sink.report(AlertIncident(.stopLoss, market: market, summary: "stop")) }
            // Down until the first two attempts failed (each waits out the 1 s request timeout, then backs off).
            // Generous: on a loaded machine (the whole suite in parallel) an attempt can take several seconds.
            let deadline = ContinuousClock.now + .seconds(60)
            while service.status.counters.first?.failedAttempts ?? 0 < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(service.status.counters.first?.failedAttempts ?? 0 >= 2)
            #expect(receiver.requests.isEmpty)
            await receiver.start(port: port)
            let requests = await receiver.waitFor(3)
            let markets = try requests.map { try Self.alert($0).market }
            #expect(markets == ["m0", "m1", "m2"])
            let deliveredDeadline = ContinuousClock.now + .seconds(5)
            while service.status.counters.first?.delivered != 3, ContinuousClock.now < deliveredDeadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(service.status.counters.first?.delivered == 3 && service.status.counters.first?.dropped == 0)
        }
        await receiver.stop()
        #expect(!logs.all.joined().contains(Self.token), "the URL's secret part is never logged")
    }

    @Test func aTestAlertReachesEveryKindOfDestination() async throws {
        let receiver = AlertReceiver()
        await receiver.start()
        let base = "http://127.0.0.1:\(receiver.port)"
        let service = try Self.service(
            [
                Self.webhook(receiver.port),
                (AlertDestinationConfiguration(name: "phone", kind: .telegram, credential: "tg", chatID: "-42", apiBase: base), "123:\(Self.token)"),
                (AlertDestinationConfiguration(name: "chat", kind: .discord, credential: "dc"), "\(base)/discord/\(Self.token)"),
                (AlertDestinationConfiguration(name: "team", kind: .slack, credential: "sl"), "\(base)/slack/\(Self.token)"),
            ], logger: LogLines().logger())
        let results = await service.sendTest()
        #expect(results.map(\.destination) == ["ops", "phone", "chat", "team"] && results.allSatisfy(\.isSent))
        let byPath = Dictionary(uniqueKeysWithValues: receiver.requests.map { ($0.path, $0.body) })
        #expect(byPath["/bot123:\(Self.token)/sendMessage"]?.contains(#""chat_id":"-42""#) == true)
        #expect(byPath["/discord/\(Self.token)"]?.hasPrefix(#"{"content":"[FIRING info] MMDTest"#) == true)
        #expect(byPath["/slack/\(Self.token)"]?.hasPrefix(#"{"text":"[FIRING info] MMDTest"#) == true)
        #expect(byPath["/hook/\(Self.token)"]?.contains(#""alertname":"MMDTest""#) == true)
        await receiver.stop()
    }

    /// A refusal that echoes the token and a connection refused on a URL holding it: neither reaches a log line.
    @Test func secretsNeverAppearInLogs() async throws {
        let receiver = AlertReceiver(script: [0: .init(status: 401, body: #"{"ok":false,"description":"Unauthorized: bot 123:\#(Self.token) unknown"}"#)])
        await receiver.start()
        let closed = AlertReceiver()
        await closed.start()
        let closedPort = closed.port
        await closed.stop()
        let logs = LogLines()
        let service = try Self.service(
            [
                (AlertDestinationConfiguration(name: "phone", kind: .telegram, credential: "tg", chatID: "-42", apiBase: "http://127.0.0.1:\(receiver.port)"), "123:\(Self.token)"),
                (AlertDestinationConfiguration(name: "chat", kind: .discord, credential: "dc"), "http://127.0.0.1:\(closedPort)/api/webhooks/1/\(Self.token)"),
            ], logger: logs.logger())
        let results = await service.sendTest()
        #expect(results.map(\.isSent) == [false, false])
        #expect(results[0].detail.hasPrefix("HTTP 401") && results[0].detail.contains("‹redacted›"))
        try await Self.running(service) {
            service.sink.report(AlertIncident(.stopLoss, market: "0xc", summary: "stop"))
            let deadline = ContinuousClock.now + .seconds(10)
            while Self.failures(logs) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }
        await receiver.stop()
        let text = logs.all.joined(separator: "\n")
        #expect(text.contains("alert test") && text.contains("destination=phone"))
        #expect(text.contains("‹redacted›"), "the refusal quoted the token: it was there to leak, and was scrubbed")
        #expect(!text.contains(Self.token) && !results.contains { $0.detail.contains(Self.token) })
    }

    static func failures(_ logs: LogLines) -> Int { logs.all.count { $0.contains("retrying") || $0.contains("refused") } }

    @Test func aMissingCredentialIsNamedNeverRead() {
        let configuration = AlertsConfiguration(destinations: [AlertDestinationConfiguration(name: "ops", kind: .slack, credential: "alert-slack")])
        do {
            _ = try AlertService.loadSecrets(for: configuration, environment: ["CREDENTIALS_DIRECTORY": "/nonexistent"])
            Issue.record("a missing credential must be an error")
        } catch {
            #expect(error.description.contains("LoadCredential=alert-slack:/etc/mmd/credentials/alert-slack"))
        }
    }
}
