import Benchmark
import Foundation
import Logging
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import Polymarket
import Synchronization

/// A venue that accepts everything at once, so the benchmark measures mmd, not a network.
final class AcceptingGateway: VenueGateway {
    let apiKey = "bench"
    func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        orders.map { .success(PostOrderResponse(success: true, orderID: $0.0.orderIDHex, status: "live", errorMsg: "")) }
    }
    func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse { CancelResponse(canceled: orderIDs, notCanceled: [:]) }
    func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse { CancelResponse(canceled: [], notCanceled: [:]) }
    func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] { [] }
    func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] { [] }
    func heartbeat(previousID: String) async throws(ClobError) -> String { "" }
}

final class BenchClock: Sendable {
    let mutex = Mutex<Int64>(1_780_000_000_000)
    var now: Int64 { mutex.withLock { $0 } }
    func advance(_ ms: Int64) { mutex.withLock { $0 += ms } }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("engine: market event in → requote → 2 signed orders out (intent log in memory)") { benchmark in
        let clock = BenchClock()
        let market = EngineMarket(
            id: "0x" + String(repeating: "cd", count: 32), yesToken: "1", noToken: "2", tick: .hundredth, negRisk: false,
            rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), venueMinimumSize: Quantity(shares: 5))
        let engine = MarketEngine(
            market: market,
            settings: QuoterSettings(orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 10), venueMinimumSize: Quantity(shares: 5), skew: SkewSettings()),
            rebalanceThreshold: 1, volatility: VolatilitySettings(isEnabled: false), stopLoss: StopLossSettings(), gateway: AcceptingGateway(),
            signer: try! OrderSigner(key: try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa),
            database: try! AppDatabase.inMemory(), ledger: PositionLedger(), logger: Logger(label: "bench"), debounceMilliseconds: 0,
            baitDefence: BaitDefenceSettings(isEnabled: false), nowMilliseconds: { clock.now })
        let books = [("0.44", "0.54"), ("0.46", "0.56")].map { bid, ask in
            try! JSONDecoder().decode(
                BookMessage.self,
                from: Data(#"{"asset_id":"1","market":"m","bids":[{"price":"\#(bid)","size":"100"}],"asks":[{"price":"\#(ask)","size":"100"}]}"#.utf8))
        }
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            // Each event moves the mid by two cents, so every iteration replaces both legs.
            await engine.handle(.market(.book(books[i % 2])))
            clock.advance(1)
            await engine.handle(.timer)
        }
    }

    Benchmark("persistence: fills committed per second (file, WAL, synchronous=FULL)") { benchmark in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-bench-\(UUID().uuidString).sqlite").path
        let database = try! AppDatabase(path: path)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let fill = Fill(
                key: FillKey(tradeID: "t\(i)", orderID: "o"), outcome: .yes, side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 5),
                timestampMilliseconds: 1_780_000_000_000 + Int64(i), status: .matched)
            _ = try! await database.record(StoredFill(fill: fill, market: "m", assetID: "1"), nowMilliseconds: 0)
        }
    }
}
