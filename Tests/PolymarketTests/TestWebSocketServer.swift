import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// What the test websocket server does with one received text.
enum WSAction: Sendable {
    case reply([String])
    case replyAndClose([String])
    case ignore
}

/// A real websocket server on 127.0.0.1 that records what each connection sent and answers by script.
final class TestWebSocketServer: Sendable {
    let received = Mutex<[[String]]>([])
    let script: @Sendable (_ connection: Int, _ text: String) -> WSAction

    init(script: @escaping @Sendable (_ connection: Int, _ text: String) -> WSAction) {
        self.script = script
    }

    var connections: [[String]] { received.withLock { $0 } }

    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let server = self
        for path in ["/ws/market", "/ws/user"] {
            router.ws(RouterPath(path)) { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
                let connection = server.received.withLock { list in
                    list.append([])
                    return list.count - 1
                }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    server.received.withLock { $0[connection].append(text) }
                    switch server.script(connection, text) {
                    case .ignore: continue
                    case .reply(let replies):
                        for reply in replies { try await outbound.write(.text(reply)) }
                    case .replyAndClose(let replies):
                        for reply in replies { try await outbound.write(.text(reply)) }
                        return
                    }
                }
            }
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test-ws-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let result = try await body("ws://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }
}
