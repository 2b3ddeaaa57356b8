import Foundation
import Logging
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import Polymarket
import Synchronization

// Market event → orders handed to the HTTP client, in-process: the decision, signing both legs and the
// intent batch's one transaction, measured from the moment the event reaches the engine to the moment
// the batch reaches the venue seam. Prints p50/p99 for an in-memory and a file (WAL, FULL) store, and
// the decision alone.
//
//   RequoteLatency [iterations]

/// A venue seam that notes when a batch arrives and accepts it at once.
final class StampingGateway: VenueGateway {
    let apiKey = "bench"
    let arrivals = Mutex<[ContinuousClock.Instant]>([])
    func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        arrivals.withLock { $0.append(ContinuousClock.now) }
        return orders.map { .success(PostOrderResponse(success: true, orderID: $0.0.orderIDHex, status: "live", errorMsg: "")) }
    }
    func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse { CancelResponse(canceled: orderIDs, notCanceled: [:]) }
    func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse { CancelResponse(canceled: [], notCanceled: [:]) }
    func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] { [] }
    func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] { [] }
    func heartbeat(previousID: String) async throws(ClobError) -> String { "" }
}

final class StepClock: Sendable {
    let value = Mutex<Int64>(1_780_000_000_000)
    var now: Int64 { value.withLock { $0 } }
    func advance(_ milliseconds: Int64) { value.withLock { $0 += milliseconds } }
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5_000 : 5_000
let market = EngineMarket(
    id: "0x" + String(repeating: "cd", count: 32), yesToken: "1", noToken: "2", tick: .hundredth, negRisk: false,
    rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), venueMinimumSize: Quantity(shares: 5))
let quoter = QuoterSettings(
    orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 10), venueMinimumSize: Quantity(shares: 5),
    skew: SkewSettings())
