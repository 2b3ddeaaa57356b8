import Foundation
import Logging
import MMControl
import Synchronization
import Testing

/// The server over a real Unix socket: concurrent clients, chunked writes, bad lines, permissions.
@Suite struct ControlServerTests {
    static func withServer(
        limits: ControlLimits = ControlLimits(), access: ControlAccess = ControlAccess(), logger: Logger = Logger(label: "ctl"),
        _ body: @Sendable (String) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-ctl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mmd.sock").path
        let (listening, signal) = AsyncStream.makeStream(of: Void.self)
        let server = ControlServer(path: path, access: access, limits: limits, logger: logger, onListening: { signal.yield() }) { command, _ in
            if case .status = command { return .success(.object(["markets": .integer(2)])) }
            if case .halt = command { return .success(.object(["halted": .bool(true)])) }
            return .failure(ControlError(.unavailable, "test server: \(command)"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            for await _ in listening { break }
            try await body(path)
            group.cancelAll()
        }
    }

    @Test func manyConcurrentClientsWithChunkedWritesAndBadLines() async throws {
        try await Self.withServer { path in
            var status = stat()
            #expect(stat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o660)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<16 {
                    group.addTask {
                        // The client blocks in read(): on its own thread, never on the cooperative pool.
                        try await onThread {
                        let connection = try ControlClient(path: path)
                        let request = Array(#"{"v":1,"id":"c\#(client)","cmd":"status"}"#.utf8) + [0x0A]
                        // One byte at a time, then garbage, then an oversize line, then a good request again.
                        for byte in request { try connection.send(raw: [byte]) }
                        #expect(String(decoding: try connection.readLine(), as: UTF8.self) == #"{"id":"c\#(client)","ok":true,"result":{"markets":2},"v":1}"#)
                        try connection.send(raw: Array("garbage\n".utf8))
                        #expect(String(decoding: try connection.readLine(), as: UTF8.self).contains("invalid_json"))
                        try connection.send(raw: Array(repeating: UInt8(ascii: "x"), count: ControlProtocol.maximumLineBytes + 10) + [0x0A])
                        #expect(String(decoding: try connection.readLine(), as: UTF8.self).contains("line_too_long"))
                        let again = try connection.call("status")
                        #expect(again == .success(.object(["markets": .integer(2)])))
                        let refused = try connection.call("pause", ["all": .bool(true)])
                        #expect(refused == .failure(ControlError(.unavailable, "test server: pause(MMControl.MarketSelector.all)")))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func aMissingDaemonIsReportedAsNotRunning() {
        #expect(throws: ControlClient.Failure.self) { try ControlClient(path: "/tmp/definitely-not-here-\(UUID().uuidString.prefix(6)).sock") }
        do {
            _ = try ControlClient(path: "/tmp/definitely-not-here.sock")
        } catch {
            #expect(error.description.contains("mmd is not running"))
        }
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

/// The server stopping while clients keep connecting: connections accepted but never served are closed,
/// not dropped (NIO makes a dropped, unfinished channel writer a fatal error: this test crashed the
/// test process before the fix, as the daemon crashed at exit with clients connecting).
@Suite struct ControlServerShutdownTests {
    final class Flag: Sendable { let on = Atomic<Bool>(true) }

    @Test func stoppingUnderAConnectFloodNeverCrashes() async throws {
        for round in 0..<5 {
            let flooding = Flag()
            try await ControlServerTests.withServer { path in
                // Clients connect as fast as they can on their own threads, through the cancellation below.
                let flood = Task.detached {
                    try? await onThread {
                        var opened: [ControlClient] = []
                        while flooding.on.load(ordering: .relaxed) {
                            if let client = try? ControlClient(path: path, timeoutSeconds: 1) { opened.append(client) }
                            if opened.count > 40 { opened.removeFirst(20) }
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(50 + 20 * round))
                _ = flood
            }
            // The server task was cancelled above while the flood went on; keep it going a moment longer.
            try await Task.sleep(for: .milliseconds(50))
            flooding.on.store(false, ordering: .relaxed)
        }
    }
}
