/// Every metric mmd exports: its name, type, labels and help text. The one list the exporter takes its
/// help lines from and `docs/metrics.md` is checked against (a test fails when either lacks a name).
public enum MetricCatalog {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public struct Entry: Sendable {
        public var name: String
        public var kind: Kind
        public var labels: [String]
        public var help: String
    }

    static func counter(_ name: String, _ help: String) -> Entry { counter(name, [], help) }
    static func gauge(_ name: String, _ help: String) -> Entry { gauge(name, [], help) }
    static func histogram(_ name: String, _ help: String) -> Entry { histogram(name, [], help) }
    static func counter(_ name: String, _ labels: [String], _ help: String) -> Entry { Entry(name: name, kind: .counter, labels: labels, help: help) }
    static func gauge(_ name: String, _ labels: [String], _ help: String) -> Entry { Entry(name: name, kind: .gauge, labels: labels, help: help) }
    static func histogram(_ name: String, _ labels: [String], _ help: String) -> Entry { Entry(name: name, kind: .histogram, labels: labels, help: help) }

    public static let entries: [Entry] = [
        // Process
        gauge("mmd_build_info", ["version"], "Always 1; the version label names the running build."),
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, seconds."),
        gauge("mmd_ready", "1 when every readiness check passes (as /readyz answers 200), else 0."),
        gauge("mmd_recovered", "1 once start-up recovery with the venue is done."),
        // Orders (event sites in the engines)
        counter("mmd_quotes_posted_total", "Orders the venue accepted."),
        counter("mmd_quotes_rejected_total", ["reason"], "Orders not placed, by reason: a venue error code, or balance_preflight, event_guard, not_signed, not_stored, not_sent, ambiguous."),
        counter("mmd_quotes_cancelled_total", "Orders the venue confirmed cancelled."),
        histogram("mmd_requote_latency_seconds", "From the input that led to a post to the venue's answer to it, seconds."),
        // Fills
        counter("mmd_fills_total", ["side"], "Our fills, first seen, by our side (buy, sell)."),
        counter("mmd_filled_volume_shares_total", ["side"], "Shares filled, by our side."),
        counter("mmd_fills_failed_total", "Fills that went to FAILED after MATCHED (the trade did not settle)."),
        // Risk
        counter("mmd_risk_events_total", ["kind"], "Risk events by kind (stop, flat, halt, one-sided, balance, store, cap, volatility-pause, …)."),
        counter("mmd_stop_loss_triggers_total", "Stop-loss triggers (risk events of kind stop)."),
        gauge("mmd_markets", ["state"], "Markets in each risk state."),
        gauge("mmd_market_risk_state", ["market", "state"], "1 for the market's current risk state, 0 for the others (subject to metrics.perMarket)."),
        // Exposure and P&L
        gauge("mmd_net_exposure_shares", "Sum over markets of |YES − NO|, shares."),
        gauge("mmd_exposure_limit_ratio_max", "The largest |net| / per-market limit over all markets (1 = at the limit)."),
        gauge("mmd_position_value_pusd", "YES × mid + NO × (1 − mid) over markets with a mid, pUSD."),
        gauge("mmd_pnl_realized_pusd", "Realized trading P&L, pUSD."),
        gauge("mmd_pnl_unrealized_pusd", "Mark-to-market P&L at the mid, pUSD."),
        gauge("mmd_pnl_rewards_pusd", "Liquidity rewards and maker rebates credited, pUSD."),
        gauge("mmd_market_net_shares", ["market"], "YES − NO position per market, shares (subject to metrics.perMarket)."),
        gauge("mmd_market_exposure_limit_ratio", ["market"], "|net| / limit per market (subject to metrics.perMarket)."),
        gauge("mmd_market_pnl_pusd", ["market"], "Realized + unrealized + rewards per market, pUSD (subject to metrics.perMarket)."),
        // Orders at rest and rewards
        gauge("mmd_orders_resting", "Our orders resting at the venue."),
        gauge("mmd_orders_scoring", "Resting orders in markets whose quotes the model says score for rewards."),
        gauge("mmd_markets_two_sided", "Markets with both legs resting."),
        counter("mmd_scoring_checks_total", ["result"], "The venue's /orders-scoring answers: scoring, not_scoring."),
        counter("mmd_scoring_mismatches_total", "Orders the model said score and the venue said do not."),
        // Performance (docs/metrics.md#performance; `mmctl stats`)
        counter("mmd_quoting_two_sided_seconds_total", "Market-seconds with both legs resting, summed over markets."),
        counter("mmd_risk_state_seconds_total", ["state"], "Market-seconds spent in each risk state, summed over markets."),
        histogram("mmd_fill_markout_pusd", ["horizon"], "Markout per share of our fills at 1s, 10s and 60s: the mid then against our price, pUSD (positive: in our favour)."),
        gauge("mmd_capital_pusd", "Collateral the markets tie up now: positions at the mid plus resting buys, pUSD."),
        gauge("mmd_reward_rate_pusd_per_day", "Liquidity rewards the venue paid per day over the last 7 reconciled UTC days, pUSD."),
        counter("mmd_rewards_expected_pusd_total", "Liquidity rewards the reward model expected, accrued at each scoring check since start, pUSD."),
        gauge("mmd_rewards_last_day_expected_pusd", "Rewards the model expected on the last reconciled UTC day, pUSD."),
        gauge("mmd_rewards_last_day_paid_pusd", "Rewards the venue paid on the last reconciled UTC day, pUSD."),
        // Engines
        gauge("mmd_engine_mailbox_depth_max", "The deepest engine mailbox: venue messages waiting to be handled."),
        // Venue
        histogram("mmd_venue_request_duration_seconds", ["endpoint"], "Venue REST request duration by endpoint, seconds."),
        counter("mmd_venue_request_errors_total", ["endpoint", "code"], "Venue REST requests that failed, by endpoint and error code."),
        counter("mmd_heartbeat_failures_total", "Venue heartbeats that failed."),
        gauge("mmd_heartbeat_failing", "1 while the venue heartbeat is failing (quotes suspended)."),
        counter("mmd_websocket_reconnects_total", ["channel"], "Websocket reconnections, by channel (market, user)."),
        counter("mmd_websocket_disconnects_total", ["channel"], "Websocket disconnections, by channel."),
        counter("mmd_websocket_freezes_total", ["channel"], "Websocket connections silent past the freeze timeout, by channel."),
        gauge("mmd_websocket_connected", ["channel"], "1 while every connection (shard) of the channel is up."),
        histogram("mmd_websocket_message_lag_seconds", ["channel"], "From the venue's timestamp in a message to its arrival here, seconds (0 when the clocks disagree the other way)."),
        // Store
        histogram("mmd_sqlite_commit_duration_seconds", "A write transaction from its first statement to the commit's return (fsync included), seconds."),
        // Alerts (docs/alerts.md)
        counter("mmd_alerts_notified_total", ["alertname", "status"], "Alert notifications queued for the destinations (after deduplication), by alert and status (firing, resolved)."),
        counter("mmd_alerts_suppressed_total", "Alert reports dropped as duplicates within the repeat interval."),
        counter("mmd_alerts_delivered_total", ["destination"], "Alert notifications a destination took (2xx), by destination name."),
        counter("mmd_alert_send_failures_total", ["destination"], "Alert sends that failed and were retried or given up (429, 5xx, timeouts, connection errors), by destination."),
        counter("mmd_alerts_dropped_total", ["destination", "reason"], "Alert notifications given up on: queue_full, expired (retry window over) or rejected (a 4xx)."),
        // The exporter itself
        histogram("mmd_scrape_duration_seconds", "Time to gather /metrics from the engines, seconds."),
    ]

    static let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
}
