/// What an alert is about. Each has a fixed severity and an Alertmanager-style `alertname`.
public enum AlertEvent: String, Sendable, Hashable, CaseIterable {
    case stopLoss = "stop_loss"
    case marketHalted = "market_halted"
    case liquidationFinished = "liquidation_finished"
    case notReady = "not_ready"
    case heartbeatFailing = "heartbeat_failing"
    case websocketFrozen = "websocket_frozen"
    case balanceShortfall = "balance_shortfall"
    case rewardShortfall = "reward_shortfall"
    case fillFailed = "fill_failed"
    case dailyLoss = "daily_loss"
    /// `mmctl alerts test`.
    case test

    /// A condition holds until it is resolved (a resolved notification follows) and is sent again every
    /// repeat interval while it holds; every other event is a one-off, dropped when it recurs within the
    /// repeat interval of its last notification.
    public var isCondition: Bool {
        switch self {
        case .notReady, .heartbeatFailing, .websocketFrozen, .dailyLoss: true
        default: false
        }
    }

    public var severity: AlertSeverity {
        switch self {
        case .stopLoss, .marketHalted, .notReady, .heartbeatFailing, .fillFailed, .dailyLoss: .critical
        case .websocketFrozen, .balanceShortfall, .rewardShortfall: .warning
        case .liquidationFinished, .test: .info
        }
    }

    /// `MMDStopLoss`, `MMDNotReady`, …
    public var alertName: String {
        "MMD" + rawValue.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

public enum AlertSeverity: String, Sendable, Hashable {
    case critical, warning, info
}

/// One occurrence of an event, as the daemon reports it.
public struct AlertIncident: Sendable, Hashable {
    public var event: AlertEvent
    /// The market's condition id, or a subject such as `market:0` for a feed shard; `nil`: the daemon as a whole.
    public var market: String?
    /// One line: what happened.
    public var summary: String
    /// More detail (the reason the engine gave, the figures).
    public var description: String

    public init(_ event: AlertEvent, market: String? = nil, summary: String, description: String = "") {
        self.event = event
        self.market = market
        self.summary = summary
        self.description = description
    }

    public var key: AlertKey { AlertKey(event: event, market: market) }
}

/// What alerts are deduplicated by.
public struct AlertKey: Sendable, Hashable, Comparable {
    public var event: AlertEvent
    public var market: String?

    public static func < (a: AlertKey, b: AlertKey) -> Bool { (a.event.rawValue, a.market ?? "") < (b.event.rawValue, b.market ?? "") }
}

/// One notification of an alert: firing (first, or a repeat) or resolved.
public struct AlertNotification: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case firing, resolved }

    /// Increasing per policy: tells notifications apart in queues and results.
    public var id: UInt64
    public var incident: AlertIncident
    public var status: Status
    /// When the alert started firing (Unix ms); a repeat keeps it.
    public var startsAtMilliseconds: Int64
    /// When it was resolved; `nil` while firing.
    public var endsAtMilliseconds: Int64?
}
