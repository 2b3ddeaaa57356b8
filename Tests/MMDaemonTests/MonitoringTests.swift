import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import NIOCore
import NIOHTTP1
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing
@testable import MMDaemon
@testable import MMEngine

/// The monitoring endpoint on loopback, as a scraper or a probe sees it: real sockets, a real daemon on
/// the built-in simulator.
@Suite(.serialized) struct MonitoringTests {
    static let market = "0x5eed000000000000000000000000000000000000000000000000000000000001"

    static var logger: Logger {
        var logger = Logger(label: "mmd-monitoring-test")
        logger.logLevel = .warning
        return logger
    }

    static func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Runs `service` in a service group, hands `body` its port, then shuts the group down gracefully
    /// (what SIGTERM does) and waits for the service to return.
    static func serving(_ service: MonitoringService, _ body: (Int) async throws -> Void) async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await service.port()
            do { try await body(port) } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func loopback(token: String? = nil, monitor: DaemonMonitor = DaemonMonitor()) throws -> MonitoringService {
        try MonitoringService(monitor: monitor, configuration: HTTPConfiguration(host: "127.0.0.1", port: 0), token: token, logger: logger)
    }

    @Test func aListenBeyondLoopbackNeedsAToken() throws {
        let configuration = try MMConfiguration.load(yaml: "http: {listen: \"0.0.0.0:9464\"}\nmetrics: {perMarket: \"top:5\"}")
        #expect(configuration.http.host == "0.0.0.0" && configuration.http.port == 9464 && !configuration.http.isLoopback)
        #expect(configuration.metrics.perMarket == .top(5))
        #expect(throws: DaemonError.self) { try MonitoringService(monitor: DaemonMonitor(), configuration: configuration.http, token: nil, logger: Self.logger) }
        do {
            _ = try MonitoringService(monitor: DaemonMonitor(), configuration: configuration.http, token: nil, logger: Self.logger)
        } catch {
            #expect(error.description.contains("http-token") && error.description.contains("0.0.0.0:9464"))
        }
        _ = try MonitoringService(monitor: DaemonMonitor(), configuration: configuration.http, token: "s3cret", logger: Self.logger)
        let loopback = try MMConfiguration.load(yaml: "http: {listen: \"[::1]:9000\"}")
        #expect(loopback.http.isLoopback && loopback.http.port == 9000)
        _ = try MonitoringService(monitor: DaemonMonitor(), configuration: loopback.http, token: nil, logger: Self.logger)
    }

    @Test func badListenAndPerMarketAreReportedWithTheirKeys() {
        do {
            _ = try MMConfiguration.load(yaml: "http: {listen: \"nowhere\"}\nmetrics: {perMarket: \"top:0\"}")
            Issue.record("an invalid http.listen and metrics.perMarket were accepted")
        } catch {
            #expect(error.issues.map(\.path).sorted() == ["http.listen", "metrics.perMarket"])
        }
    }

