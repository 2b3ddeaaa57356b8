import Foundation
import Logging
@testable import MMControl
import Synchronization
import Testing

/// The control socket under abuse (issue "Prove it cannot be broken"): half-closing clients, strict JSON,
/// connection floods and refused peers, over real Unix sockets.
@Suite struct ControlAbuseTests {
    static func text(_ line: [UInt8]) -> String { String(decoding: line, as: UTF8.self) }

    /// Reads until the daemon closes: true for a clean EOF, false for a reset or any other error.
    static func closedCleanly(_ client: ControlClient) -> Bool {
        do {
            _ = try client.readLine()
            return false
        } catch {
            return error.description.contains("closed the connection")
        }
    }

    // MARK: 1. Half-close

    @Test func aHalfClosedClientGetsEveryAnswerAndNoPermissionWarning() async throws {
        let recorder = LogRecorder()
        try await ControlServerTests.withServer(logger: recorder.logger) { path in
            try await onThread {
                let client = try ControlClient(path: path)
                // Two lines, then a last one without a newline, then EOF: what `printf … | socat` does.
                try client.send(raw: Array(#"{"v":1,"id":1,"cmd":"status"}"#.utf8) + [0x0A] + Array("nope".utf8) + [0x0A] + Array(#"{"v":1,"id":3,"cmd":"halt"}"#.utf8))
                try client.finishSending()
                #expect(Self.text(try client.readLine()) == #"{"id":1,"ok":true,"result":{"markets":2},"v":1}"#)
                #expect(Self.text(try client.readLine()).contains(#""code":"invalid_json""#))
                #expect(Self.text(try client.readLine()) == #"{"id":3,"ok":true,"result":{"halted":true},"v":1}"#)
                #expect(Self.closedCleanly(client))
            }
        }
        #expect(!recorder.messages.contains { $0.contains("refused") || $0.contains("credentials") }, "\(recorder.messages)")
    }

    @Test func theFramerTreatsAFinalLineWithoutNewlineAsALine() {
        var framer = LineFramer(maximumBytes: 8)
        #expect(framer.append(Array("ab\ncd\r".utf8)) == [.line(Array("ab".utf8))])
        #expect(framer.finish() == [.line(Array("cd".utf8))])
        #expect(framer.finish() == [])
        _ = framer.append(Array(repeating: UInt8(ascii: "x"), count: 20))
        #expect(framer.finish() == [], "an unfinished oversize line was already reported as too long")
    }

    // MARK: 2. Strict JSON

    @Test(arguments: [
        "01", "-01", "00", "-", "+1", "1.", ".5", "1e", "1e+", "1.e5", "0x10", "Infinity", "NaN", "1 2", "\u{FEFF}1",
        #""\u+073""#, #""\u00""#, #""\u12g4""#, #""\x""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#,
        "\"a\u{09}b\"", "\"a\u{00}b\"", "\"a\u{1F}b\"", #"{"a":1,"a":2}"#, #"{"a":1,}"#, "[1,]", "[01]", "tru", "nul",
        String(repeating: "[", count: 33) + String(repeating: "]", count: 33),
    ])
    func theParserRefusesWhatRFC8259Refuses(text: String) {
        #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func theParserAcceptsWhatRFC8259Allows() throws {
        for text in ["0", "-0", "7", "-12", "0.5", "-0.50", "1e5", "1E+5", "2e-3", "-1.5e-3", "[]", "{}", " \t\r\n1 "] {
            #expect((try? JSONParser.parse(Array(text.utf8))) != nil, "\(text)")
        }
        #expect(try JSONParser.parse(Array(#""\u0073\u00e9\ud83d\ude00\u007f""#.utf8)) == .string("sé😀\u{7F}"))
        let deep = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect((try? JSONParser.parse(Array(deep.utf8))) != nil)
    }

    @Test(arguments: [
        (#"{"v":1,"id":01,"cmd":"status"}"#, ControlErrorCode.invalidJSON),
        (#"{"v":"1","id":1,"cmd":"status"}"#, .unsupportedVersion),
        (#"{"v":01,"id":1,"cmd":"status"}"#, .invalidJSON),
        (#"{"v":1.0,"id":1,"cmd":"status"}"#, .unsupportedVersion),
        (#"{"v":1e0,"id":1,"cmd":"status"}"#, .unsupportedVersion),
        (#"{"v":1,"id":1,"cmd":"\u+073tatus"}"#, .invalidJSON),
        (#"{"v":1,"id":1,"cmd":"status","cmd":"halt"}"#, .invalidJSON),
        (#"{"v":1,"id":1,"cmd":"fills","args":{"limit":"+5"}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"fills","args":{"limit":"007"}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"fills","args":{"limit":5.0}}"#, .invalidArguments),
    ])
    func looseRequestsAreRefusedWithValidJSONReplies(line: String, expected: ControlErrorCode) async throws {
        let response = await ControlProtocolTests.respond(line)
        #expect(ControlProtocolTests.code(response) == expected, "\(line) → \(response.line)")
        // Every reply is strict JSON, and a refused id is never echoed in an invalid form.
        let reparsed = try JSONParser.parse(Array(response.line.utf8))
        #expect(reparsed["id"] == .null || reparsed["id"] == .number("1"))
    }

    @Test func validSpellingsStillWork() async {
        let escaped = await ControlProtocolTests.respond(#"{"v":1,"id":-0,"cmd":"\u0073tatus"}"#)
        #expect(ControlProtocolTests.code(escaped) == nil, "\(escaped.line)")
        #expect(escaped.id == .number("-0"))
        let limit = await ControlProtocolTests.respond(#"{"v":1,"id":"x","cmd":"fills","args":{"limit":"25"}}"#)
        #expect(ControlProtocolTests.code(limit) == nil, "\(limit.line)")
    }

    @Test func aNumberBuiltInCodeNeverWritesInvalidJSON() throws {
        #expect(JSONValue.number("01").json == #""01""#)
        #expect(JSONValue.number("+1").json == #""+1""#)
        #expect(JSONValue.number("-2.5e3").json == "-2.5e3")
        let line = ControlResponse(id: .number("1."), outcome: .success(.null)).line
        #expect((try? JSONParser.parse(Array(line.utf8))) != nil, "\(line)")
    }

    // MARK: 3. Connection cap, idle timeout, lifelines

    @Test func anIdleConnectionIsClosed() async throws {
        // A 2 s timeout against a request every 0.3 s: the busy connection's margin survives a loaded machine.
        try await ControlServerTests.withServer(limits: ControlLimits(idleTimeoutSeconds: 2)) { path in
            try await onThread {
                let silent = try ControlClient(path: path)
                #expect(Self.closedCleanly(silent))
                // Bytes without a newline are not a request: a slow sender is idle too.
                let dribbler = try ControlClient(path: path)
                try dribbler.send(raw: Array(#"{"v":1,"#.utf8))
                #expect(Self.closedCleanly(dribbler))
                // A connection that keeps asking stays open past the timeout.
                let busy = try ControlClient(path: path)
                for _ in 0..<10 {
                    #expect(try busy.call("status") == .success(.object(["markets": .integer(2)])))
                    usleep(300_000)
                }
                #expect(try busy.call("status") == .success(.object(["markets": .integer(2)])))
            }
        }
    }

    @Test func overTheCapStatusAndHaltStillGetThrough() async throws {
        // No trusted uid: this process plays a mere group member, so the lifelines are capped too.
        let access = ControlAccess(uids: [getuid()], trusted: [])
        try await ControlServerTests.withServer(limits: ControlLimits(maximumConnections: 3), access: access) { path in
            try await onThread {
                var held: [ControlClient] = []
                for _ in 0..<3 {
                    let client = try ControlClient(path: path)
                    #expect(try client.call("version") != .success(.null))  // admitted and counted
                    held.append(client)
                }
                let lifeline = try ControlClient(path: path)
                #expect(try lifeline.call("status") == .success(.object(["markets": .integer(2)])))
                #expect(Self.closedCleanly(lifeline), "a lifeline answers once, then closes")
                let halting = try ControlClient(path: path)
                #expect(try halting.call("halt") == .success(.object(["halted": .bool(true)])))
                let pausing = try ControlClient(path: path)
                guard case .failure(let error) = try pausing.call("pause", ["all": .bool(true)]) else {
                    Issue.record("pause answered over the cap")
                    return
                }
                #expect(error.code == .busy)
                // Fill the lifelines with silent clients: the next one is told busy at once.
                for _ in 0..<3 { held.append(try ControlClient(path: path)) }
                usleep(200_000)
                let late = try ControlClient(path: path)
                #expect(ControlAbuseTests.text(try late.readLine()).contains(#""code":"busy""#))
                #expect(Self.closedCleanly(late))
                // A freed slot is served in full again.
                held.removeFirst()
                usleep(200_000)
                let again = try ControlClient(path: path)
                #expect(try again.call("pause", ["all": .bool(true)]) != .failure(error))
                _ = held
            }
        }
    }

    @Test func theTrustedUIDAlwaysGetsALifeline() {
        let gate = ConnectionGate(maximum: 2)
        #expect(gate.admit(privileged: false) == (.full, false))
        #expect(gate.admit(privileged: false) == (.full, true))
        #expect(gate.admit(privileged: false).0 == .lifeline)
        #expect(gate.admit(privileged: false).0 == .lifeline)
        #expect(gate.admit(privileged: false).0 == .busy)
        #expect(gate.admit(privileged: true).0 == .lifeline)
        gate.release(.full)
        #expect(gate.admit(privileged: false).0 == .full)
    }

    // MARK: 4. Refused peers

    @Test func aRefusedPeerGetsTheDocumentedLineThenACleanClose() async throws {
        let recorder = LogRecorder()
        try await ControlServerTests.withServer(access: ControlAccess(trusted: []), logger: recorder.logger) { path in
            try await onThread {
                // A client that writes only after the daemon has decided, and a large one: neither is reset.
                let slow = try ControlClient(path: path)
                usleep(300_000)
                try slow.send(raw: Array(#"{"v":1,"id":1,"cmd":"halt"}"#.utf8) + [0x0A])
                let line = Self.text(try slow.readLine())
                #expect(line.contains(#""code":"permission_denied""#), "\(line)")
                #expect(Self.closedCleanly(slow))
                let large = try ControlClient(path: path)
                try large.send(raw: Array(repeating: UInt8(ascii: " "), count: 300_000) + Array(#"{"v":1,"id":1,"cmd":"status"}"#.utf8) + [0x0A])
                #expect(Self.text(try large.readLine()).contains(#""code":"permission_denied""#))
                #expect(Self.closedCleanly(large))
            }
        }
        #expect(recorder.messages.filter { $0.contains("control client refused") }.count == 2)
        #expect(!recorder.messages.contains { $0.contains("pid: -1") || $0.contains("unknown") })
    }

    // MARK: 5. Everything at once

    @Test func statusIsAnsweredWhileHostileClientsRun() async throws {
        let cap = 16
        try await ControlServerTests.withServer(limits: ControlLimits(maximumConnections: cap)) { path in
            /// Connect, ask `status`, read the answer: what `mmctl status` does.
            @Sendable func statusLatencies() throws -> [Duration] {
                try (0..<20).map { _ in
                    let started = ContinuousClock.now
                    let client = try ControlClient(path: path, timeoutSeconds: 30)
                    let answer = try client.call("status")
                    #expect(answer == .success(.object(["markets": .integer(2)])))
                    return ContinuousClock.now - started
                }
            }
            let quiet = try await onThread { try statusLatencies() }.sorted()
            let stop = LogRecorder()  // any entry means stop
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Idle connections up to the cap.
                group.addTask {
                    try await onThread {
                        let idle = try (0..<cap).map { _ in try ControlClient(path: path) }
                        while stop.messages.isEmpty { usleep(50_000) }
                        _ = idle
                    }
                }
                for kind in 0..<12 {
                    group.addTask {
                        try await onThread {
                            var random = SystemRandomNumberGenerator()
                            let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
                            while stop.messages.isEmpty {
                                guard let client = try? ControlClient(path: path, timeoutSeconds: 5) else { continue }
                                switch kind % 3 {
                                case 0:  // garbage, then gone
                                    _ = try? client.send(raw: Array(garbage[..<Int.random(in: 1...4096, using: &random)]))
                                case 1:  // a request and a half-close
                                    _ = try? client.send(raw: Array(#"{"v":1,"id":9,"cmd":"status"}"#.utf8))
                                    _ = try? client.finishSending()
                                    _ = try? client.readLine()
                                default:  // slow: a byte at a time
                                    for byte in #"{"v":1,"#.utf8 {
                                        _ = try? client.send(raw: [byte])
                                        usleep(20_000)
                                    }
                                }
                            }
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(500))
                let latencies = try await onThread { try statusLatencies() }
                stop.record("stop")
                try await group.waitForAll()
                let sorted = latencies.sorted()
                // A figure for docs/performance.md, not an assertion (timing is not asserted in unit tests).
                print("control status, quiet: p50 \(quiet[quiet.count / 2]), max \(quiet.last!); under abuse (cap \(cap) full, 12 hostile clients): p50 \(sorted[sorted.count / 2]), max \(sorted.last!)")
            }
        }
    }
}

/// Keeps every log message, to assert what was (not) logged.
final class LogRecorder: Sendable {
    private let entries = Mutex<[String]>([])

    var messages: [String] { entries.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "ctl") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    func record(_ entry: String) { entries.withLock { $0.append(entry) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.record("\(event.level) \(event.message) \((event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })")
        }
    }
}
