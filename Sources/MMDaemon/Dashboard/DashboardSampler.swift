import Foundation
import Logging
import MMDecision
import MMEngine
import MMPersistence
import Synchronization

/// How long the dashboard's time series keeps its detail.
public struct SampleRetention: Sendable, Hashable {
    /// Rows younger than this keep their one-second detail; older ones are thinned to one per minute.
    public var fine: Duration
    /// Rows older than this are deleted.
    public var keep: Duration

    public init(fine: Duration = .seconds(3_600), keep: Duration = .seconds(7 * 86_400)) {
        self.fine = fine
        self.keep = keep
    }
}

/// Samples every market once per second for the dashboard: one actor hop per engine, the rows kept in
/// memory for `/api/overview` (so a page of 1,000 markets costs no hop at all), and the round written to
/// SQLite in one transaction. It runs beside the HTTP server, off the trading path: engines are only read.
///
/// A market whose figures did not change since its last written sample is not written again until a
/// minute has passed, so quiet markets cost next to nothing; the charts draw the series as steps.
/// A failed write is logged (once, and again when writing works again) and the next round tries again.
public final class DashboardSampler: Sendable {
    let monitor: DaemonMonitor
    let logger: Logger
    let retention: SampleRetention
    let nowMilliseconds: @Sendable () -> Int64

    struct State {
        var rows: [OverviewRow] = []
        var sampledAt: Int64?
        var written: [String: MarketSample] = [:]
        var failing = false
        var compactedUpTo: Int64 = 0
        var lastCompaction: Int64 = 0
    }

    let state = Mutex(State())

    public init(
        monitor: DaemonMonitor, logger: Logger, retention: SampleRetention = SampleRetention(),
        nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }
    ) {
        self.monitor = monitor
        self.logger = logger
        self.retention = retention
        self.nowMilliseconds = nowMilliseconds
    }

    /// The latest round's rows (sorted by market id) and when it was taken.
    var latest: (rows: [OverviewRow], sampledAt: Int64?) { state.withLock { ($0.rows, $0.sampledAt) } }

    /// Samples once per second until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let started = ContinuousClock.now
            await sampleOnce()
            await compactIfDue()
            do { try await Task.sleep(until: started + .seconds(1)) } catch { return }
        }
    }

    /// One round: reads every engine, keeps the rows, writes the changed ones in one transaction.
    /// - Returns: How many samples were written.
    @discardableResult
    public func sampleOnce() async -> Int {
        let (center, database) = monitor.state.withLock { ($0.center, $0.database) }
        guard let center, let database else { return 0 }
        let engines = await center.engines
        guard !engines.isEmpty else { return 0 }
        let names = await center.names
        var rows: [OverviewRow] = []
        rows.reserveCapacity(engines.count)
        for engine in engines.values { rows.append(OverviewRow(await engine.dashboardView, name: names[engine.market.id])) }
        rows.sort { $0.market < $1.market }
        let now = nowMilliseconds()
        let due = state.withLock { state -> [MarketSample] in
            state.rows = rows
            state.sampledAt = now
            return rows.compactMap { row in
                let sample = row.sample(at: now)
                if let last = state.written[row.market], last.sameFigures(as: sample), now - last.atMilliseconds < 60_000 { return nil }
                return sample
            }
        }
        do {
            try await database.record(samples: due)
            let recovered = state.withLock { state in
                for sample in due { state.written[sample.market] = sample }
                defer { state.failing = false }
                return state.failing
            }
            if recovered { logger.notice("dashboard samples are written again") }
            return due.count
        } catch {
            let first = state.withLock { state in
                defer { state.failing = true }
                return !state.failing
            }
            if first {
                logger.error(
                    "dashboard samples could not be written; the charts will have a gap until the database takes writes again",
                    metadata: ["samples": "\(due.count)", "error": "\(error)"])
            }
            return 0
        }
    }

    /// Thins and ages the stored series once a minute.
    func compactIfDue() async {
        let now = nowMilliseconds()
        let since = state.withLock { state -> Int64? in
            guard now - state.lastCompaction >= 60_000 else { return nil }
            state.lastCompaction = now
            return state.compactedUpTo
        }
        guard let since else { return }
        await compact(since: since, now: now)
    }

    /// The most a pass thins: it holds the write lock that fills also need, so a backlog (a restart after
    /// a long run) is worked off ten minutes of rows a minute rather than in one long transaction.
    static let compactionWindow: Int64 = 10 * 60_000

    /// Thins rows older than ``SampleRetention/fine`` to one a minute (at most ``compactionWindow`` of them
    /// a pass, continuing from `since`, or from the oldest row when `since` is 0), deletes those older than
    /// ``SampleRetention/keep``.
    func compact(since: Int64, now: Int64) async {
        guard let database = monitor.state.withLock({ $0.database }) else { return }
        let fineBefore = now - Int64(retention.fine.components.seconds) * 1_000
        do {
            var start = since
            if start == 0 { start = try await database.oldestSampleTime() ?? fineBefore }
            start = start / 60_000 * 60_000
            let upTo = min(fineBefore, start + Self.compactionWindow)
            try await database.compactSamples(since: start, fineBefore: upTo, keepAfter: now - Int64(retention.keep.components.seconds) * 1_000)
            state.withLock { $0.compactedUpTo = max(upTo / 60_000 * 60_000, start) }
        } catch {
            logger.error("dashboard samples could not be compacted; the series grows until this works", metadata: ["error": "\(error)"])
        }
    }
}
