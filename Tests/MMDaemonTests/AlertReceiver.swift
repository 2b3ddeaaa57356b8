import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP receiver on loopback for alert tests: records every request, answers from a script
/// (by request number; 200 otherwise) and can be stopped and started again on the same port.
final class AlertReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var body: String
        var at: ContinuousClock.Instant
        var status: Int
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body = ""
    }

    let received = Mutex<[Received]>([])
    /// Answers by the index of the request (0-based, across restarts).
    let script: Mutex<[Int: Answer]>
    private let server = Mutex<(task: Task<Void, any Error>, port: Int)?>(nil)

    init(script: [Int: Answer] = [:]) { self.script = Mutex(script) }

    var requests: [Received] { received.withLock { $0 } }
    var port: Int { server.withLock { $0?.port ?? 0 } }

    /// Listens on `port` (0: any free one) and returns once it accepts connections.
    func start(port: Int = 0) async {
        let router = Router()
        let receiver = self
        router.on("/**", method: .post) { request, _ in try await receiver.respond(request) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "alert-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let bound = await iterator.next() ?? 0
        server.withLock { $0 = (task, bound) }
    }

    /// Closes the listener; connections are refused until ``start(port:)`` again.
    func stop() async {
        guard let running = server.withLock({ $0 }) else { return }
        running.task.cancel()
        _ = await running.task.result
    }

    /// Waits (polling every 20 ms, at most `seconds`) until `count` requests arrived; the requests then.
    func waitFor(_ count: Int, seconds: Int = 20) async -> [Received] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while requests.count < count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return requests
    }

    private func respond(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let index = received.withLock { $0.count }
        let answer = script.withLock { $0[index] } ?? Answer(status: 200)
        received.withLock { $0.append(Received(path: request.uri.path, body: String(buffer: bytes), at: .now, status: answer.status)) }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in answer.headers { fields[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: answer.body.isEmpty ? "{}" : answer.body)))
    }
}

/// Collects every log line (message and metadata) so a test can look for a secret in them.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.lines.withLock { $0.append("\(event.level) \(event.message) \(fields)\(event.error.map { " error=\($0)" } ?? "")") }
    }
}

/// The lines a ``CapturingLogHandler`` collected, shared by reference.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "alerts-test") { _ in CapturingLogHandler(lines: self) }
        logger.logLevel = .trace
        return logger
    }
}
