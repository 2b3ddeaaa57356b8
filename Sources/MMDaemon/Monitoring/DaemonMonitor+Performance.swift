import CoreMetrics
import Foundation
import MMCore
import MMEngine
import MMPersistence
import Polymarket
import Synchronization

extension DaemonMonitor {
    /// The performance series of a scrape: time two-sided and per risk state (counters mirrored from the
    /// engines' ``TimeInState``), capital, and the reward figures the scoring checker keeps in memory (no
    /// database read per scrape). Markouts are recorded where the engines take them (``EngineMetrics``).
    func recordPerformance(_ snapshots: [EngineSnapshot], scoring: ScoringChecker?, nowMilliseconds now: Int64) async {
        var twoSided: Int64 = 0
        var byState: [RiskState: Int64] = [:]
        var capital: Int64 = 0
        for snapshot in snapshots {
            let times = snapshot.timeInState.asOf(nowMilliseconds: now)
            twoSided += times.twoSidedMilliseconds
            for (state, milliseconds) in times.milliseconds { byState[state, default: 0] += milliseconds }
            capital += snapshot.capital.micros
        }
        set(secondsCounter: "mmd_quoting_two_sided_seconds_total", [], toMilliseconds: twoSided)
        for state in RiskState.allCases {
            set(secondsCounter: "mmd_risk_state_seconds_total", [("state", state.rawValue)], toMilliseconds: byState[state] ?? 0)
        }
        gauge("mmd_capital_pusd", Self.units(capital))
        guard let scoring else { return }
        set(unitsCounter: "mmd_rewards_expected_pusd_total", toMicros: await scoring.expectedAccruedMicros)
        let rewards = PerformanceStats.rewardSummary(await scoring.recentRewards, nowMilliseconds: now)
        if let paidPerDay = rewards.paidPerDayMicros { gauge("mmd_reward_rate_pusd_per_day", Self.units(paidPerDay)) }
        if let last = rewards.lastDay {
            gauge("mmd_rewards_last_day_expected_pusd", Self.units(last.expectedMicros))
            gauge("mmd_rewards_last_day_paid_pusd", Self.units(last.paidMicros))
        }
    }

    /// A message's lag: from the venue's timestamp to its arrival here (clamped at 0: clocks drift).
    func recordLag(_ channel: Channel, sentMilliseconds sent: Int64, receivedMilliseconds received: Int64) {
        messageLag[channel]?.recordNanoseconds(max(received - sent, 0) * 1_000_000)
    }

    /// A counter of seconds whose running total (milliseconds) is kept elsewhere: raised by the growth since the last scrape.
    func set(secondsCounter name: String, _ labels: [(String, String)], toMilliseconds total: Int64) {
        // Raised by 0 too: every state's series exists from the first scrape, so `increase()` sees its first step.
        CoreMetrics.FloatingPointCounter(label: name, dimensions: labels, factory: factory).increment(by: Double(mirroredStep(name, labels, total)) / 1_000)
    }

    /// A counter of pUSD whose running total (micro-pUSD) is kept elsewhere.
    func set(unitsCounter name: String, toMicros total: Int64) {
        CoreMetrics.FloatingPointCounter(label: name, factory: factory).increment(by: Self.units(mirroredStep(name, [], total)))
    }

    private func mirroredStep(_ name: String, _ labels: [(String, String)], _ total: Int64) -> Int64 {
        let key = ([name] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
        return mirrored.withLock { seen -> Int64 in
            defer { seen[key] = max(seen[key] ?? 0, total) }
            return max(total - (seen[key] ?? 0), 0)
        }
    }
}

extension ChannelMessage {
    /// The venue's timestamp of the message (Unix ms), for the kinds that carry one.
    var venueMilliseconds: Int64? {
        switch self {
        case .book(let message): message.timestamp?.milliseconds
        case .priceChange(let message): message.timestamp?.milliseconds
        case .tickSizeChange(let message): message.timestamp?.milliseconds
        case .lastTradePrice(let message): message.timestamp?.milliseconds
        case .bestBidAsk(let message): message.timestamp?.milliseconds
        case .trade(let message): message.timestamp?.milliseconds
        case .order(let message): message.timestamp?.milliseconds
        default: nil
        }
    }
}
