public import CoreMetrics
import Foundation
import MMCore
import MMDecision
import Polymarket

/// The counters an engine bumps where it performs effects (posts, cancels, fills, risk events), built
/// once from a metrics factory handed in by the daemon (no global bootstrap) and shared by every engine.
/// No market label: per-market figures are gauges read from engine snapshots at scrape time.
///
/// Sizes are exported as floating-point shares because Prometheus samples are doubles; the engine's own
/// arithmetic stays in micro-units.
public struct EngineMetrics: Sendable {
    let factory: any MetricsFactory
    let posted: Counter
    let cancelled: Counter
    let fills: [Side: Counter]
    let volume: [Side: FloatingPointCounter]
    let failedFills: Counter
    let stopLossTriggers: Counter
    let requoteLatency: CoreMetrics.Timer
    /// Per-share markouts by horizon (`1s`, `10s`, `60s`), pUSD.
    let markouts: [Int64: Recorder]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        posted = Counter(label: "mmd_quotes_posted_total", factory: factory)
        cancelled = Counter(label: "mmd_quotes_cancelled_total", factory: factory)
        fills = Dictionary(uniqueKeysWithValues: [Side.buy, .sell].map { ($0, Counter(label: "mmd_fills_total", dimensions: [("side", $0.label)], factory: factory)) })
        volume = Dictionary(
            uniqueKeysWithValues: [Side.buy, .sell].map {
                ($0, FloatingPointCounter(label: "mmd_filled_volume_shares_total", dimensions: [("side", $0.label)], factory: factory))
            })
        failedFills = Counter(label: "mmd_fills_failed_total", factory: factory)
        stopLossTriggers = Counter(label: "mmd_stop_loss_triggers_total", factory: factory)
        requoteLatency = CoreMetrics.Timer(label: "mmd_requote_latency_seconds", factory: factory)
        markouts = Dictionary(
            uniqueKeysWithValues: MarkoutTracker.horizons.map {
                ($0, Recorder(label: "mmd_fill_markout_pusd", dimensions: [("horizon", "\($0 / 1_000)s")], aggregate: true, factory: factory))
            })
    }

    /// Markouts that came due, each into its horizon's histogram.
    func record(markouts due: [MarkoutTracker.Markout]) {
        for markout in due { markouts[markout.horizonMilliseconds]?.record(Double(markout.perShare) / 1_000_000) }
    }

    /// An order the venue did not take, by a reason from a small fixed set (a ``ClobError/Code`` or one
    /// of `balance_preflight`, `event_guard` (a neg-risk event rule, docs/neg-risk.md), `not_signed`, `not_stored`, `not_sent`, `ambiguous`).
    func rejected(_ reason: String, count: Int = 1) {
        Counter(label: "mmd_quotes_rejected_total", dimensions: [("reason", reason)], factory: factory).increment(by: Int64(count))
    }

    /// The venue's answers to one batch: accepted ones count as posted, refusals by their code.
    func record(replies: [Result<PostOrderResponse, ClobError>]) {
        for reply in replies {
            switch reply {
            case .success: posted.increment()
            case .failure(let error): rejected(error.code.rawValue)
            }
        }
    }

    func record(fill: Fill, write: FillWrite) {
        switch write {
        case .inserted:
            fills[fill.side]?.increment()
            volume[fill.side]?.increment(by: Double(fill.size.micros) / 1_000_000)
        case .statusAdvanced(_, let to) where to == .failed: failedFills.increment()
        case .statusAdvanced, .duplicate: break
        }
    }

    func recordCancelled(_ count: Int) { cancelled.increment(by: Int64(count)) }

    /// From the input that led to a post to the batch handed to the HTTP client (event → orders sent).
    func recordRequote(since start: ContinuousClock.Instant) {
        requoteLatency.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }

    func record(riskEvent kind: String) {
        Counter(label: "mmd_risk_events_total", dimensions: [("kind", kind)], factory: factory).increment()
        if kind == "stop" { stopLossTriggers.increment() }
    }
}

extension Duration {
    /// Whole nanoseconds (for swift-metrics timers).
    public var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}

extension Side {
    var label: String { self == .buy ? "buy" : "sell" }
}
