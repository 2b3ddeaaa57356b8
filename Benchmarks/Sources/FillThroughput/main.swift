import Foundation
import MMCore
import MMPersistence

// Durable fills per second through FillCommitter (group commit) on a file database (WAL, synchronous = FULL),
// with latency percentiles per fill; then the one-transaction-per-fill baseline and one requote's durability.
// Usage: FillThroughput [writers (16)] [fills (20000)] [paced rate, fills/s over 1000 markets (5000)] [directory]
let arguments = CommandLine.arguments
let writers = arguments.count > 1 ? max(Int(arguments[1]) ?? 16, 1) : 16
let totalFills = arguments.count > 2 ? max(Int(arguments[2]) ?? 20_000, writers) : 20_000
let pacedRate = arguments.count > 3 ? max(Int(arguments[3]) ?? 5_000, 1) : 5_000
let parent = arguments.count > 4 ? URL(fileURLWithPath: arguments[4]) : FileManager.default.temporaryDirectory
// Every database of this run lives in one fresh directory, removed at the end.
let directory = parent.appendingPathComponent("fill-throughput-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

let clock = ContinuousClock()
let t0: Int64 = 1_780_000_000_000

func freshDatabase() throws -> AppDatabase {
    let path = directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
    return try AppDatabase(path: path)
}

func fill(writer: Int, index: Int) -> StoredFill {
    let key = FillKey(tradeID: "w\(writer)-t\(index)", orderID: "o\(writer)")
    let fill = Fill(
        key: key, outcome: index % 2 == 0 ? .yes : .no, side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 5),
        timestampMilliseconds: t0 + Int64(index), status: .matched)
    return StoredFill(fill: fill, market: "market-\(writer)", assetID: index % 2 == 0 ? "1" : "2", raw: #"{"id":"w\#(writer)-t\#(index)"}"#)
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

/// p50, p99 and max of `samples`, in milliseconds.
func percentiles(_ samples: [Duration]) -> (p50: Double, p99: Double, max: Double) {
    let sorted = samples.sorted()
    func at(_ q: Double) -> Double { milliseconds(sorted[min(Int(Double(sorted.count - 1) * q), sorted.count - 1)]) }
    return (at(0.50), at(0.99), milliseconds(sorted[sorted.count - 1]))
}

func format(_ value: Double) -> String { String(format: "%.2f", value) }

/// `writers` markets, each recording its share of `count` fills one after another (as an engine actor does),
/// all markets at once; with `economics`, each fill is followed by a group-committed economics save.
func groupCommitRun(count: Int, economics: Bool) async throws -> (perSecond: Double, latencies: [Duration], commits: Int) {
    let database = try freshDatabase()
    let committer = FillCommitter(database: database)
    let perWriter = count / writers
    let commitsBefore = database.committedTransactions
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
        for writer in 0..<writers {
            group.addTask {
                var ledger = PositionLedger()
                var samples: [Duration] = []
                samples.reserveCapacity(perWriter)
                for index in 0..<perWriter {
                    let stored = fill(writer: writer, index: index)
                    let began = clock.now
                    guard try await committer.record(stored, nowMilliseconds: t0) == .inserted else { fatalError("a fresh fill was not inserted") }
                    samples.append(clock.now - began)
                    if economics {
                        ledger.apply(stored.fill)
                        try await committer.saveEconomics(market: stored.market, ledger: ledger, nowMilliseconds: t0)
                    }
                }
                return samples
            }
        }
        var all: [Duration] = []
        for try await samples in group { all += samples }
        return all
    }
    let seconds = milliseconds(clock.now - start) / 1e3
    return (Double(latencies.count) / seconds, latencies, database.committedTransactions - commitsBefore)
}

// Warm up (file creation, page cache, statement cache).
_ = try await groupCommitRun(count: writers * 4, economics: false)

let grouped = try await groupCommitRun(count: totalFills, economics: false)
let g = percentiles(grouped.latencies)
print(
    "group commit: \(grouped.latencies.count) fills, \(writers) concurrent writers: \(Int(grouped.perSecond)) fills/s durable, "
        + "latency p50 \(format(g.p50)) ms, p99 \(format(g.p99)) ms, max \(format(g.max)) ms, "
        + "\(grouped.commits) commits (\(format(Double(grouped.latencies.count) / Double(max(grouped.commits, 1)))) fills per commit)")

let withEconomics = try await groupCommitRun(count: totalFills / 2, economics: true)
let e = percentiles(withEconomics.latencies)
print(
    "group commit, fill + economics save: \(withEconomics.latencies.count) fills, \(writers) writers: \(Int(withEconomics.perSecond)) fills/s, "
        + "fill latency p50 \(format(e.p50)) ms, p99 \(format(e.p99)) ms, \(withEconomics.commits) commits")

// Baseline: one transaction (one fsync) per fill, the same writers calling AppDatabase.record directly.
func directRun(count: Int) async throws -> (perSecond: Double, latencies: [Duration]) {
    let database = try freshDatabase()
    let perWriter = count / writers
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
        for writer in 0..<writers {
            group.addTask {
                var samples: [Duration] = []
                for index in 0..<perWriter {
                    let began = clock.now
                    _ = try await database.record(fill(writer: writer, index: index), nowMilliseconds: t0)
                    samples.append(clock.now - began)
                }
                return samples
            }
        }
        var all: [Duration] = []
        for try await samples in group { all += samples }
        return all
    }
    return (Double(latencies.count) / (milliseconds(clock.now - start) / 1e3), latencies)
}
let direct = try await directRun(count: min(totalFills, 10_000))
let b = percentiles(direct.latencies)
print("one transaction per fill, \(writers) writers: \(Int(direct.perSecond)) fills/s, p50 \(format(b.p50)) ms, p99 \(format(b.p99)) ms")

