import CoreMetrics
import Foundation
import MMConfig
import MMCore
import MMEngine
import Prometheus
import Synchronization

extension DaemonMonitor {
    /// `/metrics`: the gauges read from the engines now (one actor hop each), then the whole registry in
    /// Prometheus' text format. Per-market series follow `metrics.perMarket`; a market that leaves the
    /// selection loses its series at once.
    public func renderMetrics() async -> [UInt8] {
        let started = ContinuousClock.now
        let center = state.withLock { $0.center }
        var snapshots: [EngineSnapshot] = []
        if let center {
            let engines = await center.engines
            snapshots.reserveCapacity(engines.count)
            for engine in engines.values { snapshots.append(await engine.snapshot) }
            if let scoring = await center.scoring {
                let totals = await scoring.totals
                // Counters mirrored from the checker's own totals (it keeps them for mmctl too).
                set(counter: "mmd_scoring_checks_total", [("result", "scoring")], to: totals.venueScoring)
                set(counter: "mmd_scoring_checks_total", [("result", "not_scoring")], to: totals.venueNotScoring)
                set(counter: "mmd_scoring_mismatches_total", [], to: totals.mismatches)
            }
        }
        let checks = await readiness()
        gauge("mmd_ready", Double(checks.allSatisfy(\.passes) ? 1 : 0))
        gauge("mmd_recovered", Double(checks.first { $0.name == "recovered" }?.passes == true ? 1 : 0))
        let (failing, shards) = state.withLock { ($0.heartbeatFailing, $0.shards) }
        gauge("mmd_heartbeat_failing", failing ? 1 : 0)
        for channel in Channel.allCases {
            let connected = shards[channel].map { !$0.isEmpty && $0.values.allSatisfy { $0 } } ?? false
            gauge("mmd_websocket_connected", connected ? 1 : 0, [("channel", channel.rawValue)])
        }
        recordTotals(snapshots)
        recordPerMarket(snapshots)
        await recordPerformance(snapshots, scoring: await center?.scoring, nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000))
        scrapeDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return registry.emitToBuffer()
    }

    private func recordTotals(_ snapshots: [EngineSnapshot]) {
        var byState: [RiskState: Int] = [:]
        var net: Int64 = 0
        var ratio = 0.0
        var value: Int64 = 0
        var realized: Int64 = 0
        var unrealized: Int64 = 0
        var rewards: Int64 = 0
        var resting = 0
        var scoring = 0
        var twoSided = 0
        var mailbox = 0
        for snapshot in snapshots {
            byState[snapshot.riskState, default: 0] += 1
            net += abs(snapshot.inventory.net.micros)
            ratio = max(ratio, Self.limitRatio(snapshot))
            value += snapshot.positionValue.micros
            realized += snapshot.realized.micros
            unrealized += snapshot.unrealized.micros
            rewards += snapshot.rewards.micros
            resting += snapshot.restingOrders
            if snapshot.isScoring { scoring += snapshot.restingOrders }
            if snapshot.isTwoSided { twoSided += 1 }
            mailbox = max(mailbox, snapshot.mailboxDepth)
        }
        for state in RiskState.allCases { gauge("mmd_markets", Double(byState[state] ?? 0), [("state", state.rawValue)]) }
        gauge("mmd_net_exposure_shares", Self.units(net))
        gauge("mmd_exposure_limit_ratio_max", ratio)
        gauge("mmd_position_value_pusd", Self.units(value))
        gauge("mmd_pnl_realized_pusd", Self.units(realized))
        gauge("mmd_pnl_unrealized_pusd", Self.units(unrealized))
        gauge("mmd_pnl_rewards_pusd", Self.units(rewards))
        gauge("mmd_orders_resting", Double(resting))
        gauge("mmd_orders_scoring", Double(scoring))
        gauge("mmd_markets_two_sided", Double(twoSided))
        gauge("mmd_engine_mailbox_depth_max", Double(mailbox))
    }

    /// The markets `metrics.perMarket` selects: all, none, or the top N by |net| (then fills, then id).
    func selected(_ snapshots: [EngineSnapshot]) -> [EngineSnapshot] {
        switch perMarket {
        case .none: return []
        case .all: return snapshots
        case .top(let count):
            let ranked = snapshots.sorted { a, b in
                let x = abs(a.inventory.net.micros)
                let y = abs(b.inventory.net.micros)
                if x != y { return x > y }
                if a.fillsApplied != b.fillsApplied { return a.fillsApplied > b.fillsApplied }
                return a.market < b.market
            }
            return Array(ranked.prefix(count))
        }
    }

    private func recordPerMarket(_ snapshots: [EngineSnapshot]) {
        var fresh: [String: CoreMetrics.Gauge] = [:]
        func put(_ name: String, _ value: Double, _ labels: [(String, String)]) {
            let key = ([name] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
            let gauge = CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory)
            gauge.record(value)
            fresh[key] = gauge
        }
        for snapshot in selected(snapshots) {
            let market = [("market", snapshot.market)]
            put("mmd_market_net_shares", Self.units(snapshot.inventory.net.micros), market)
            put("mmd_market_exposure_limit_ratio", Self.limitRatio(snapshot), market)
            put("mmd_market_pnl_pusd", Self.units(snapshot.realized.micros + snapshot.unrealized.micros + snapshot.rewards.micros), market)
            for state in RiskState.allCases {
                put("mmd_market_risk_state", state == snapshot.riskState ? 1 : 0, [("market", snapshot.market), ("state", state.rawValue)])
            }
        }
        let stale = perMarketGauges.withLock { previous in
            defer { previous = fresh }
            return previous.filter { fresh[$0.key] == nil }.map(\.value)
        }
        for gauge in stale { gauge.destroy() }
    }

    // MARK: Helpers

    func gauge(_ name: String, _ value: Double, _ labels: [(String, String)] = []) {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory).record(value)
    }

    /// A counter whose running total is kept elsewhere: raised by what the total grew since the last scrape.
    func set(counter name: String, _ labels: [(String, String)], to total: Int64) {
        let key = ([name] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
        let step = mirrored.withLock { seen -> Int64 in
            defer { seen[key] = max(seen[key] ?? 0, total) }
            return max(total - (seen[key] ?? 0), 0)
        }
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory).increment(by: step)
    }

    static func limitRatio(_ snapshot: EngineSnapshot) -> Double {
        snapshot.limit.micros > 0 ? Double(abs(snapshot.inventory.net.micros)) / Double(snapshot.limit.micros) : 0
    }

    /// Micro-units as a Prometheus sample (whole units; samples are doubles by the format's definition).
    static func units(_ micros: Int64) -> Double { Double(micros) / 1_000_000 }
}
