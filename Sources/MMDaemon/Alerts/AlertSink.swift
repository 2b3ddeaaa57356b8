/// How the daemon hands incidents to the ``AlertService`` without waiting: `report` and `resolve` only
/// append to a bounded buffer (the newest kept), so an engine or a feed never waits on a destination.
public struct AlertSink: Sendable {
    enum Input: Sendable {
        case report(AlertIncident)
        case resolve(AlertEvent, market: String?)
        case completed(destination: Int, notification: UInt64, outcome: AlertPolicy.Outcome)
        case tick
    }

    let continuation: AsyncStream<Input>.Continuation

    /// An incident happened (deduplicated by the service per event and market).
    public func report(_ incident: AlertIncident) { continuation.yield(.report(incident)) }

    /// A condition cleared (`notReady`, `heartbeatFailing`, `websocketFrozen`, `dailyLoss`).
    public func resolve(_ event: AlertEvent, market: String? = nil) { continuation.yield(.resolve(event, market: market)) }
}

/// Turns "not ready" samples into an alert only once it lasted `threshold` milliseconds (pure).
public struct NotReadyWatch: Sendable, Hashable {
    public let thresholdMilliseconds: Int64
    private var since: Int64?
    private var isFiring = false

    public init(thresholdMilliseconds: Int64) { self.thresholdMilliseconds = thresholdMilliseconds }

    public enum Change: Sendable, Hashable { case fire(failing: String, forMilliseconds: Int64), resolve }

    /// One sample of `/readyz`; `failing` names the failing checks.
    public mutating func observe(ready: Bool, failing: String, now: Int64) -> Change? {
        if ready {
            since = nil
            guard isFiring else { return nil }
            isFiring = false
            return .resolve
        }
        let start = since ?? now
        since = start
        guard now - start >= thresholdMilliseconds else { return nil }
        isFiring = true
        return .fire(failing: failing, forMilliseconds: now - start)
    }
}