// Paced (open loop): 1000 markets, each recording a fill every 1000/pacedRate s from a random phase, for 4 s.
func pacedRun(markets: Int, rate: Int, seconds: Int) async throws -> (perSecond: Double, latencies: [Duration], commits: Int) {
    let database = try freshDatabase()
    let committer = FillCommitter(database: database)
    let period = Duration.seconds(Double(markets) / Double(rate))
    let perMarket = max(rate * seconds / markets, 1)
    let commitsBefore = database.committedTransactions
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
        for market in 0..<markets {
            group.addTask {
                var samples: [Duration] = []
                var next = start + period * Double.random(in: 0..<1)
                for index in 0..<perMarket {
                    try await Task.sleep(until: next, clock: clock)
                    let began = clock.now
                    _ = try await committer.record(fill(writer: market, index: index), nowMilliseconds: t0)
                    samples.append(clock.now - began)
                    next += period
                }
                return samples
            }
        }
        var all: [Duration] = []
        for try await samples in group { all += samples }
        return all
    }
    return (Double(latencies.count) / (milliseconds(clock.now - start) / 1e3), latencies, database.committedTransactions - commitsBefore)
}
let paced = try await pacedRun(markets: 1_000, rate: pacedRate, seconds: 4)
let p = percentiles(paced.latencies)
print(
    "paced: 1000 markets offering \(pacedRate) fills/s: \(Int(paced.perSecond)) fills/s durable, latency p50 \(format(p.p50)) ms, "
        + "p99 \(format(p.p99)) ms, max \(format(p.max)) ms, \(format(Double(paced.latencies.count) / Double(max(paced.commits, 1)))) fills per commit")

// One requote's durability: the batch's 2 intents in one transaction, then its 2 acknowledgements in one.
let requoteDatabase = try freshDatabase()
var requotes: [Duration] = []
for index in 0..<500 {
    let intents = [Side.buy, .sell].map { side in
        OrderIntent(
            orderID: "0x\(index)-\(side.rawValue)", clientID: "c-\(index)-\(side.rawValue)", market: "market-0", assetID: "1", outcome: .yes, side: side,
            price: Price(micros: side == .buy ? 480_000 : 520_000)!, size: Quantity(shares: 5), orderType: "GTC", postOnly: true,
            signedBody: String(repeating: "x", count: 900), createdAtMilliseconds: t0 + Int64(index))
    }
    let began = clock.now
    try await requoteDatabase.record(intents: intents)
    try await requoteDatabase.apply(intents.map { OrderTransition(orderID: $0.orderID, state: .live, atMilliseconds: t0 + Int64(index)) })
    requotes.append(clock.now - began)
}
let r = percentiles(requotes)
print("requote durability (2 intents in one transaction + 2 transitions in one): p50 \(format(r.p50)) ms, p99 \(format(r.p99)) ms")
print(
    "fills_per_second=\(Int(grouped.perSecond)) p50_ms=\(format(g.p50)) p99_ms=\(format(g.p99)) writers=\(writers) "
        + "paced_rate=\(pacedRate) paced_p99_ms=\(format(p.p99))")

do { try FileManager.default.removeItem(at: directory) } catch { print("could not remove \(directory.path): \(error)") }
