import Foundation
import Logging
import NIOCore
import Synchronization
import WSClient

/// What a channel feed reports to its consumer.
public enum FeedEvent: Sendable {
    /// Subscribed (again). Anything missed while down is not replayed: resync books, open orders and trades.
    case connected(shard: Int, isReconnect: Bool)
    case disconnected(shard: Int, reason: String)
    /// Data stopped while the connection stayed alive; the feed reconnects to recover.
    case frozen(shard: Int, silentMilliseconds: Int64)
    case message(ChannelMessage)
}

/// Settings of a websocket feed.
public struct ChannelFeedConfiguration: Sendable {
    /// The websocket base, e.g. `wss://ws-subscriptions-clob.polymarket.com` (the channel path is appended).
    public var baseURL: String
    public var pingInterval: Duration
    /// Data silence (with PONGs arriving) that counts as a freeze; `nil` disables (sensible for the user channel).
    public var freezeTimeoutMilliseconds: Int64?
    public var pongTimeoutMilliseconds: Int64
    public var backoff: ReconnectBackoff
    public var maxAssetsPerConnection: Int
    /// Order-book snapshots are larger than swift-websocket's 16 KiB default.
    public var maxFrameSize: Int

    public init(
        baseURL: String, pingInterval: Duration = .seconds(10), freezeTimeoutMilliseconds: Int64? = 120_000, pongTimeoutMilliseconds: Int64 = 30_000,
        backoff: ReconnectBackoff = ReconnectBackoff(), maxAssetsPerConnection: Int = 500, maxFrameSize: Int = 1 << 22
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pingInterval = pingInterval
        self.freezeTimeoutMilliseconds = freezeTimeoutMilliseconds
        self.pongTimeoutMilliseconds = pongTimeoutMilliseconds
        self.backoff = backoff
        self.maxAssetsPerConnection = maxAssetsPerConnection
        self.maxFrameSize = maxFrameSize
    }
}

/// A self-healing websocket subscription: connects, subscribes, sends `PING` every 10 s, decodes every
/// frame, detects freezes, and reconnects with jittered backoff until the task is cancelled.
///
/// Market subscriptions beyond 500 assets run as several connections (shards). Unknown and malformed
/// messages are counted per kind and logged once per kind, never thrown.
public final class ChannelFeed: Sendable {
    public let configuration: ChannelFeedConfiguration
    public let subscription: ChannelSubscription
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64
    let counters = Mutex<[String: Int]>([:])

    public init(
        configuration: ChannelFeedConfiguration, subscription: ChannelSubscription, logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }
    ) {
        self.configuration = configuration
        self.subscription = subscription
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
    }

    /// Counts of unknown and malformed messages by kind, for metrics and status.
    public var anomalyCounts: [String: Int] { counters.withLock { $0 } }

    /// Runs every shard until cancelled, delivering events to `handler` in order per shard.
    public func run(_ handler: @escaping @Sendable (FeedEvent) async -> Void) async {
        let shards = subscription.shards(maxAssets: configuration.maxAssetsPerConnection)
        await withDiscardingTaskGroup { group in
            for (index, shard) in shards.enumerated() {
                group.addTask { await self.runShard(index, shard, handler) }
            }
        }
    }

    private func runShard(_ shard: Int, _ subscription: ChannelSubscription, _ handler: @escaping @Sendable (FeedEvent) async -> Void) async {
        var backoff = configuration.backoff
        var connectedBefore = false
        let url = configuration.baseURL + subscription.path
        while !Task.isCancelled {
            let outcome = Mutex<String>("closed by the server")
            let wasConnected = Mutex(false)
            let isReconnect = connectedBefore
            do {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: configuration.maxFrameSize), logger: logger
                ) { inbound, outbound, _ in
                    try await outbound.write(.text(subscription.subscribeMessage))
                    wasConnected.withLock { $0 = true }
                    await handler(.connected(shard: shard, isReconnect: isReconnect))
                    let reason = try await self.session(shard: shard, inbound: inbound, outbound: outbound, handler: handler)
                    outcome.withLock { $0 = reason }
                }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
            if Task.isCancelled { return }
            let reason = outcome.withLock { $0 }
            if wasConnected.withLock({ $0 }) {
                connectedBefore = true
                backoff.reset()
                await handler(.disconnected(shard: shard, reason: reason))
            }
            let delay = backoff.nextDelay(randomMillionths: Int64.random(in: 0...1_000_000))
            logger.warning("websocket down, reconnecting", metadata: ["channel": "\(subscription.summary)", "reason": "\(reason)", "delay_ms": "\(delay)"])
            try? await Task.sleep(for: .milliseconds(delay))
        }
    }

    /// One connected session; returns why it ended.
    private func session(
        shard: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, handler: @escaping @Sendable (FeedEvent) async -> Void
    ) async throws -> String {
        let detector = SharedState(FreezeDetector(
            timeoutMilliseconds: configuration.freezeTimeoutMilliseconds, pongTimeoutMilliseconds: configuration.pongTimeoutMilliseconds,
            nowMilliseconds: nowMilliseconds()))
        let decoder = ChannelDecoder()
        let configuration = configuration
        let nowMilliseconds = nowMilliseconds
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                while true {
                    try await Task.sleep(for: configuration.pingInterval)
                    try await outbound.write(.text("PING"))
                    let verdict = detector.withLock { $0.verdict(nowMilliseconds: nowMilliseconds()) }
                    switch verdict {
                    case .healthy: continue
                    case .frozen(let silent):
                        await handler(.frozen(shard: shard, silentMilliseconds: silent))
                        return "no data for \(silent / 1000) s while PONGs arrive"
                    case .dead(let silent):
                        return "no PONG for \(silent / 1000) s"
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: configuration.maxFrameSize) {
                    guard case .text(let text) = message else { continue }
                    for decoded in decoder.decode(text) {
                        let now = nowMilliseconds()
                        if decoded == .pong {
                            detector.withLock { $0.sawPong(nowMilliseconds: now) }
                            continue
                        }
                        detector.withLock { $0.sawData(nowMilliseconds: now) }
                        self.record(decoded)
                        await handler(.message(decoded))
                    }
                }
                return "closed by the server"
            }
            let reason = try await group.next() ?? "ended"
            group.cancelAll()
            return reason
        }
    }

    private func record(_ message: ChannelMessage) {
        switch message {
        case .unknown, .malformed:
            let first = counters.withLock { counts in
                counts[message.kind, default: 0] += 1
                return counts[message.kind] == 1
            }
            if first {
                logger.warning("unreadable websocket message (logged once per kind)", metadata: ["kind": "\(message.kind)", "detail": "\(message)"])
            }
        default:
            break
        }
    }
}

/// A `Mutex` in a class, so two child tasks of one session can share it.
final class SharedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
