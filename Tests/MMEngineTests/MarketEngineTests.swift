import Foundation
import Logging
import MMCore
import MMDecision
import MMPersistence
import Polymarket
import Synchronization
import Testing
@testable import MMEngine

/// A gateway that records every call and answers by script; the engine's seam for venue behaviour that
/// is hard to provoke on demand (here: a wallet without funds).
final class ScriptedGateway: VenueGateway {
    let apiKey = "key-1"
    let calls = Mutex<[String]>([])
    /// Every posted order as "TYPE SIDE OUTCOME-TOKEN PRICE SIZE".
    let orders = Mutex<[String]>([])
    let rejectPosts: Bool

    init(rejectPosts: Bool) { self.rejectPosts = rejectPosts }

    func postOrders(_ orders: [(SignedOrder, OrderType)], postOnly: Bool) async throws(ClobError) -> [Result<PostOrderResponse, ClobError>] {
        calls.withLock { $0.append("post \(orders.count)") }
        self.orders.withLock { list in
            for (signed, type) in orders {
                let o = signed.order
                let (cash, shares) = o.side == .buy ? (o.makerAmount, o.takerAmount) : (o.takerAmount, o.makerAmount)
                list.append("\(type.rawValue) \(o.side.rawValue) \(o.tokenID) \(cash * 1_000_000 / shares) \(shares)")
            }
        }
        return orders.map { order in
            rejectPosts
                ? .failure(ClobError(.insufficientBalance, "not enough balance / allowance"))
                : .success(PostOrderResponse(success: true, orderID: order.0.orderIDHex, status: "live", errorMsg: ""))
        }
    }
    func cancel(orderIDs: [String]) async throws(ClobError) -> CancelResponse {
        calls.withLock { $0.append("cancel \(orderIDs.count)") }
        return CancelResponse(canceled: orderIDs, notCanceled: [:])
    }
    func cancelMarketOrders(market: String?, assetID: String?) async throws(ClobError) -> CancelResponse { CancelResponse(canceled: [], notCanceled: [:]) }
    func openOrders(market: String?, assetID: String?) async throws(ClobError) -> [OrderMessage] { [] }
    func trades(market: String?, assetID: String?, afterSeconds: UInt64?) async throws(ClobError) -> [TradeMessage] { [] }
    func heartbeat(previousID: String) async throws(ClobError) -> String { "hb" }
}

