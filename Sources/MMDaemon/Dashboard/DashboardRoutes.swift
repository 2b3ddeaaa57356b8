import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MMControl
import MMCore
import MMEngine
import MMPersistence
import NIOCore
import Synchronization

/// The live dashboard on the monitoring endpoint (docs/dashboard.md): the page (`/`, `/market/{id}`), its
/// assets from the binary, the JSON APIs it reads and the Server-Sent Events it is kept live with. Its
/// routes are added to ``MonitoringService``'s router after the bearer-token middleware, so a configured
/// token applies.
/// Every response carries `Content-Security-Policy: default-src 'self'`: the page loads nothing from
/// anywhere but the daemon, and runs no inline script or style.
public struct DashboardRoutes: Sendable {
    let monitor: DaemonMonitor
    let sampler: DashboardSampler
    let logger: Logger

    public init(monitor: DaemonMonitor, logger: Logger, sampler: DashboardSampler? = nil) {
        self.monitor = monitor
        self.logger = logger
        self.sampler = sampler ?? DashboardSampler(monitor: monitor, logger: logger)
    }

    /// Adds the security headers to every route added after this; called first, so that a refusal by the
    /// bearer-token middleware carries them too.
    public func addSecurityHeaders(to router: Router<BasicRequestContext>) {
        router.add(middleware: SecurityHeadersMiddleware())
    }

    /// Adds the dashboard's routes to `router` (after the token middleware, which then guards them).
    public func add(to router: Router<BasicRequestContext>) {
        let api = DashboardAPI(monitor: monitor, sampler: sampler)
        router.get("/") { _, _ in Self.asset(DashboardAssets.page, type: "text/html; charset=utf-8") }
        router.get("/market/{id}") { _, _ in Self.asset(DashboardAssets.page, type: "text/html; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(DashboardAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/assets/app.css") { _, _ in Self.asset(DashboardAssets.style, type: "text/css; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/api/overview") { request, _ in
            let query = request.uri.queryParameters
            return try Self.json(
                api.overview(
                    offset: query.get("offset").flatMap { Int($0) } ?? 0, limit: query.get("limit").flatMap { Int($0) } ?? 50,
                    sort: query.get("sort").map { String($0) } ?? "market", descending: query.get("dir") == "desc",
                    filter: query.get("filter").map { String($0) } ?? ""))
        }
        router.get("/api/markets/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let detail = try await api.detail(market: id) else { throw HTTPError(.notFound, message: "no market \(id)") }
            return try Self.json(detail)
        }
        router.get("/api/markets/{id}/history") { request, context in
            let id = try context.parameters.require("id")
            let range = request.uri.queryParameters.get("range").map { String($0) } ?? "15m"
            guard let seconds = DashboardAPI.rangeSeconds(range) else {
                throw HTTPError(.badRequest, message: "range must be one of \(DashboardAPI.ranges.map(\.0).joined(separator: ", "))")
            }
            guard let history = try await api.history(market: id, seconds: seconds) else { throw HTTPError(.notFound, message: "no market \(id)") }
            return try Self.json(history)
        }
        // Fill rate, markouts, reward rate and time in each state: the same report as `mmctl stats MARKET`.
        router.get("/api/markets/{id}/performance") { _, context in
            let id = try context.parameters.require("id")
            guard let center = monitor.state.withLock({ $0.center }) else { throw HTTPError(.serviceUnavailable, message: "mmd is starting") }
            let report: PerformanceReport
            do throws(ControlError) { report = try await center.performance(market: id) } catch {
                throw HTTPError(error.code == .unknownMarket ? .notFound : .serviceUnavailable, message: error.message)
            }
            return try Self.json(report)
        }
        let events = DashboardEvents(api: api)
        router.get("/api/events") { request, _ in
            let query = request.uri.queryParameters
            if let market = query.get("market") {
                guard await api.engine(String(market)) != nil else { throw HTTPError(.notFound, message: "no market \(market)") }
                return events.marketStream(String(market))
            }
            return events.overviewStream(
                offset: query.get("offset").flatMap { Int($0) } ?? 0, limit: query.get("limit").flatMap { Int($0) } ?? 50,
                sort: query.get("sort").map { String($0) } ?? "market", descending: query.get("dir") == "desc", filter: query.get("filter").map { String($0) } ?? "")
        }
    }

    /// Runs `body` (the HTTP server) with the sampler beside it; the sampler stops when `body` returns.
    public func whileSampling(_ body: () async throws -> Void) async throws {
        let sampler = self.sampler
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await sampler.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    static func asset(_ text: StaticString, type: String) -> Response {
        let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Adds the content security policy and its companions to every response: nothing loads from anywhere
/// but the daemon (`default-src 'self'`, so no inline script or style either), no framing, no sniffing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
