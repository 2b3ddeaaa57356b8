import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A request as the test server saw it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [String: String]
    var body: String
}

/// A canned answer.
struct CannedResponse: Sendable {
    var status: Int = 200
    var body: String
    var headers: [String: String] = [:]
    var delay: Duration = .zero
}

/// A real HTTP server on 127.0.0.1 (ephemeral port) that records every request and answers with
/// whatever `handler` returns; used to test the REST client over real sockets.
final class TestHTTPServer: Sendable {
    let recorded = Mutex<[RecordedRequest]>([])
    let handler: @Sendable (RecordedRequest, Int) -> CannedResponse

    init(handler: @escaping @Sendable (RecordedRequest, Int) -> CannedResponse) {
        self.handler = handler
    }

    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    /// Runs the server for the duration of `body`, passing its base URL.
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let server = self
        router.on("/**", method: .get) { request, _ in try await server.respond(request) }
        router.on("/**", method: .post) { request, _ in try await server.respond(request) }
        router.on("/**", method: .delete) { request, _ in try await server.respond(request) }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test-http-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }

    private func respond(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.rawName] = field.value }
        let record = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers,
            body: String(buffer: bytes))
        let index = recorded.withLock { list in
            list.append(record)
            return list.count - 1
        }
        let canned = handler(record, index)
        if canned.delay > .zero { try await Task.sleep(for: canned.delay) }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in canned.headers { fields[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: canned.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: canned.body)))
    }
}
