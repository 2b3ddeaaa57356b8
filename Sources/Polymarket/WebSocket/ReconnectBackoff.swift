/// Jittered exponential backoff between reconnects: base × 2ⁿ capped at `maximum`, each delay drawn
/// uniformly from [delay/2, delay] so many clients do not reconnect in lockstep.
public struct ReconnectBackoff: Sendable, Hashable {
    public var initialMilliseconds: Int64
    public var maximumMilliseconds: Int64
    public private(set) var failures = 0

    public init(initialMilliseconds: Int64 = 500, maximumMilliseconds: Int64 = 30_000) {
        self.initialMilliseconds = initialMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
    }

    /// The next delay, given a uniform random fraction in [0, 1] expressed in millionths.
    public mutating func nextDelay(randomMillionths: Int64) -> Int64 {
        let exponent = min(failures, 20)
        failures += 1
        let ceiling = min(maximumMilliseconds, initialMilliseconds << Int64(exponent))
        let half = ceiling / 2
        return half + (ceiling - half) * min(max(randomMillionths, 0), 1_000_000) / 1_000_000
    }

    /// A connection that stayed up resets the sequence.
    public mutating func reset() { failures = 0 }
}

/// Detects a channel that stopped delivering data while its keep-alive still answers.
///
/// The venue's market channel has been seen to accept a subscription and then send nothing for hours
/// while PING/PONG keeps working. Data silence alone is not enough on a quiet market, so the detector
/// only fires when data has been silent for `timeout` **and** PONGs are still arriving (the connection
/// is alive but the feed is not). A dead connection is caught by the missing PONG instead.
public struct FreezeDetector: Sendable, Hashable {
    public var timeoutMilliseconds: Int64?
    /// No PONG for this long means the connection is dead.
    public var pongTimeoutMilliseconds: Int64
    public private(set) var lastData: Int64
    public private(set) var lastPong: Int64

    public enum Verdict: Sendable, Hashable {
        case healthy
        /// Data silent for the given milliseconds while PONGs arrive.
        case frozen(silentMilliseconds: Int64)
        /// No PONG for the given milliseconds.
        case dead(silentMilliseconds: Int64)
    }

    public init(timeoutMilliseconds: Int64?, pongTimeoutMilliseconds: Int64 = 30_000, nowMilliseconds now: Int64) {
        self.timeoutMilliseconds = timeoutMilliseconds
        self.pongTimeoutMilliseconds = pongTimeoutMilliseconds
        lastData = now
        lastPong = now
    }

    public mutating func sawData(nowMilliseconds now: Int64) { lastData = now }
    public mutating func sawPong(nowMilliseconds now: Int64) { lastPong = now }

    public func verdict(nowMilliseconds now: Int64) -> Verdict {
        if now - lastPong > pongTimeoutMilliseconds { return .dead(silentMilliseconds: now - lastPong) }
        if let timeout = timeoutMilliseconds, now - lastData > timeout { return .frozen(silentMilliseconds: now - lastData) }
        return .healthy
    }
}
