/// When alerts are sent, as a synchronous, deterministic state machine: incidents and send results go
/// in with `now` (Unix milliseconds), the sends to perform come out. No clock, no I/O, no tasks: the
/// ``AlertService`` performs the sends and feeds their outcomes back.
///
/// - Deduplication per (event, market): a condition (``AlertEvent/isCondition``) fires once, is sent again
///   every repeat interval while it holds, and sends a resolved notification when it clears; a one-off
///   event recurring within the repeat interval of its last notification is counted and dropped.
/// - Delivery, per destination (see `AlertPolicy+Delivery.swift`): a bounded queue (the oldest waiting
///   notification dropped, and reported, when full), one request in flight, a token bucket for the rate,
///   exponential back-off or the destination's Retry-After after a failure, and a retry window after
///   which a notification is dropped.
public struct AlertPolicy: Sendable {
    public struct Settings: Sendable, Hashable {
        public var repeatIntervalMilliseconds: Int64
        public var retryWindowMilliseconds: Int64
        /// The first retry's pause; it doubles with each failed attempt up to the maximum.
        public var initialBackoffMilliseconds: Int64 = 1_000
        public var maximumBackoffMilliseconds: Int64 = 60_000
        /// Notifications waiting per destination; at least 2.
        public var queueCapacity = 256

        public init(repeatIntervalMilliseconds: Int64 = 3_600_000, retryWindowMilliseconds: Int64 = 600_000) {
            self.repeatIntervalMilliseconds = repeatIntervalMilliseconds
            self.retryWindowMilliseconds = retryWindowMilliseconds
        }
    }

    /// What the shell does next.
    public enum Action: Sendable, Hashable {
        /// A notification was decided (after deduplication) and queued for every destination: log and count it.
        case notified(AlertNotification)
        /// Send this notification to this destination now, then report ``completed(destination:notification:outcome:now:)``.
        case send(AlertSend)
        /// A notification given up on for one destination: log it and count it.
        case dropped(destination: Int, notification: AlertNotification, reason: DropReason)
    }

    public enum DropReason: Sendable, Hashable, CustomStringConvertible {
        /// The destination's queue was full and this was the oldest waiting.
        case queueFull
        /// Still failing when the retry window ran out.
        case expired(lastError: String)
        /// The destination refused it for good (a 4xx other than 408 and 429).
        case rejected(String)

        /// The `reason` label of `mmd_alerts_dropped_total`.
        public var label: String {
            switch self {
            case .queueFull: "queue_full"
            case .expired: "expired"
            case .rejected: "rejected"
            }
        }

        public var description: String {
            switch self {
            case .queueFull: "queue full (oldest dropped)"
            case .expired(let error): "retry window over; last error: \(error)"
            case .rejected(let reason): "refused: \(reason)"
            }
        }
    }

    /// How one send ended.
    public enum Outcome: Sendable, Hashable {
        case delivered
        /// Try again: after the destination's Retry-After (milliseconds from now) when it gave one, else back off.
        case retry(afterMilliseconds: Int64?, reason: String)
        case rejected(reason: String)
    }

    struct Active: Sendable, Hashable {
        var incident: AlertIncident
        var startsAt: Int64
        var lastNotifiedAt: Int64
    }

    public let settings: Settings
    /// Alerts firing (conditions) or recently sent (one-off events, until their repeat interval ends).
    private(set) var active: [AlertKey: Active] = [:]
    var destinations: [DestinationState]
    private var nextID: UInt64 = 1
    /// Reports dropped as duplicates within the repeat interval.
    public private(set) var suppressed = 0

    /// - Parameter ratesPerMinute: one per destination, in the order sends name them.
    public init(settings: Settings, ratesPerMinute: [Int], now: Int64) {
        self.settings = settings
        destinations = ratesPerMinute.map { DestinationState(bucket: TokenBucket(perMinute: Int64($0), now: now)) }
    }

    /// Conditions firing now, in key order.
    public var firing: [AlertKey] { active.keys.filter(\.event.isCondition).sorted() }

    /// An incident happened (again): a notification unless it is a duplicate.
    public mutating func report(_ incident: AlertIncident, now: Int64) -> [Action] {
        let key = incident.key
        if var known = active[key] {
            known.incident = incident
            let due = now - known.lastNotifiedAt >= settings.repeatIntervalMilliseconds
            // A condition repeats on the tick; a one-off past its interval is a new occurrence.
            guard !key.event.isCondition, due else {
                active[key] = known
                suppressed += 1
                return pump(now: now)
            }
            known.startsAt = now
            known.lastNotifiedAt = now
            active[key] = known
            return enqueue(notification(incident, .firing, startsAt: now), now: now)
        }
        active[key] = Active(incident: incident, startsAt: now, lastNotifiedAt: now)
        return enqueue(notification(incident, .firing, startsAt: now), now: now)
    }

    /// A condition cleared: a resolved notification when it was firing, else nothing.
    public mutating func resolve(_ event: AlertEvent, market: String? = nil, now: Int64) -> [Action] {
        let key = AlertKey(event: event, market: market)
        guard event.isCondition, let known = active.removeValue(forKey: key) else { return pump(now: now) }
        var resolved = notification(known.incident, .resolved, startsAt: known.startsAt)
        resolved.endsAtMilliseconds = now
        return enqueue(resolved, now: now)
    }

    /// Time passed: repeats of conditions still firing, one-off events forgotten after their interval,
    /// and sends whose back-off or rate limit ended.
    public mutating func tick(now: Int64) -> [Action] {
        var repeats: [AlertNotification] = []
        for key in active.keys.sorted() {
            guard var known = active[key], now - known.lastNotifiedAt >= settings.repeatIntervalMilliseconds else { continue }
            if key.event.isCondition {
                known.lastNotifiedAt = now
                active[key] = known
                repeats.append(notification(known.incident, .firing, startsAt: known.startsAt))
            } else {
                active[key] = nil
            }
        }
        var actions: [Action] = []
        for repeated in repeats { actions += enqueue(repeated, now: now, pumping: false) }
        return actions + pump(now: now)
    }

    private mutating func notification(_ incident: AlertIncident, _ status: AlertNotification.Status, startsAt: Int64) -> AlertNotification {
        defer { nextID += 1 }
        return AlertNotification(id: nextID, incident: incident, status: status, startsAtMilliseconds: startsAt, endsAtMilliseconds: nil)
    }
}
