import CoreMetrics
import Foundation
import MMConfig
import MMEngine
import MMPersistence
import Polymarket
public import Prometheus
import Synchronization

/// What the monitoring endpoint knows about the running daemon: the facts readiness is judged on (feeds,
/// heartbeat, the control center and database once they exist) and the metrics registry. Made before the
/// service group so the daemon and the HTTP service, siblings in it, share it; the daemon reports into it.
public final class DaemonMonitor: Sendable {
    /// A websocket channel the daemon subscribes to.
    public enum Channel: String, Sendable, CaseIterable { case market, user }

    struct State {
        var center: ControlCenter?
        var database: AppDatabase?
        /// Per channel, per shard: whether the connection is up.
        var shards: [Channel: [Int: Bool]] = [:]
        var heartbeatFailing = false
        /// The last heartbeat the venue answered.
        var lastHeartbeat: ContinuousClock.Instant?
    }

    let state = Mutex(State())
    public let registry: PrometheusCollectorRegistry
    public let factory: CatalogMetricsFactory
    /// The counters every engine bumps.
    public let engineMetrics: EngineMetrics
    public let perMarket: MetricsConfiguration.PerMarket
    public let startedAt = Date()
    let heartbeatFailures: CoreMetrics.Counter
    let scrapeDuration: CoreMetrics.Timer
    /// Venue timestamp → arrival, per channel (`mmd_websocket_message_lag_seconds`).
    let messageLag: [Channel: CoreMetrics.Timer]
    let commitDuration: CoreMetrics.Timer
    /// The gauges of the previous scrape whose labels may not come again (per-market ones).
    let perMarketGauges = Mutex<[String: CoreMetrics.Gauge]>([:])
    /// Totals already added to counters mirrored from elsewhere (the scoring checker's).
    let mirrored = Mutex<[String: Int64]>([:])

    public init(perMarket: MetricsConfiguration.PerMarket = .top(20), registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.perMarket = perMarket
        factory = CatalogMetricsFactory(registry: registry)
        engineMetrics = EngineMetrics(factory: factory)
        heartbeatFailures = CoreMetrics.Counter(label: "mmd_heartbeat_failures_total", factory: factory)
        scrapeDuration = CoreMetrics.Timer(label: "mmd_scrape_duration_seconds", factory: factory)
        let factory = self.factory
        messageLag = Dictionary(
            uniqueKeysWithValues: Channel.allCases.map { ($0, CoreMetrics.Timer(label: "mmd_websocket_message_lag_seconds", dimensions: [("channel", $0.rawValue)], factory: factory)) })
        commitDuration = CoreMetrics.Timer(label: "mmd_sqlite_commit_duration_seconds", factory: factory)
        CoreMetrics.Gauge(label: "mmd_build_info", dimensions: [("version", ControlCenter.version)], factory: factory).record(1)
        CoreMetrics.Gauge(label: "process_start_time_seconds", factory: factory).record(startedAt.timeIntervalSince1970)
        // Counters that alerts use exist from the start, so `increase()` sees their first step.
        for channel in Channel.allCases {
            for name in ["mmd_websocket_reconnects_total", "mmd_websocket_disconnects_total", "mmd_websocket_freezes_total"] {
                CoreMetrics.Counter(label: name, dimensions: [("channel", channel.rawValue)], factory: factory).increment(by: 0)
            }
        }
        for side in ["buy", "sell"] {
            CoreMetrics.Counter(label: "mmd_fills_total", dimensions: [("side", side)], factory: factory).increment(by: 0)
        }
        for name in [
            "mmd_quotes_posted_total", "mmd_quotes_cancelled_total", "mmd_stop_loss_triggers_total", "mmd_fills_failed_total", "mmd_heartbeat_failures_total",
            "mmd_quoting_two_sided_seconds_total", "mmd_rewards_expected_pusd_total",
        ] {
            CoreMetrics.Counter(label: name, factory: factory).increment(by: 0)
        }
    }

    // MARK: Reports from the daemon

    /// The daemon's control center and database, once it opened them.
    func attach(center: ControlCenter, database: AppDatabase) {
        state.withLock {
            $0.center = center
            $0.database = database
        }
        database.observeCommitDurations { [commitDuration] in commitDuration.recordNanoseconds($0.nanoseconds) }
    }

    /// A websocket feed's event: connection state per shard and the reconnect, disconnect and freeze counters.
    func record(_ channel: Channel, connected: Bool, shard: Int, counter: String?) {
        state.withLock { $0.shards[channel, default: [:]][shard] = connected }
        if let counter { CoreMetrics.Counter(label: counter, dimensions: [("channel", channel.rawValue)], factory: factory).increment() }
    }

    /// A feed event: connections up and down per shard, and the reconnect, disconnect and freeze counters.
    func record(_ channel: Channel, _ event: FeedEvent) {
        switch event {
        case .message(let message):
            if let sent = message.venueMilliseconds { recordLag(channel, sentMilliseconds: sent, receivedMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000)) }
        case .connected(let shard, let isReconnect): record(channel, connected: true, shard: shard, counter: isReconnect ? "mmd_websocket_reconnects_total" : nil)
        case .disconnected(let shard, _): record(channel, connected: false, shard: shard, counter: "mmd_websocket_disconnects_total")
        case .frozen(let shard, _): record(channel, connected: false, shard: shard, counter: "mmd_websocket_freezes_total")
        }
    }

    func heartbeat(succeeded: Bool) {
        state.withLock {
            $0.heartbeatFailing = !succeeded
            if succeeded { $0.lastHeartbeat = .now }
        }
        if !succeeded { heartbeatFailures.increment() }
    }
}
