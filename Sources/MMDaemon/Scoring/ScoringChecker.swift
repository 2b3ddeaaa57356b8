import Foundation
import Logging
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import Polymarket

/// Closes the reward loop against the venue: every ``ScoringCheckSettings/interval`` it asks
/// `/orders-scoring` about our resting quotes (batched, on the client's `scoring` rate limit), compares
/// each answer with the reward model (``ScoringAssessment``), stores every verdict, counts and logs the
/// disagreements, and accrues the model's expected reward per market and UTC day; once a day (and on
/// `mmctl rewards`) it fetches what the venue paid and stores it beside the expectation.
///
/// An actor because the control center reads its counters while its loop runs; the decisions are the
/// pure ``ScoringAssessment``, the actor only gathers inputs, performs requests and writes.
public actor ScoringChecker {
    let settings: ScoringCheckSettings
    let client: ClobClient
    let gamma: GammaClient?
    let signatureType: SignatureType
    let database: AppDatabase
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64

    /// Counters per market since start.
    public internal(set) var counters: [String: ScoringCounters] = [:]
    /// When expected reward was last accrued, per market (Unix ms).
    var lastAccrual: [String: Int64] = [:]
    /// Orders already reported as not scoring (logged once each), pruned to the resting ones every check.
    var reported: Set<String> = []
    /// The newest UTC day whose payouts are stored; the day before the start is fetched once it is due.
    var reconciledThrough: UTCDay
    /// The model's expected reward accrued since start, all markets, micro-pUSD (`mmd_rewards_expected_pusd_total`).
    public internal(set) var expectedAccruedMicros: Int64 = 0
    /// Expected and paid rewards of the recent UTC days (``PerformanceStats/rewardDays`` through today), from
    /// the store; refreshed at start and after every reconciliation (reward rate in `/metrics`).
    public internal(set) var recentRewards: [RewardReconciliation] = []
    /// Told of a day whose rewards came in far below the expectation (`alerts.rewardShortfallRatio`).
    var rewardAlerts: (sink: AlertSink, ratio: Ratio)?

    /// Reports each reconciled day whose paid rewards fall below `ratio` × expected to `sink`.
    public func alert(to sink: AlertSink, belowRatio ratio: Ratio) { rewardAlerts = (sink, ratio) }

    public init(
        settings: ScoringCheckSettings, client: ClobClient, gamma: GammaClient?, signatureType: SignatureType, database: AppDatabase, logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }
    ) {
        self.settings = settings
        self.client = client
        self.gamma = gamma
        self.signatureType = signatureType
        self.database = database
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
        reconciledThrough = UTCDay(daysSinceEpoch: UTCDay(epochMilliseconds: nowMilliseconds()).daysSinceEpoch - 2)
    }

    /// All markets' counters added up.
    public var totals: ScoringCounters {
        var total = ScoringCounters()
        for market in counters.values { total.add(market) }
        return total
    }

    /// Checks every interval until the task is cancelled (the daemon cancels it before stopping).
    public func run(engines: [MarketEngine]) async { await run(live: { engines }) }

    /// As ``run(engines:)`` over the markets being made at each check (they change while mmd runs).
    func run(live: @escaping @Sendable () -> [MarketEngine]) async {
        guard settings.isEnabled else { return }
        let start = nowMilliseconds()
        for engine in live() { lastAccrual[engine.market.id] = start }
        await refreshRecentRewards()
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.interval)
            if Task.isCancelled { break }
            let engines = live()
            for engine in engines where lastAccrual[engine.market.id] == nil { lastAccrual[engine.market.id] = nowMilliseconds() }
            await check(engines)
            await reconcileIfDue()
        }
    }

    // MARK: One check

    /// One round: every market's resting quotes asked about in batches, judged, counted, stored.
    public func check(_ engines: [MarketEngine]) async {
        let now = nowMilliseconds()
        var snapshots: [MarketSnapshot] = []
        for engine in engines {
            let rewards = await engine.rewards
            // A market without a known pool earns nothing to check (Gamma lists no reward rate for it).
            guard rewards.dailyRate.micros > 0 else { continue }
            let orders = await engine.trackedOrders.filter { $0.state == .live && $0.orderID != nil }
            snapshots.append(MarketSnapshot(engine: engine, book: await engine.currentBook, rewards: rewards, orders: orders))
        }
        let ids = snapshots.flatMap { snapshot in
            snapshot.orders.filter { now - $0.sinceMilliseconds >= settings.minimumOrderAgeMilliseconds }.compactMap(\.orderID)
        }
        var answers: [String: Bool] = [:]
        if !ids.isEmpty {
            do { answers = try await client.areScoring(orderIDs: ids, batchSize: settings.batchSize) } catch {
                logger.warning("scoring check: the venue did not answer; the next check asks again", metadata: ["error": "\(error)", "orders": "\(ids.count)"])
            }
        }
        var records: [OrderScoringRecord] = []
        var expected: [(day: String, market: String, micros: Int64)] = []
        var mismatched: [MarketSnapshot] = []
        for snapshot in snapshots {
            let market = snapshot.engine.market.id
            let elapsed = min(now - (lastAccrual[market] ?? now), 2 * Self.milliseconds(settings.interval))
            lastAccrual[market] = now
            let ours = snapshot.rewardOrders.map(\.order)
            let accrued = ScoringAssessment.expectedReward(orders: ours, book: snapshot.book, rewards: snapshot.rewards, elapsedMilliseconds: elapsed)
            expected.append((UTCDay(epochMilliseconds: now).description, market, accrued))
            expectedAccruedMicros += max(accrued, 0)
            let judged = judge(snapshot, answers: answers, now: now)
            records += judged.records
            if judged.hasMismatch { mismatched.append(snapshot) }
        }
        if !mismatched.isEmpty { records = await explain(records, in: mismatched) }
        tally(records, now: now)
        do { try await database.recordScoringRound(records, expected: expected, nowMilliseconds: now) } catch {
            logger.error("scoring check could not be stored; the counters still count it", metadata: ["error": "\(error)"])
        }
        reported.formIntersection(Set(snapshots.flatMap { $0.orders.compactMap(\.orderID) }))
    }

    /// A market's inputs for one check, read from its engine.
    struct MarketSnapshot: Sendable {
        var engine: MarketEngine
        var book: OrderBook
        var rewards: RewardParameters
        var orders: [TrackedOrder]

        var rewardOrders: [(id: String, order: RewardOrder)] {
            orders.compactMap { tracked in
                tracked.orderID.map { id in
                    (id, RewardOrder(outcome: tracked.quote.outcome, side: tracked.quote.side, price: tracked.quote.price, size: tracked.remaining))
                }
            }
        }
    }

    /// The venue's answers beside the model's verdicts for one market.
    func judge(_ snapshot: MarketSnapshot, answers: [String: Bool], now: Int64) -> (records: [OrderScoringRecord], hasMismatch: Bool) {
        var records: [OrderScoringRecord] = []
        var hasMismatch = false
        for verdict in ScoringAssessment.verdicts(orders: snapshot.rewardOrders, book: snapshot.book, rewards: snapshot.rewards) {
            guard let venue = answers[verdict.orderID] else { continue }
            if verdict.scores, !venue { hasMismatch = true }
            let reason: NonScoringReason? = venue ? nil : (verdict.reason ?? .unexplained)
            records.append(
                OrderScoringRecord(
                    orderID: verdict.orderID, market: snapshot.engine.market.id, venueScores: venue, modelScores: verdict.scores, reason: reason?.rawValue,
                    checkedAtMilliseconds: now))
        }
        return (records, hasMismatch)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