    @Test func theTokenComesFromTheSystemdCredential() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-credentials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(MonitoringService.token(environment: ["CREDENTIALS_DIRECTORY": directory.path]) == nil)
        try "unset\n".write(to: directory.appendingPathComponent("http-token"), atomically: true, encoding: .utf8)
        #expect(MonitoringService.token(environment: ["CREDENTIALS_DIRECTORY": directory.path]) == nil)
        try "s3cret\n".write(to: directory.appendingPathComponent("http-token"), atomically: true, encoding: .utf8)
        #expect(MonitoringService.token(environment: ["CREDENTIALS_DIRECTORY": directory.path]) == "s3cret")
    }

    @Test func healthzAnswersAndReadyzRefusesBeforeRecovery() async throws {
        try await Self.serving(try Self.loopback()) { port in
            let health = try await Self.get(port, "/healthz")
            #expect(health.status == 200)
            let ready = try await Self.get(port, "/readyz")
            #expect(ready.status == 503)
            let body = try JSONDecoder().decode(ReadinessBody.self, from: Data(ready.body.utf8))
            #expect(!body.ready)
            #expect(body.checks.map(\.name) == ["recovered", "market_feed", "user_feed", "heartbeat", "database"])
            #expect(body.checks.first { $0.name == "recovered" }?.passes == false)
        }
    }

    @Test func aConfiguredTokenIsRequired() async throws {
        try await Self.serving(try Self.loopback(token: "s3cret")) { port in
            let missing = try await Self.get(port, "/healthz")
            let wrong = try await Self.get(port, "/metrics", token: "wrong")
            let prefix = try await Self.get(port, "/metrics", token: "s3cre")
            let health = try await Self.get(port, "/healthz", token: "s3cret")
            let metrics = try await Self.get(port, "/metrics", token: "s3cret")
            #expect(missing.status == 401 && wrong.status == 401 && prefix.status == 401)
            #expect(health.status == 200 && metrics.status == 200)
        }
    }

    @Test func perMarketSeriesFollowTheSetting() {
        func snapshot(_ id: String, net: Int64, fills: Int) -> EngineSnapshot {
            EngineSnapshot(
                market: id, riskState: .quoting, inventory: Inventory(yes: Quantity(micros: max(net, 0)), no: Quantity(micros: max(-net, 0))), realized: .zero,
                unrealized: .zero, rewards: .zero, positionValue: .zero, hasMid: true, restingOrders: 2, isScoring: true, isTwoSided: true,
                limit: Quantity(micros: 10_000_000), fillsApplied: fills, mailboxDepth: 0)
        }
        let snapshots = [snapshot("a", net: 1_000_000, fills: 1), snapshot("b", net: -5_000_000, fills: 0), snapshot("c", net: 0, fills: 9), snapshot("d", net: 0, fills: 2)]
        #expect(DaemonMonitor(perMarket: .top(3)).selected(snapshots).map(\.market) == ["b", "a", "c"])
        #expect(DaemonMonitor(perMarket: .none).selected(snapshots).isEmpty)
        #expect(DaemonMonitor(perMarket: .all).selected(snapshots).count == 4)
    }

    @Test func everyMetricIsDocumented() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/metrics.md").standardized
        let text = try String(contentsOf: path, encoding: .utf8)
        let missing = MetricCatalog.entries.map(\.name).filter { !text.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/metrics.md lacks \(missing)")
    }

    /// Families that have no sample until their first event (a rejection, a risk event, a venue error).
    /// The alert counters exist only with `alerts.destinations` (and then, too, from their first event).
    static let bornOnFirstEvent: Set<String> = [
        "mmd_quotes_rejected_total", "mmd_risk_events_total", "mmd_venue_request_errors_total", "mmd_alerts_notified_total", "mmd_alerts_suppressed_total",
        "mmd_alerts_delivered_total", "mmd_alert_send_failures_total", "mmd_alerts_dropped_total",
        // Born once a day's rewards are reconciled with the venue (checked below by reconciling one).
        "mmd_reward_rate_pusd_per_day", "mmd_rewards_last_day_expected_pusd", "mmd_rewards_last_day_paid_pusd",
    ]

    /// The value of the sample named exactly `series` (name and labels as exported), if any.
    static func sample(_ series: String, in metrics: String) -> Double? {
        metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func messageLagIsVenueTimeToArrivalAndNeverNegative() {
        let monitor = DaemonMonitor()
        monitor.recordLag(.market, sentMilliseconds: 1_000, receivedMilliseconds: 1_200)
        monitor.recordLag(.market, sentMilliseconds: 5_000, receivedMilliseconds: 4_000)
        monitor.recordLag(.user, sentMilliseconds: 0, receivedMilliseconds: 3_000)
        let text = String(decoding: monitor.registry.emitToBuffer(), as: UTF8.self)
        #expect(Self.sample("mmd_websocket_message_lag_seconds_count{channel=\"market\"}", in: text) == 2)
        #expect(Self.sample("mmd_websocket_message_lag_seconds_sum{channel=\"market\"}", in: text) == 0.2, "the clock skewed the other way counts 0")
        #expect(Self.sample("mmd_websocket_message_lag_seconds_bucket{channel=\"market\",le=\"0.005\"}", in: text) == 1)
        #expect(Self.sample("mmd_websocket_message_lag_seconds_sum{channel=\"user\"}", in: text) == 3)
    }

    @Test func aDaemonOnTheSimulatorBecomesReadyAndExportsItsMetrics() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-monitoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try DaemonTests.scenario(directory))"}
            markets:
              - id: "\(Self.market)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        let monitor = DaemonMonitor(perMarket: configuration.metrics.perMarket)
        var daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: Self.logger, runFor: .seconds(15))
        daemon.monitor = monitor
        try await Self.serving(try Self.loopback(monitor: monitor)) { [daemon] port in
            let early = try await Self.get(port, "/readyz")
            #expect(early.status == 503, "ready before the daemon even started")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await daemon.run() }
                var ready = (status: 0, body: "")
                for _ in 0..<150 where ready.status != 200 {
                    try await Task.sleep(for: .milliseconds(100))
                    ready = try await Self.get(port, "/readyz")
                }
                #expect(ready.status == 200, "not ready within 15 s: \(ready.body)")
                // A fill or two lands within seconds on this busy market.
                var metrics = ""
                for _ in 0..<80 where !metrics.contains("mmd_fills_total{side=\"buy\"} 1") && !metrics.contains("mmd_fills_total{side=\"sell\"} 1") {
                    try await Task.sleep(for: .milliseconds(100))
                    metrics = try await Self.get(port, "/metrics").body
                }
                metrics = try await Self.get(port, "/metrics").body
                for entry in MetricCatalog.entries where !Self.bornOnFirstEvent.contains(entry.name) {
                    #expect(metrics.contains("# TYPE \(entry.name) \(entry.kind.rawValue)"), "no \(entry.name) in /metrics")
                    #expect(metrics.contains("# HELP \(entry.name) "), "no help for \(entry.name)")
                }
                #expect(metrics.contains("mmd_ready 1"))
                #expect(metrics.contains("mmd_market_risk_state{market=\"\(Self.market)\""))
                #expect(metrics.contains("mmd_build_info{version=\"\(ControlCenter.version)\"} 1"))
                #expect(!metrics.contains("mmd_quotes_posted_total 0\n"), "no quote posted")
                // The performance and store series carry data, not only their names.
                #expect((Self.sample("mmd_sqlite_commit_duration_seconds_count", in: metrics) ?? 0) > 0, "no commit timed")
                #expect((Self.sample("mmd_websocket_message_lag_seconds_count{channel=\"market\"}", in: metrics) ?? 0) > 0, "no market message lag")
                #expect((Self.sample("mmd_quoting_two_sided_seconds_total", in: metrics) ?? 0) > 0, "never two-sided")
                let stateSeconds = RiskState.allCases.compactMap { Self.sample("mmd_risk_state_seconds_total{state=\"\($0.rawValue)\"}", in: metrics) }
                #expect(stateSeconds.count == RiskState.allCases.count && stateSeconds.reduce(0, +) > 0)
                #expect(metrics.contains("mmd_fill_markout_pusd_bucket{horizon=\"60s\",le=\"0.0\"}") || metrics.contains("mmd_fill_markout_pusd_bucket{horizon=\"60s\",le=\"0\"}"))
                // A reconciled day brings the reward series (the simulator pays what its book says).
                let center = try #require(monitor.state.withLock { $0.center })
                let scoring = try #require(await center.scoring)
                let yesterday = UTCDay(daysSinceEpoch: UTCDay(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000)).daysSinceEpoch - 1)
                // The model's expectation for yesterday, as the checks of a day before this run would have stored it.
                try await center.database.recordScoringRound([], expected: [(yesterday.description, Self.market, 2_000_000)], nowMilliseconds: 0)
                _ = try await scoring.reconcile(day: yesterday.description)
                metrics = try await Self.get(port, "/metrics").body
                for name in ["mmd_reward_rate_pusd_per_day", "mmd_rewards_last_day_expected_pusd", "mmd_rewards_last_day_paid_pusd"] {
                    #expect(Self.sample(name, in: metrics) != nil, "no \(name) after a reconciliation")
                }
                #expect(Self.sample("mmd_rewards_last_day_expected_pusd", in: metrics) == 2)
                try await group.waitForAll()
            }
        }
    }
}
