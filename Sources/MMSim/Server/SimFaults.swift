import Foundation

/// Faults the simulator injects on purpose, set per scenario or at runtime through `POST /admin/faults`.
///
/// ```json
/// {"http": [{"path": "/order", "status": 425, "count": 3}],
///  "submitTimeouts": {"count": 1, "delayMilliseconds": 6000},
///  "batchRejectEvery": 2,
///  "ws": {"dropMillionths": 100000, "duplicateMillionths": 100000, "reorderMillionths": 100000, "delayMilliseconds": 0, "freeze": false},
///  "disconnect": true}
/// ```
public struct SimFaults: Sendable, Hashable {
    public struct HTTPBurst: Sendable, Hashable {
        public var path: String
        public var status: Int
        public var remaining: Int
    }

    /// Answer the next `remaining` requests to `path` with `status` (425, 429, 5xx).
    public var httpBursts: [HTTPBurst] = []
    /// Accept the next `submitTimeouts` order requests (`POST /order`, or a `POST /orders` batch with at
    /// least one leg accepted), then hold the answer past the client's timeout.
    public var submitTimeouts = 0
    public var submitTimeoutDelayMilliseconds: Int64 = 6_000
    /// In `POST /orders`, reject every Nth order (partial batch acceptance); 0 = off.
    public var batchRejectEvery = 0
    /// Websocket data messages dropped / sent twice, in millionths.
    public var dropMillionths: Int64 = 0
    public var duplicateMillionths: Int64 = 0
    /// Websocket data messages held back and sent after the next one, in millionths.
    public var reorderMillionths: Int64 = 0
    public var delayMilliseconds: Int64 = 0
    /// Stop sending websocket data while still answering PING with PONG (the venue's silent freeze).
    public var freeze = false
    /// Probability, in millionths, that a trade matched from now on ends FAILED (and is reversed).
    public var failMatchedMillionths: Int64?
    /// Bumped to close every open websocket connection.
    public var disconnectGeneration = 0

    public init() {}

    /// Applies a JSON object like the one above; unknown keys are refused with their name.
    public mutating func apply(json object: [String: Any]) throws(SimRejection) {
        let known: Set<String> = ["http", "submitTimeouts", "batchRejectEvery", "ws", "disconnect", "clear", "failMatchedMillionths"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) { throw SimRejection("unknown fault '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))") }
        if object["clear"] as? Bool == true { self = SimFaults() }
        for burst in (object["http"] as? [[String: Any]]) ?? [] {
            guard let path = burst["path"] as? String, let status = Self.integer(burst["status"]) else { throw SimRejection("http faults need path and status") }
            httpBursts.append(HTTPBurst(path: path, status: Int(status), remaining: Int(Self.integer(burst["count"]) ?? 1)))
        }
        if let timeouts = object["submitTimeouts"] as? [String: Any] {
            submitTimeouts = Int(Self.integer(timeouts["count"]) ?? 1)
            submitTimeoutDelayMilliseconds = Self.integer(timeouts["delayMilliseconds"]) ?? submitTimeoutDelayMilliseconds
        }
        if let every = Self.integer(object["batchRejectEvery"]) { batchRejectEvery = Int(every) }
        if let ws = object["ws"] as? [String: Any] {
            dropMillionths = Self.integer(ws["dropMillionths"]) ?? dropMillionths
            duplicateMillionths = Self.integer(ws["duplicateMillionths"]) ?? duplicateMillionths
            reorderMillionths = Self.integer(ws["reorderMillionths"]) ?? reorderMillionths
            delayMilliseconds = Self.integer(ws["delayMilliseconds"]) ?? delayMilliseconds
            freeze = (ws["freeze"] as? Bool) ?? freeze
        }
        if object["disconnect"] as? Bool == true { disconnectGeneration += 1 }
        if let fail = Self.integer(object["failMatchedMillionths"]) { failMatchedMillionths = fail }
    }

    /// An integer from JSON (NSNumber) or YAML (Int) input.
    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: Int64(number)
        case let number as Int64: number
        case let number as NSNumber: number.int64Value
        case let text as String: Int64(text)
        default: nil
        }
    }

    /// Takes one injected HTTP failure for `path`, if any is pending.
    mutating func takeHTTPFailure(path: String) -> Int? {
        guard let index = httpBursts.firstIndex(where: { $0.path == path && $0.remaining > 0 }) else { return nil }
        httpBursts[index].remaining -= 1
        let status = httpBursts[index].status
        if httpBursts[index].remaining == 0 { httpBursts.remove(at: index) }
        return status
    }
}