@Suite struct MarketEngineTests {
    static let market = EngineMarket(
        id: "0x" + String(repeating: "cd", count: 32), yesToken: "1", noToken: "2", tick: .hundredth, negRisk: false,
        rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), venueMinimumSize: Quantity(shares: 5))

    static func engine(_ gateway: ScriptedGateway, database: AppDatabase, clock: ManualClock, stopLoss: StopLossSettings = StopLossSettings()) throws -> MarketEngine {
        MarketEngine(
            market: market,
            settings: QuoterSettings(orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 10), venueMinimumSize: Quantity(shares: 5), skew: SkewSettings()),
            rebalanceThreshold: 5_000, volatility: VolatilitySettings(isEnabled: false), stopLoss: stopLoss, gateway: gateway,
            signer: try OrderSigner(key: try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa),
            database: database, ledger: PositionLedger(), logger: Logger(label: "engine-test"), debounceMilliseconds: 50, legCooldownMilliseconds: 1_000,
            baitDefence: BaitDefenceSettings(isEnabled: false),
            nowMilliseconds: { clock.now })
    }

    static let book = ChannelMessage.book(try! JSONDecoder().decode(BookMessage.self, from: Data(#"{"asset_id":"1","market":"m","bids":[{"price":"0.45","size":"100"}],"asks":[{"price":"0.55","size":"100"}]}"#.utf8)))

    @Test func aBurstOfBookChangesIsQuotedOnceAfterTheDebounce() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let engine = try Self.engine(gateway, database: try AppDatabase.inMemory(), clock: clock)
        for _ in 0..<5 { await engine.handle(.market(Self.book)) }
        #expect(gateway.calls.withLock { $0 }.isEmpty, "nothing sent inside the debounce window")
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 } == ["post 2"], "one batch with both legs")
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 } == ["post 2"], "an unchanged book requotes nothing")
    }

    static func book(bid: String, ask: String) -> ChannelMessage {
        .book(try! JSONDecoder().decode(BookMessage.self, from: Data(#"{"asset_id":"1","market":"m","bids":[{"price":"\#(bid)","size":"100"}],"asks":[{"price":"\#(ask)","size":"100"}]}"#.utf8)))
    }

    @Test func anAdverseMoveTriggersTheStopAndAMarketLiquidation() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let database = try AppDatabase.inMemory()
        let settings = StopLossSettings(isEnabled: true, maxUnrealizedLoss: Money(micros: -1_000_000), mode: .market, slippageCap: 30_000)
        let engine = try Self.engine(gateway, database: database, clock: clock, stopLoss: settings)
        await engine.handle(.market(Self.book(bid: "0.49", ask: "0.51")))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 } == ["post 2"])
        // We bought 10 YES at 0.50; the market falls to 0.30: unrealized −2 < −1.
        await engine.apply(
            AttributedFill(tradeID: "t1", orderID: "o1", market: Self.market.id, assetID: "1", side: .buy, price: Price(micros: 500_000)!, size: Quantity(shares: 10),
                status: .matched, matchTimeMilliseconds: clock.now, isTaker: false), raw: nil)
        await engine.handle(.market(Self.book(bid: "0.29", ask: "0.31")))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 }.contains("cancel 2"), "quotes pulled")
        #expect(gateway.orders.withLock { $0 }.last == "FAK SELL 1 270000 10000000", "sell the 10 YES no worse than mid − 3c")
        guard case .liquidating(.unrealizedLoss, .market, _) = await engine.stopLossState else { Issue.record("not liquidating"); return }
        #expect(try await database.riskEvents().map(\.kind).contains("stop"))
        let posts = gateway.calls.withLock { $0 }.filter { $0.hasPrefix("post") }.count
        clock.advance(by: 1_000)
        await engine.handle(.market(Self.book(bid: "0.28", ask: "0.32")))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 }.filter { $0.hasPrefix("post") }.count == posts, "no quoting and no FAK spam while liquidating")
    }

    @Test func reachingThePositionLimitGoesOneSidedWithARecordedReason() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let database = try AppDatabase.inMemory()
        let engine = try Self.engine(gateway, database: database, clock: clock)
        await engine.handle(.market(Self.book(bid: "0.45", ask: "0.55")))
        clock.advance(by: 60)
        await engine.handle(.timer)
        // A fill of 10 NO puts net exposure at the −10 limit: the NO-buying (ask) leg must stop.
        await engine.apply(
            AttributedFill(tradeID: "t1", orderID: "o1", market: Self.market.id, assetID: "2", side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 10),
                status: .matched, matchTimeMilliseconds: clock.now, isTaker: false), raw: nil)
        clock.advance(by: 1_100)
        await engine.handle(.timer)
        let events = try await database.riskEvents()
        #expect(events.map(\.reason) == ["ask leg: positionLimit"])
        clock.advance(by: 1_100)
        await engine.handle(.timer)
        #expect(try await database.riskEvents().count == 1, "recorded once, not every tick")
    }

    @Test func newRewardParametersRebuildTheQuotesAtOnce() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let engine = try Self.engine(gateway, database: try AppDatabase.inMemory(), clock: clock)
        await engine.handle(.market(Self.book))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 } == ["post 2"])
        // The band widens from 3c to 6c: both quotes move (offset = 0.5 × v), so both are replaced.
        await engine.update(rewards: RewardParameters(maxSpread: 60_000, minSize: Quantity(shares: 5)))
        #expect(gateway.calls.withLock { $0 } == ["post 2", "cancel 2", "post 2"])
    }

    @Test func aWalletWithoutFundsGoesOneSidedThenHalts() async throws {
        let gateway = ScriptedGateway(rejectPosts: true)
        let clock = ManualClock(1_780_000_000_000)
        let database = try AppDatabase.inMemory()
        let engine = try Self.engine(gateway, database: database, clock: clock)
        await engine.handle(.market(Self.book))
        for _ in 0..<10 where await engine.haltReason == nil {
            clock.advance(by: 1_100)
            await engine.handle(.timer)
        }
        #expect(await engine.haltReason?.contains("both sides failed 3 times") == true)
        let kinds = try await database.riskEvents().map(\.kind)
        #expect(kinds.filter { $0 == "one-sided" }.count == 6 && kinds.last == "halt")
        let posts = gateway.calls.withLock { $0 }.count
        clock.advance(by: 60_000)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 }.count == posts, "a halted market sends nothing")
        #expect(try await database.intents(in: [.rejected]).count == 6, "every refusal is in the intent log")
    }
}

/// Wall-clock milliseconds that only move when the test says so.
final class ManualClock: Sendable {
    private let mutex: Mutex<Int64>
    init(_ start: Int64) { mutex = Mutex(start) }
    var now: Int64 { mutex.withLock { $0 } }
    func advance(by milliseconds: Int64) { mutex.withLock { $0 += milliseconds } }
}

