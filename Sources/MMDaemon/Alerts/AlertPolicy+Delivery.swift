/// One notification to send to one destination.
public struct AlertSend: Sendable, Hashable {
    /// The destination's index in the configuration.
    public var destination: Int
    public var notification: AlertNotification
    /// 1 for the first try.
    public var attempt: Int
}

/// What happened at one destination so far.
public struct AlertDeliveryCounters: Sendable, Hashable {
    public var delivered = 0
    /// Attempts that failed and were (or would have been) retried.
    public var failedAttempts = 0
    public var dropped = 0
    /// Notifications waiting, the one in flight included.
    public var queued = 0
}

/// A request budget refilled continuously: `perMinute` requests a minute, at most `perMinute` at once.
/// Kept in integer units of 1/60 000 of a request so every refill is exact.
struct TokenBucket: Sendable, Hashable {
    static let unit: Int64 = 60_000
    let perMinute: Int64
    private(set) var level: Int64
    private var updatedAt: Int64

    init(perMinute: Int64, now: Int64) {
        self.perMinute = max(perMinute, 1)
        level = self.perMinute * Self.unit
        updatedAt = now
    }

    private mutating func refill(now: Int64) {
        guard now > updatedAt else { return }
        level = min(perMinute * Self.unit, level + (now - updatedAt) * perMinute)
        updatedAt = now
    }

    /// Takes one request's worth; `false` when there is none yet.
    mutating func take(now: Int64) -> Bool {
        refill(now: now)
        guard level >= Self.unit else { return false }
        level -= Self.unit
        return true
    }

    /// When the next whole request's worth is there.
    func nextAvailable(now: Int64) -> Int64 {
        var copy = self
        copy.refill(now: now)
        let missing = Self.unit - copy.level
        return missing <= 0 ? now : now + (missing + perMinute - 1) / perMinute
    }
}

struct DestinationState: Sendable, Hashable {
    struct Queued: Sendable, Hashable {
        var notification: AlertNotification
        var enqueuedAt: Int64
        var attempts = 0
    }

    var bucket: TokenBucket
    /// Oldest first; the head is the one in flight or next.
    var queue: [Queued] = []
    var isInFlight = false
    /// No send before this (a back-off or the destination's Retry-After).
    var blockedUntil = Int64.min
    var counters = AlertDeliveryCounters()
}

extension AlertPolicy {
    /// Per destination, in configuration order.
    public var counters: [AlertDeliveryCounters] {
        destinations.map { state in
            var counters = state.counters
            counters.queued = state.queue.count
            return counters
        }
    }

    /// When something next becomes due without new input: a repeat, a back-off's end, a token; `nil`: nothing pending.
    public func nextWake(now: Int64) -> Int64? {
        var times = active.values.map { $0.lastNotifiedAt + settings.repeatIntervalMilliseconds }
        for state in destinations where !state.isInFlight && !state.queue.isEmpty {
            times.append(max(state.blockedUntil, state.bucket.nextAvailable(now: now)))
        }
        return times.min()
    }

    /// A send finished. An outcome for anything but the destination's request in flight is ignored.
    public mutating func completed(destination index: Int, notification id: UInt64, outcome: Outcome, now: Int64) -> [Action] {
        guard destinations.indices.contains(index), destinations[index].isInFlight, let head = destinations[index].queue.first, head.notification.id == id else {
            return pump(now: now)
        }
        var actions: [Action] = []
        destinations[index].isInFlight = false
        switch outcome {
        case .delivered:
            destinations[index].queue.removeFirst()
            destinations[index].counters.delivered += 1
        case .rejected(let reason):
            destinations[index].queue.removeFirst()
            destinations[index].counters.dropped += 1
            actions.append(.dropped(destination: index, notification: head.notification, reason: .rejected(reason)))
        case .retry(let after, let reason):
            destinations[index].counters.failedAttempts += 1
            let delay = after.map { max($0, 0) } ?? backoff(attempts: head.attempts)
            if now + delay - head.enqueuedAt > settings.retryWindowMilliseconds {
                destinations[index].queue.removeFirst()
                destinations[index].counters.dropped += 1
                actions.append(.dropped(destination: index, notification: head.notification, reason: .expired(lastError: reason)))
            } else {
                // The whole destination waits: a Retry-After is about the destination, not one message.
                destinations[index].blockedUntil = now + delay
            }
        }
        return actions + pump(now: now)
    }

    /// The pause after `attempts` failed tries: initial × 2^(attempts − 1), capped.
    func backoff(attempts: Int) -> Int64 {
        var delay = settings.initialBackoffMilliseconds
        for _ in 1..<max(attempts, 1) {
            delay *= 2
            if delay >= settings.maximumBackoffMilliseconds { return settings.maximumBackoffMilliseconds }
        }
        return min(delay, settings.maximumBackoffMilliseconds)
    }

    /// Puts a notification on every destination's queue, dropping the oldest waiting one where full.
    mutating func enqueue(_ notification: AlertNotification, now: Int64, pumping: Bool = true) -> [Action] {
        var actions: [Action] = []
        for index in destinations.indices {
            if destinations[index].queue.count >= max(settings.queueCapacity, 2) {
                // Never the one in flight: its outcome is still to come.
                let victim = destinations[index].isInFlight ? 1 : 0
                let dropped = destinations[index].queue.remove(at: victim)
                destinations[index].counters.dropped += 1
                actions.append(.dropped(destination: index, notification: dropped.notification, reason: .queueFull))
            }
            destinations[index].queue.append(DestinationState.Queued(notification: notification, enqueuedAt: now))
        }
        actions.append(.notified(notification))
        return pumping ? actions + pump(now: now) : actions
    }

    /// Starts every send that may go now: one in flight per destination, past its back-off, within its rate.
    mutating func pump(now: Int64) -> [Action] {
        var actions: [Action] = []
        for index in destinations.indices {
            guard !destinations[index].isInFlight, !destinations[index].queue.isEmpty, now >= destinations[index].blockedUntil,
                destinations[index].bucket.take(now: now)
            else { continue }
            destinations[index].isInFlight = true
            destinations[index].queue[0].attempts += 1
            let head = destinations[index].queue[0]
            actions.append(.send(AlertSend(destination: index, notification: head.notification, attempt: head.attempts)))
        }
        return actions
    }
}
