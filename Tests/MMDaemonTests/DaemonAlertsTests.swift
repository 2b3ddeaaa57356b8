import Foundation
import Logging
import MMConfig
import MMControl
import Testing
@testable import MMDaemon

/// `alerts.test` through a running daemon's control socket reaches a loopback receiver, and without
/// destinations the command says so.
@Suite(.serialized) struct DaemonAlertsTests {
    @Test func alertsTestThroughTheControlSocket() async throws {
        let receiver = AlertReceiver()
        await receiver.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-alerts-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("http://127.0.0.1:\(receiver.port)/hook/\(AlertServiceTests.token)\n".utf8).write(to: directory.appendingPathComponent("alert-webhook"))
        let yaml = """
            venue: {kind: simulated, scenario: "\(try DaemonTests.scenario(directory))"}
            markets:
              - id: "\(ControlCenterTests.market)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            alerts:
              destinations:
                - {name: ops, kind: webhook, credential: alert-webhook}
            """
        let configuration = try MMConfiguration.load(yaml: yaml)
        let logs = LogLines()
        var logger = logs.logger()
        logger.logLevel = .notice
        let secrets = try AlertService.loadSecrets(for: configuration.alerts, environment: ["CREDENTIALS_DIRECTORY": directory.path])
        let alerts = AlertService(configuration: configuration.alerts, secrets: secrets, logger: logger)
        var daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(6))
        daemon.alertService = alerts
        let socket = daemon.socketPath
        let running = daemon
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await alerts.run() }
            group.addTask { try await running.run() }
            let answer = try await onThread { () throws -> Result<JSONValue, ControlError> in
                var client: ControlClient?
                for _ in 0..<300 where client == nil {
                    client = try? ControlClient(path: socket)
                    if client == nil { Thread.sleep(forTimeInterval: 0.1) }
                }
                return try #require(client).call("alerts.test")
            }
            let result = try answer.get()
            #expect(result["sent"]?.int64 == 1 && result["failed"]?.int64 == 0)
            #expect(result["destinations"]?.array?.first?["name"]?.string == "ops")
            #expect(receiver.requests.count == 1 && receiver.requests[0].body.contains(#""alertname":"MMDTest""#))
            // The daemon stops on its own after runFor; then the alert sender.
            try await group.next()
            group.cancelAll()
        }
        await receiver.stop()
        #expect(!logs.all.joined().contains(AlertServiceTests.token))
    }
}