@Suite struct OrderBatcherTests {
    static func order(_ salt: UInt64) throws -> SignedOrder {
        let signer = try OrderSigner(key: try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa)
        return signer.makeOrder(
            tokenID: UInt256(1), side: .buy, amounts: OrderAmounts(maker: 4_800_000, taker: 10_000_000), salt: UInt256(salt), timestampMilliseconds: 1, exchange: .standard)
    }

    @Test func postsFromSeveralMarketsShareOneRequestAndGetTheirOwnAnswers() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let batcher = OrderBatcher(gateway: gateway, window: .milliseconds(20))
        let requests = try (0..<4).map { market in try [(Self.order(UInt64(market * 10)), OrderType.gtc), (Self.order(UInt64(market * 10 + 1)), .gtc)] }
        let answers = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    let result = await batcher.post(request, postOnly: true)
                    return (index, ((try? result.get()) ?? []).compactMap { try? $0.get().orderID })
                }
            }
            var collected: [Int: [String]] = [:]
            for await (index, ids) in group { collected[index] = ids }
            return collected
        }
        #expect(gateway.calls.withLock { $0 } == ["post 8"], "four markets, one request")
        for (index, request) in requests.enumerated() {
            #expect(answers[index] == request.map(\.0.orderIDHex), "market \(index) got its own answers")
        }
    }

    @Test func batchesNeverExceedFifteenOrders() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let batcher = OrderBatcher(gateway: gateway, window: .milliseconds(20))
        await withTaskGroup(of: Void.self) { group in
            for market in 0..<10 {
                group.addTask { _ = await batcher.post(try! [(Self.order(UInt64(market * 10)), .gtc), (Self.order(UInt64(market * 10 + 1)), .gtc)], postOnly: true) }
            }
        }
        let posts = gateway.calls.withLock { $0 }.map { Int($0.split(separator: " ")[1])! }
        #expect(posts.reduce(0, +) == 20 && posts.allSatisfy { $0 <= 15 } && posts.count == 2)
    }
}

@Suite struct SuspensionAndBalanceTests {
    @Test func aRecoveredHeartbeatDoesNotUndoTheOperatorsPause() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let paused = try MarketEngineTests.engine(gateway, database: try AppDatabase.inMemory(), clock: clock)
        let quoting = try MarketEngineTests.engine(gateway, database: try AppDatabase.inMemory(), clock: clock)
        for engine in [paused, quoting] { await engine.handle(.market(MarketEngineTests.book)) }
        await paused.pause()
        for engine in [paused, quoting] { await engine.suspendForHeartbeat() }
        #expect(await quoting.riskState == .halted)
        #expect(await quoting.liveOrderIDs.isEmpty)
        for engine in [paused, quoting] { await engine.heartbeatRestored() }
        #expect(await paused.riskState == .paused)
        #expect(await paused.liveOrderIDs.isEmpty, "the operator's pause outlives the outage")
        #expect(await quoting.liveOrderIDs.count == 2, "the other market quotes again")
    }

    @Test func theBalanceGuardCommitsAndGivesBack() {
        let guardian = BalanceGuard()
        #expect(guardian.reserve(Money(micros: 1_000_000_000)), "nothing is blocked before the first refresh")
        guardian.refresh(availableMicros: 10_000_000)
        #expect(guardian.reserve(Money(micros: 6_000_000)))
        #expect(!guardian.reserve(Money(micros: 6_000_000)), "4 left: a 6 pUSD BUY is kept back")
        guardian.release(Money(micros: 6_000_000))
        #expect(guardian.reserve(Money(micros: 6_000_000)))
        #expect(guardian.availableMicros == 4_000_000)
    }
}

@Suite struct CancelBatcherTests {
    @Test func cancelsFromManyMarketsShareRequestsAndGetTheirOwnAnswers() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let batcher = CancelBatcher(gateway: gateway, window: .milliseconds(20))
        let requests = (0..<300).map { market in ["m\(market)-a", "m\(market)-b"] }
        let answers = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, ids) in requests.enumerated() {
                group.addTask { (index, ((try? await batcher.cancel(ids).get())?.canceled ?? []).sorted()) }
            }
            var collected: [Int: [String]] = [:]
            for await (index, ids) in group { collected[index] = ids }
            return collected
        }
        let calls = gateway.calls.withLock { $0 }.map { Int($0.split(separator: " ")[1])! }
        #expect(calls.reduce(0, +) == 600 && calls.allSatisfy { $0 <= CancelBatcher.maximumBatch })
        #expect(calls.count < 10, "600 ids in a few requests, not 300 (\(calls.count))")
        for (index, ids) in requests.enumerated() { #expect(answers[index] == ids.sorted(), "market \(index) got its own answer") }
    }
}
