import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The dashboard's Server-Sent Events (`/api/events`): a market page's stream (`?market=ID`: its full
/// detail, at most ``marketInterval`` apart and only when something changed) or the overview's
/// (one page of rows, once a second when it changed).
///
/// Each client has its own bounded buffer: a producer task reads and formats, a consumer writes to the
/// socket; when the client reads slower than the producer makes events, the oldest are dropped (only the
/// latest state matters). A comment line goes out every ``keepAlive`` so proxies keep the connection.
/// On graceful shutdown (SIGTERM) the producer is cancelled and the stream ends at once: `systemctl stop`
/// never waits on a browser tab.
struct DashboardEvents: Sendable {
    let api: DashboardAPI
    static let marketInterval: Duration = .milliseconds(250)
    static let overviewInterval: Duration = .seconds(1)
    static let keepAlive: Duration = .seconds(15)
    /// Events kept per client when it falls behind; older ones are dropped.
    static let buffer = 8

    func marketStream(_ market: String) -> Response {
        let api = self.api
        return Self.stream { emit in
            var last: Data?
            var lastSent = ContinuousClock.now
            while !Task.isCancelled {
                let read: MarketDetail?
                do { read = try await api.detail(market: market) } catch {
                    // Said to the page (without internals); the next tick tries again.
                    emit(Self.event("problem", Data("{\"error\":\"the database could not be read\"}".utf8)))
                    read = nil
                }
                if var detail = read {
                    let now = detail.now
                    detail.now = 0
                    let body = try JSONEncoder().encode(detail)
                    if body != last || ContinuousClock.now - lastSent >= .seconds(5) {
                        last = body
                        detail.now = now
                        emit(Self.event("market", try JSONEncoder().encode(detail)))
                        lastSent = ContinuousClock.now
                    }
                }
                try await Task.sleep(for: Self.marketInterval)
            }
        }
    }

    func overviewStream(offset: Int, limit: Int, sort: String, descending: Bool, filter: String) -> Response {
        let api = self.api
        return Self.stream { emit in
            var last: Data?
            while !Task.isCancelled {
                var page = api.overview(offset: offset, limit: limit, sort: sort, descending: descending, filter: filter)
                let sampledAt = page.sampledAt
                page.sampledAt = nil
                let body = try JSONEncoder().encode(page)
                if body != last {
                    last = body
                    page.sampledAt = sampledAt
                    emit(Self.event("overview", try JSONEncoder().encode(page)))
                }
                try await Task.sleep(for: Self.overviewInterval)
            }
        }
    }

    /// One SSE event: `event:` and one `data:` line (JSON has no newline).
    static func event(_ name: String, _ json: Data) -> ByteBuffer {
        var buffer = ByteBuffer(string: "event: \(name)\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }

    /// A `text/event-stream` response whose events `produce` emits, with keep-alives, a bounded
    /// drop-oldest buffer, and an end on graceful shutdown or when the client goes away.
    static func stream(_ produce: @escaping @Sendable (_ emit: @Sendable (ByteBuffer) -> Void) async throws -> Void) -> Response {
        let body = ResponseBody { writer in
            let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(buffer))
            continuation.yield(ByteBuffer(string: "retry: 2000\n: mmd dashboard stream\n\n"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Ends on graceful shutdown (cancelled) or when the consumer below cancels it.
                    try? await cancelWhenGracefulShutdown {
                        try await withThrowingTaskGroup(of: Void.self) { producers in
                            producers.addTask { try await produce { continuation.yield($0) } }
                            producers.addTask {
                                while true {
                                    try await Task.sleep(for: keepAlive)
                                    continuation.yield(ByteBuffer(string: ": keep-alive\n\n"))
                                }
                            }
                            try await producers.next()
                            producers.cancelAll()
                        }
                    }
                    continuation.finish()
                }
                do {
                    for await event in events { try await writer.write(event) }
                } catch {
                    // The client went away: stop producing for it.
                    group.cancelAll()
                    throw error
                }
                try await group.waitForAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"], body: body)
    }
}
