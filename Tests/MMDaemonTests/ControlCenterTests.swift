import Foundation
import Logging
import MMConfig
import MMControl
import Testing
@testable import MMDaemon

/// The control socket of a running daemon (in-process, simulated venue): mmctl's commands change what
/// the venue sees, and bad requests get errors without disturbing the daemon.
@Suite(.serialized) struct ControlCenterTests {
    static let market = "0x5eed000000000000000000000000000000000000000000000000000000000001"

    @Test func pauseResumeHaltAndLiveEditsThroughTheSocket() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-ctl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            venue: {kind: simulated, scenario: "\(try DaemonTests.scenario(directory))"}
            strategy: {orderSize: 5}
            markets:
              - id: "\(Self.market)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """
        let configuration = try MMConfiguration.load(yaml: yaml)
        var logger = Logger(label: "mmd-ctl-test")
        logger.logLevel = .warning
        var daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(20))
        daemon.configurationYAML = yaml
        let socket = daemon.socketPath
        let running = daemon
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await running.run() }
            try await onThread {
                // Wait for recovery: status answers at once, the rest once the engines are up.
                var client: ControlClient?
                for _ in 0..<300 where client == nil {
                    client = try? ControlClient(path: socket)
                    if client == nil { Thread.sleep(forTimeInterval: 0.1) }
                }
                let connection = try #require(client)
                func liveOrders() throws -> Int64 {
                    guard case .success(let status) = try connection.call("status") else { return -1 }
                    return status["markets"]?.array?.first?["live_orders"]?.int64 ?? -1
                }
                func state() throws -> String? {
                    guard case .success(let status) = try connection.call("status") else { return nil }
                    return status["markets"]?.array?.first?["state"]?.string
                }
                func eventually(_ condition: () throws -> Bool) throws -> Bool {
                    for _ in 0..<60 {
                        if try condition() { return true }
                        Thread.sleep(forTimeInterval: 0.1)
                    }
                    return false
                }
                #expect(try eventually { try liveOrders() == 2 }, "both legs quoted")

                #expect(try connection.call("pause", ["market": .string(Self.market)]) == .success(.object(["paused": .array([.string(Self.market)])])))
                #expect(try eventually { try liveOrders() == 0 && state() == "paused" })
                #expect(try connection.call("resume", ["all": .bool(true)]).map { _ in true } == .success(true))
                // Quoting again (one or both legs: the objective may sit a leg out at the position it holds).
                #expect(try eventually { try liveOrders() >= 1 && state() != "paused" })

                // A live edit is validated like the file and applied to the engine.
                #expect(try connection.call("config.set", ["key": .string("strategy.orderSize"), "value": .string("50")]).isFailure(.invalidArguments))
                #expect(try connection.call("config.set", ["key": .string("strategy.spreadFraction"), "value": .string("0.8")])
                    == .success(.object(["strategy.spreadFraction": .string("0.8")])))
                #expect(try connection.call("config.get", ["key": .string("strategy.spreadFraction")]) == .success(.object(["strategy.spreadFraction": .string("0.8")])))
                // The strategy itself changes live: the engine quotes the grid's ladder (more than one order per leg).
                func strategy() throws -> String? {
                    guard case .success(let status) = try connection.call("status") else { return nil }
                    return status["markets"]?.array?.first?["strategy"]?.string
                }
                #expect(try connection.call("config.set", ["key": .string("strategy.kind"), "value": .string("martingale")]).isFailure(.invalidArguments))
                #expect(try connection.call("config.set", ["key": .string("strategy.kind"), "value": .string("grid")]) == .success(.object(["strategy.kind": .string("grid")])))
                #expect(try eventually { try strategy() == "grid" && liveOrders() > 2 }, "the grid's ladder rests")

                #expect(try connection.call("pause", ["market": .string("0xnope")]).isFailure(.unknownMarket))
                #expect(try connection.call("frobnicate").isFailure(.unknownCommand))
                try connection.send(raw: Array("{broken\n".utf8))
                #expect(String(decoding: try connection.readLine(), as: UTF8.self).contains("invalid_json"))

                #expect(try connection.call("halt").map { _ in true } == .success(true))
                #expect(try eventually { try liveOrders() == 0 && state() == "halted" })
                #expect(try connection.call("resume", ["all": .bool(true)]).map { _ in true } == .success(true))
                #expect(try eventually { try liveOrders() >= 1 && state() != "halted" })
            }
            // The daemon stops on its own after `runFor`, gracefully, while its simulator still answers
            // (cancelling the task would stop the simulator first and leave the cancels nobody to talk to).
            try await group.next()
        }
    }
}

extension Result where Failure == ControlError {
    func isFailure(_ code: ControlErrorCode) -> Bool {
        if case .failure(let error) = self { return error.code == code }
        return false
    }
}

/// Runs blocking work on a thread of its own and awaits its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
    }
}

/// Waits for a child process on a thread of its own: `waitUntilExit()` on a task would block one of the
/// cooperative pool's threads (two on a two-core machine) and stall every in-process daemon the other
/// suites are running meanwhile.
func waitForExit(_ process: Process) async {
    _ = try? await onThread { process.waitUntilExit() }
}