// The mid moves by two cents each event, so every requote replaces both legs.
let books = [("0.44", "0.54"), ("0.46", "0.56")].map { bid, ask in
    ChannelMessage.book(
        try! JSONDecoder().decode(
            BookMessage.self,
            from: Data(#"{"asset_id":"1","market":"m","bids":[{"price":"\#(bid)","size":"100"}],"asks":[{"price":"\#(ask)","size":"100"}]}"#.utf8)))
}
func snapshot(_ i: Int) -> MarketInput {
    let shift: Int64 = i % 2 == 0 ? 0 : 20_000
    return .bookSnapshot(
        OrderBook(
            bids: [BookLevel(price: Price(micros: 440_000 + shift)!, size: Quantity(shares: 100))],
            asks: [BookLevel(price: Price(micros: 540_000 + shift)!, size: Quantity(shares: 100))]), outcome: .yes)
}

func percentile(_ values: [Duration], _ p: Double) -> String {
    let sorted = values.sorted()
    let value = sorted[min(Int(Double(sorted.count) * p), sorted.count - 1)]
    let micros = Double(value.components.seconds) * 1e6 + Double(value.components.attoseconds) / 1e12
    return String(format: "%.1f µs", micros)
}

func measure(_ label: String, database: AppDatabase) async {
    let gateway = StampingGateway()
    let clock = StepClock()
    let engine = MarketEngine(
        market: market, settings: quoter, rebalanceThreshold: 1, volatility: VolatilitySettings(isEnabled: false), stopLoss: StopLossSettings(),
        gateway: gateway, signer: try! OrderSigner(key: try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa),
        database: database, ledger: PositionLedger(), logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }), debounceMilliseconds: 0,
        baitDefence: BaitDefenceSettings(isEnabled: false), nowMilliseconds: { clock.now })
    var latencies: [Duration] = []
    for i in 0..<iterations {
        let start = ContinuousClock.now
        await engine.handle(.market(books[i % 2]))
        await engine.handle(.timer)
        if let arrival = gateway.arrivals.withLock({ $0.popLast() }) { latencies.append(arrival - start) }
        clock.advance(1_001)
    }
    print("\(label): event → batch at the venue seam, p50 \(percentile(latencies, 0.5)), p99 \(percentile(latencies, 0.99)) (\(latencies.count) requotes)")
}

await measure("in-memory intent log", database: try AppDatabase.inMemory())
let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-requote-\(UUID().uuidString).sqlite").path
await measure("file intent log (WAL, synchronous=FULL)", database: try AppDatabase(path: path))
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

/// Answers a machine's posts and cancels as an accepting venue would, so the next event replaces both legs.
func answerAsTheVenue(_ actions: [MarketAction], machine: inout MarketMachine, now: Int64) {
    for action in actions {
        switch action {
        case .post(let requests):
            _ = machine.handle(.posted(requests.map { PostResult(clientID: $0.clientID, orderID: "o-\($0.clientID)", outcome: .accepted(status: "live")) }), now: now)
        case .cancel(let ids):
            _ = machine.handle(.cancelled(.answered(canceled: ids, notCanceled: [:], requested: ids)), now: now)
        default: break
        }
    }
}

// The decision alone: the pure machine on the same alternating books, answering its posts and cancels.
var machine = MarketMachine(
    market: market, settings: MarketMachineSettings(
        quoter: quoter, rebalanceThreshold: 1, volatility: VolatilitySettings(isEnabled: false), stopLoss: StopLossSettings(),
        baitDefence: BaitDefenceSettings(isEnabled: false), debounceMilliseconds: 0), ledger: PositionLedger(), clientPrefix: "bench")
var decisions: [Duration] = []
var now: Int64 = 1_780_000_000_000
for i in 0..<iterations {
    let snapshot = snapshot(i)
    let start = ContinuousClock.now
    _ = machine.handle(snapshot, now: now)
    let actions = machine.handle(.timer, now: now)
    decisions.append(ContinuousClock.now - start)
    answerAsTheVenue(actions, machine: &machine, now: now)
    now += 1_001
}
print("decision alone (machine: book → plan → diff → actions), p50 \(percentile(decisions, 0.5)), p99 \(percentile(decisions, 0.99))")

// The parts of a requote's critical path, measured alone.
let signer = try! OrderSigner(key: try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa)
var signing: [Duration] = []
var storing: [Duration] = []
let intentStore = try AppDatabase.inMemory()
for i in 0..<iterations {
    let start = ContinuousClock.now
    var intents: [OrderIntent] = []
    for leg in 0..<2 {
        let amounts = try! ExactAmounts.limit(side: .buy, price: Price(micros: 440_000 + Int64(leg) * 10_000)!, size: Quantity(shares: 5), tick: .hundredth)
        let order = signer.makeOrder(
            tokenID: UInt256(UInt64(leg + 1)), side: .buy, amounts: amounts, salt: UInt256(UInt64(i * 2 + leg)), timestampMilliseconds: 1, exchange: .standard)
        intents.append(
            OrderIntent(
                orderID: order.orderIDHex, clientID: "c\(i)-\(leg)", market: market.id, assetID: "\(leg + 1)", outcome: .yes, side: .buy,
                price: Price(micros: 440_000)!, size: Quantity(shares: 5), orderType: "GTC", postOnly: true,
                signedBody: OrderBody.postOrder(order, owner: "bench", orderType: .gtc, postOnly: true), createdAtMilliseconds: 1))
    }
    let signed = ContinuousClock.now
    try await intentStore.record(intents: intents)
    storing.append(ContinuousClock.now - signed)
    signing.append(signed - start)
}
print("two orders built, signed and serialized: p50 \(percentile(signing, 0.5)), p99 \(percentile(signing, 0.99))")
print("their intents stored in one transaction (in memory): p50 \(percentile(storing, 0.5)), p99 \(percentile(storing, 0.99))")

// Decision + signing, the hot path before the intent commit: the machine decides on the event and both
// new quotes are built, signed and serialized by the engine's own OrderPreparer.
var hot = MarketMachine(
    market: market, settings: MarketMachineSettings(
        quoter: quoter, rebalanceThreshold: 1, volatility: VolatilitySettings(isEnabled: false), stopLoss: StopLossSettings(),
        baitDefence: BaitDefenceSettings(isEnabled: false), debounceMilliseconds: 0), ledger: PositionLedger(), clientPrefix: "hot")
let preparer = OrderPreparer(market: market, signer: signer, apiKey: "bench")
var hotPath: [Duration] = []
var salt: UInt64 = 1
for i in 0..<iterations {
    let snapshot = snapshot(i)
    let start = ContinuousClock.now
    _ = hot.handle(snapshot, now: now)
    let actions = hot.handle(.timer, now: now)
    var bodies: [String] = []
    for case .post(let requests) in actions {
        for outcome in preparer.prepare(requests, tick: .hundredth, firstSalt: salt, nowMilliseconds: now) {
            if case .signed(let prepared) = outcome { bodies.append(prepared.intent.signedBody) }
        }
        salt &+= UInt64(requests.count)
    }
    hotPath.append(ContinuousClock.now - start)
    precondition(i == 0 || bodies.count == 2, "both legs move every event")
    answerAsTheVenue(actions, machine: &hot, now: now)
    now += 1_001
}
print("decision + both orders signed and serialized (before the intent commit): p50 \(percentile(hotPath, 0.5)), p99 \(percentile(hotPath, 0.99))")
