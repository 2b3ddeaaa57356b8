import Foundation
import MMPersistence
import Synchronization

/// One readiness check as `/readyz` reports it.
public struct ReadinessCheck: Sendable, Hashable, Codable {
    public var name: String
    public var passes: Bool
    /// Why it fails, or what it saw.
    public var detail: String
}

extension DaemonMonitor {
    /// A heartbeat older than this means the scheduler loop stalled (it sends one every 5 s).
    static let heartbeatStaleAfter: Duration = .seconds(30)

    /// The checks `/readyz` answers with, in a fixed order: recovered, market and user feeds live, the
    /// venue heartbeat answering, the database taking writes (a rolled-back probe write).
    public func readiness() async -> [ReadinessCheck] {
        let snapshot = state.withLock { $0 }
        var checks: [ReadinessCheck] = []
        let recovered = await snapshot.center?.isRecovered ?? false
        checks.append(ReadinessCheck(name: "recovered", passes: recovered, detail: recovered ? "start-up recovery done" : "still recovering with the venue"))
        for channel in Channel.allCases {
            let shards = snapshot.shards[channel] ?? [:]
            let up = shards.values.filter { $0 }.count
            let live = !shards.isEmpty && up == shards.count
            let detail = shards.isEmpty ? "not connected yet" : "\(up) of \(shards.count) connections up"
            checks.append(ReadinessCheck(name: "\(channel.rawValue)_feed", passes: live, detail: detail))
        }
        let heartbeat: ReadinessCheck
        if snapshot.heartbeatFailing {
            heartbeat = ReadinessCheck(name: "heartbeat", passes: false, detail: "the venue heartbeat is failing; quotes are suspended")
        } else if let last = snapshot.lastHeartbeat {
            let age = ContinuousClock.now - last
            heartbeat = ReadinessCheck(
                name: "heartbeat", passes: age < Self.heartbeatStaleAfter, detail: age < Self.heartbeatStaleAfter ? "answered" : "none answered for \(age.components.seconds) s")
        } else {
            // Heartbeats start 5 s after trading does; until then nothing has failed.
            heartbeat = ReadinessCheck(name: "heartbeat", passes: recovered, detail: recovered ? "none sent yet" : "trading has not started")
        }
        checks.append(heartbeat)
        if let database = snapshot.database {
            do {
                try await database.probeWritable()
                checks.append(ReadinessCheck(name: "database", passes: true, detail: "writable"))
            } catch {
                checks.append(ReadinessCheck(name: "database", passes: false, detail: "\(error)"))
            }
        } else {
            checks.append(ReadinessCheck(name: "database", passes: false, detail: "not open yet"))
        }
        return checks
    }
}
