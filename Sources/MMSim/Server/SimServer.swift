import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Polymarket

/// Serves a ``SimVenue`` on loopback: the venue's REST paths and its `/ws/market` and `/ws/user` channels.
public struct SimServer: Sendable {
    public let venue: SimVenue
    public let host: String
    public let port: Int
    /// How often time-driven venue behaviour (lifecycle, dead-man switch, expiry, rewards) is evaluated.
    public var tickInterval: Duration = .milliseconds(100)
    /// Whether requests over the venue's documented per-endpoint limits are answered 429, as the venue does.
    public var rateLimits = true
    /// The per-signer order and cancel buckets (with ``rateLimits``): enforced (429) or only warned about.
    public var signerLimitMode = "enforce"
    /// The trading tier every signer is given.
    public var signerTier: SignerTier = .standard
    let logger: Logger

    public init(venue: SimVenue, host: String = "127.0.0.1", port: Int = 0, logger: Logger) {
        self.venue = venue
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Runs until cancelled. `onListening` receives the bound port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if rateLimits { await venue.enforceRateLimits(signerMode: SimSignerLimits.Mode(rawValue: signerLimitMode) ?? .enforce, tier: signerTier) }
        let handler = SimHTTPHandler(venue: venue)
        let router = Router(context: BasicWebSocketRequestContext.self)
        for method in [HTTPRequest.Method.get, .post, .delete] {
            router.on("/**", method: method) { request, _ -> Response in
                var body = try await request.body.collect(upTo: 4 << 20)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.rawName] = field.value }
                let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
                let response = await handler.handle(SimRequest(
                    method: request.method.rawValue, path: request.uri.path, queryItems: query, headers: headers,
                    body: body.readString(length: body.readableBytes) ?? ""))
                var fields: HTTPFields = [.contentType: "application/json"]
                for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
                    if let field = HTTPField.Name(name) { fields[field] = value }
                }
                return Response(status: .init(code: response.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: response.body)))
            }
        }
        let venue = self.venue
        router.ws("/ws/market") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
            try await SimWebSocketSession.run(channel: .market, venue: venue, inbound: inbound, outbound: outbound)
        }
        router.ws("/ws/user") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
            try await SimWebSocketSession.run(channel: .user, venue: venue, inbound: inbound, outbound: outbound)
        }
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: WebSocketServerConfiguration(maxFrameSize: 1 << 22))),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: tickInterval)
                    await venue.tick()
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// One websocket connection: waits for the subscription, sends snapshots, then streams matching events.
enum SimWebSocketSession {
    enum Channel { case market, user }

    static func run(channel: Channel, venue: SimVenue, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
        // The venue closes a connection whose first message is not a subscription.
        guard case .text(let first)? = try await iterator.next(), let object = SimHTTPHandler.object(first) else { return }
        let filter: SimVenue.Filter
        switch channel {
        case .market:
            let assets = (object["assets_ids"] as? [String]) ?? []
            // `best_bid_ask` only for subscriptions that enable custom features; snapshots unless
            // `initial_dump` is false.
            filter = .market(Set(assets), custom: (object["custom_feature_enabled"] as? Bool) ?? false)
            if (object["initial_dump"] as? Bool) ?? true, let snapshots = await venue.snapshots(for: assets) { try await outbound.write(.text(snapshots)) }
        case .user:
            guard let auth = object["auth"] as? [String: Any], let apiKey = auth["apiKey"] as? String,
                let key = await venue.exchange.key(apiKey), key.secret == auth["secret"] as? String, key.passphrase == auth["passphrase"] as? String
            else { return }
            filter = .user(apiKey: apiKey, markets: Set((object["markets"] as? [String]) ?? []))
        }
        let (id, stream) = await venue.subscribe(filter)
        defer { Task { await venue.unsubscribe(id) } }
        let generation = await venue.disconnectGeneration
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var heldBack: String?
                for await json in stream {
                    // Injected faults: drop, duplicate, reorder, delay, freeze (PONGs continue), disconnect.
                    let fate = await venue.websocketFate()
                    if fate.generation != generation { throw CancellationError() }
                    if fate.frozen { continue }
                    if fate.delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(fate.delayMilliseconds)) }
                    if fate.holdBack, heldBack == nil {
                        heldBack = json
                        continue
                    }
                    for _ in 0..<fate.copies { try await outbound.write(.text(json)) }
                    if let held = heldBack {
                        heldBack = nil
                        try await outbound.write(.text(held))
                    }
                }
            }

            // Inbound stays in this task: PING gets PONG; `{"operation": "subscribe" | "unsubscribe", …}`
            // changes the subscription (new tokens get their snapshots); anything else is ignored.
            // An injected disconnect closes the connection at the client's next message (it PINGs every 10 s).
            while let message = try await iterator.next() {
                if await venue.disconnectGeneration != generation { break }
                guard case .text(let text) = message else { continue }
                if text == "PING" {
                    try await outbound.write(.text("PONG"))
                } else if let object = SimHTTPHandler.object(text), let operation = object["operation"] as? String, operation == "subscribe" || operation == "unsubscribe" {
                    let items = (object[channel == .market ? "assets_ids" : "markets"] as? [String]) ?? []
                    let custom = object["custom_feature_enabled"] as? Bool
                    if let snapshots = await venue.change(subscription: id, subscribe: operation == "subscribe", items: items, custom: custom),
                        (object["initial_dump"] as? Bool) ?? true
                    {
                        try await outbound.write(.text(snapshots))
                    }
                }
            }
            group.cancelAll()
        }
    }
}
