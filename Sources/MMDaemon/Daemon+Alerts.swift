import MMCore
import MMEngine
import Polymarket

extension Daemon {
    /// What engines tell the alerts: their risk events and reversed fills, mapped by ``AlertIncident/init(_:)``.
    var engineIncidents: (@Sendable (EngineIncident) -> Void)? {
        guard let sink = alerts else { return nil }
        return { incident in
            if let alert = AlertIncident(incident) { sink.report(alert) }
        }
    }

    /// A feed shard frozen (data stopped while the socket stayed open) is an alert until it is connected again.
    static func alert(_ alerts: AlertSink?, _ channel: DaemonMonitor.Channel, _ event: FeedEvent) {
        guard let alerts else { return }
        switch event {
        case .frozen(let shard, let silent):
            alerts.report(
                AlertIncident(
                    .websocketFrozen, market: "\(channel.rawValue):\(shard)", summary: "\(channel.rawValue) websocket frozen: reconnecting",
                    description: "no data for \(silent / 1_000) s on shard \(shard) while the connection stayed open"))
        case .connected(let shard, _): alerts.resolve(.websocketFrozen, market: "\(channel.rawValue):\(shard)")
        case .disconnected, .message: break
        }
    }

    /// Today's P&L across every market (realized and credits booked today, plus the open positions'
    /// unrealized P&L) against `alerts.dailyLossThreshold`.
    func checkDailyLoss(_ engines: [MarketEngine], threshold: Money, alerts: AlertSink) async {
        let today = UTCDay(epochMilliseconds: Self.now())
        var total = Money.zero
        for engine in engines {
            let ledger = await engine.currentLedger
            let figures = ledger.figures(on: today)
            total += figures.realized + figures.rewards + figures.rebates
            if let mid = await engine.currentBook.mid { total += ledger.unrealized(mid: mid) }
        }
        if let incident = AlertIncident.dailyLoss(total: total, threshold: threshold) { alerts.report(incident) } else { alerts.resolve(.dailyLoss) }
    }
}
