import Foundation
import HTTPTypes
import Hummingbird
import Logging
public import MMConfig
import NIOCore
public import ServiceLifecycle
import Synchronization

/// The monitoring endpoint inside mmd: `/healthz`, `/readyz` and `/metrics` on a Hummingbird server, one
/// service of the daemon's group. Hummingbird's application is a service itself, so the group's graceful
/// shutdown (SIGTERM) reaches it: the listener closes and requests in flight finish. A listen failure
/// (the port taken) is logged and the daemon trades on without the endpoint.
public struct MonitoringService: Service {
    public let monitor: DaemonMonitor
    public let configuration: HTTPConfiguration
    /// When set, every request must carry `Authorization: Bearer <token>`.
    let token: String?
    let logger: Logger
    let bound = BoundPort()

    /// - Throws: ``DaemonError`` for a listen address beyond loopback without a token.
    public init(monitor: DaemonMonitor, configuration: HTTPConfiguration, token: String?, logger: Logger) throws(DaemonError) {
        try Self.check(configuration, token: token)
        self.monitor = monitor
        self.configuration = configuration
        self.token = token
        self.logger = logger
    }

    /// Anything but loopback is reachable from other machines: it is refused without a token.
    public static func check(_ configuration: HTTPConfiguration, token: String?) throws(DaemonError) {
        guard configuration.isLoopback || token != nil else {
            throw DaemonError(
                "http.listen (\(configuration.listen)) is not a loopback address and no bearer token is set: add LoadCredential=http-token:/etc/mmd/credentials/http-token to the unit (a file holding the token), or listen on 127.0.0.1")
        }
    }

    /// The bearer token from the systemd credential `http-token` (`$CREDENTIALS_DIRECTORY/http-token`);
    /// `nil` when there is none, or it is the unit's `unset` placeholder. Never logged.
    public static func token(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], let text = try? String(contentsOfFile: directory + "/http-token", encoding: .utf8),
            !Daemon.isUnset(text)
        else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port the server listens on, once it does (the configured one, or the one picked for port 0).
    public func port() async -> Int {
        while true {
            if let port = bound.port.withLock({ $0 }) { return port }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    public func run() async throws {
        let router = Router()
        let dashboard = DashboardRoutes(monitor: monitor, logger: logger)  // the dashboard (docs/dashboard.md)
        dashboard.addSecurityHeaders(to: router)
        if let token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        dashboard.add(to: router)
        let monitor = self.monitor
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}\n")))
        }
        router.get("/readyz") { _, _ in
            let checks = await monitor.readiness()
            let ready = checks.allSatisfy(\.passes)
            let body = ReadinessBody(ready: ready, checks: checks)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(body)
            return Response(status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/metrics") { _, _ in
            let bytes = await monitor.renderMetrics()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let bound = self.bound
        let logger = self.logger
        let app = Application(
            router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                bound.port.withLock { $0 = port }
                logger.notice("monitoring endpoint listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "")"])
            }, logger: logger)
        do { try await dashboard.whileSampling { try await app.run() } } catch {
            // Trading matters more than its monitoring: a port already taken is logged, not fatal.
            logger.error(
                "monitoring endpoint stopped; trading continues without it", metadata: ["listen": "\(configuration.listen)", "error": "\(error)"])
            try? await gracefulShutdown()
        }
    }
}

/// The port the server bound, once it did.
final class BoundPort: Sendable {
    let port = Mutex<Int?>(nil)
}

/// `/readyz`'s body: whether every check passes, and each check.
struct ReadinessBody: Codable {
    var ready: Bool
    var checks: [ReadinessCheck]
}

/// Refuses a request without the configured bearer token (401, `WWW-Authenticate: Bearer`). The
/// comparison takes the same time wherever the first difference is.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        let given = header.hasPrefix(prefix) ? Array(header.utf8.dropFirst(prefix.utf8.count)) : []
        guard Self.equal(given, token) else {
            return Response(
                status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"a valid bearer token is required\"}\n")))
        }
        return try await next(request, context)
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<b.count { difference |= (index < a.count ? a[index] : 0) ^ b[index] }
        return difference == 0
    }
}
