import Benchmark
import Foundation
import MMCore
import MMPersistence

/// Durability costs on a file database (WAL, synchronous = FULL): group-committed fills and one requote's
/// intent log. `Benchmarks/Sources/FillThroughput` prints the same figures (fills/s, p50/p99 per fill) for scripts.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3))

    @Sendable func freshDatabase() -> AppDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-bench-\(UUID().uuidString).sqlite").path
        return try! AppDatabase(path: path)
    }

    @Sendable func fill(writer: Int, index: Int) -> StoredFill {
        let fill = Fill(
            key: FillKey(tradeID: "w\(writer)-t\(index)", orderID: "o\(writer)"), outcome: .yes, side: .buy, price: Price(micros: 480_000)!,
            size: Quantity(shares: 5), timestampMilliseconds: 1_780_000_000_000 + Int64(index), status: .matched)
        return StoredFill(fill: fill, market: "market-\(writer)", assetID: "1")
    }

    // One iteration: 64 markets each record 8 fills one after another, all markets at once (512 durable
    // fills); fills per second = 512 × the iteration throughput.
    Benchmark("persistence: 512 fills from 64 concurrent markets through FillCommitter (group commit)") { benchmark in
        let committer = FillCommitter(database: freshDatabase())
        var round = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            round += 1
            let base = round * 8
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<64 {
                    group.addTask {
                        for index in base..<(base + 8) { _ = try! await committer.record(fill(writer: writer, index: index), nowMilliseconds: 0) }
                    }
                }
            }
        }
    }

    // The latency of a lone fill through the committer: one commit, nothing to share it with.
    Benchmark("persistence: one fill alone through FillCommitter") { benchmark in
        let committer = FillCommitter(database: freshDatabase())
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { _ = try! await committer.record(fill(writer: 0, index: i), nowMilliseconds: 0) }
    }

    // One requote's durability: the batch's 2 signed intents in one transaction, its 2 acknowledgements in one more.
    Benchmark("persistence: requote durability (2 intents in one transaction + 2 transitions in one)") { benchmark in
        let database = freshDatabase()
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let intents = [Side.buy, .sell].map { side in
                OrderIntent(
                    orderID: "0x\(i)-\(side.rawValue)", clientID: "c-\(i)-\(side.rawValue)", market: "m", assetID: "1", outcome: .yes, side: side,
                    price: Price(micros: 480_000)!, size: Quantity(shares: 5), orderType: "GTC", postOnly: true, signedBody: "{}",
                    createdAtMilliseconds: Int64(i))
            }
            try! await database.record(intents: intents)
            try! await database.apply(intents.map { OrderTransition(orderID: $0.orderID, state: .live, atMilliseconds: Int64(i)) })
        }
    }
}
