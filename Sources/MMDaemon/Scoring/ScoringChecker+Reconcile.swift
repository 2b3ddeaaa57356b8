import Logging
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import Polymarket

extension ScoringChecker {
    // MARK: Disagreements

    /// Looks for the reason of each mismatch (the model said it scores, the venue said no) in the venue's
    /// current reward parameters: `rewardsMinSize` and the band change live, and the engines refresh them
    /// only every 10 minutes. Fresh parameters that differ are handed to the engine at once. Each mismatch
    /// is then logged as a warning with its reason (`unexplained` when no documented rule accounts for it).
    func explain(_ records: [OrderScoringRecord], in markets: [MarketSnapshot]) async -> [OrderScoringRecord] {
        var fresh: [String: RewardParameters] = [:]
        if let gamma {
            do {
                for info in try await gamma.markets(conditionIDs: markets.map(\.engine.market.id)) {
                    if let rewards = info.rewardParameters { fresh[info.conditionID] = rewards }
                }
            } catch {
                logger.warning("scoring check: reward parameters could not be refreshed", metadata: ["error": "\(error)"])
            }
        }
        var reasons: [String: NonScoringReason] = [:]
        for snapshot in markets {
            guard let current = fresh[snapshot.engine.market.id] else { continue }
            if current != snapshot.rewards {
                logger.notice(
                    "reward parameters changed at the venue; adopted",
                    metadata: [
                        "market": "\(snapshot.engine.market.id)", "min_size": "\(snapshot.rewards.minSize) -> \(current.minSize)",
                        "max_spread": "\(FixedPoint.format(micros: snapshot.rewards.maxSpread)) -> \(FixedPoint.format(micros: current.maxSpread))",
                    ])
                await snapshot.engine.update(rewards: current)
            }
            for verdict in ScoringAssessment.verdicts(orders: snapshot.rewardOrders, book: snapshot.book, rewards: current) {
                if let reason = verdict.reason { reasons[verdict.orderID] = reason }
            }
        }
        let books = Dictionary(uniqueKeysWithValues: markets.map { ($0.engine.market.id, $0) })
        return records.map { record in
            guard record.modelScores, !record.venueScores else { return record }
            var explained = record
            let reason = reasons[record.orderID] ?? .unexplained
            explained.reason = reason.rawValue
            let order = books[record.market]?.rewardOrders.first { $0.id == record.orderID }?.order
            let mid = books[record.market].flatMap { $0.book.sizeCutoffAdjustedMid(minimumSize: $0.rewards.minSize) }
            logger.warning(
                "order not scoring at the venue although the model says it scores",
                metadata: [
                    "market": "\(record.market)", "order_id": "\(record.orderID)", "reason": "\(reason.rawValue)",
                    "price": "\(order.map { "\($0.yesPrice)" } ?? "?")", "size": "\(order.map { "\($0.size)" } ?? "?")", "mid": "\(mid.map { "\($0)" } ?? "none")",
                ])
            return explained
        }
    }

    /// Adds one check's records to the counters; an order the model also expects not to score is logged
    /// once (quoting a size or price that cannot earn rewards is worth saying, not worth repeating).
    func tally(_ records: [OrderScoringRecord], now: Int64) {
        for record in records {
            var counter = counters[record.market] ?? ScoringCounters()
            counter.checked += 1
            counter.lastCheckMilliseconds = now
            if record.venueScores {
                counter.venueScoring += 1
                if !record.modelScores { counter.venueOnlyScoring += 1 }
            } else {
                counter.venueNotScoring += 1
                let reason = record.reason.flatMap(NonScoringReason.init(rawValue:)) ?? .unexplained
                counter.notScoringByReason[reason, default: 0] += 1
                if record.modelScores { counter.mismatches += 1 }
                if !record.modelScores, reported.insert(record.orderID).inserted {
                    logger.notice(
                        "resting order does not score for rewards", metadata: ["market": "\(record.market)", "order_id": "\(record.orderID)", "reason": "\(reason.rawValue)"])
                }
            }
            counters[record.market] = counter
        }
    }

    // MARK: Reward reconciliation

    /// Fetches what the venue paid per market on `day` (`YYYY-MM-DD`, UTC), stores it beside the model's
    /// accumulated expectation and returns both for every market of that day.
    /// - Throws: ``ClobError`` when the venue does not answer or answers what cannot be read; a
    ///   ``PersistenceError`` when the store cannot take it.
    public func reconcile(day: String) async throws -> [RewardReconciliation] {
        let rows = try await client.userRewards(date: day, signatureType: signatureType)
        var paid: [String: Int64] = [:]
        for row in rows {
            guard let micros = row.earningsMicros else { throw ClobError(.unexpectedResponse, "/rewards/user: earnings \(row.earnings) is not a decimal number") }
            paid[row.conditionID, default: 0] += micros
        }
        try await database.recordPaidRewards(day: day, paid: paid, nowMilliseconds: nowMilliseconds())
        await refreshRecentRewards()
        let stored = try await database.rewardReconciliation(day: day)
        for row in stored where row.expectedMicros > 0 || (row.paidMicros ?? 0) > 0 {
            logger.notice(
                "rewards reconciled",
                metadata: [
                    "day": "\(day)", "market": "\(row.market)", "expected": "\(FixedPoint.format(micros: row.expectedMicros))",
                    "paid": "\(FixedPoint.format(micros: row.paidMicros ?? 0))", "ratio": "\(row.ratio.map { "\($0)" } ?? "n/a")",
                ])
        }
        return stored
    }

    /// Reloads ``recentRewards`` from the store; a failed read keeps the previous rows (and says so).
    func refreshRecentRewards() async {
        let today = UTCDay(epochMilliseconds: nowMilliseconds())
        let first = UTCDay(daysSinceEpoch: today.daysSinceEpoch - Int64(PerformanceStats.rewardDays))
        do { recentRewards = try await database.rewardReconciliation(from: first.description, through: today.description) } catch {
            logger.warning("recent reward figures could not be read; the reward rate in /metrics is stale", metadata: ["error": "\(error)"])
        }
    }

    /// Once the venue has paid a day (``ScoringCheckSettings/reconcileAfterMidnightMilliseconds`` into the
    /// next), reconciles it; a failure is retried at the next check.
    func reconcileIfDue() async {
        let now = nowMilliseconds()
        let today = UTCDay(epochMilliseconds: now)
        let target = UTCDay(daysSinceEpoch: today.daysSinceEpoch - 1)
        let sinceMidnight = now - today.daysSinceEpoch * 86_400_000
        guard target > reconciledThrough, sinceMidnight >= settings.reconcileAfterMidnightMilliseconds else { return }
        do {
            let rows = try await reconcile(day: target.description)
            reconciledThrough = target
            if let (sink, ratio) = rewardAlerts,
                let incident = AlertIncident.rewardShortfall(
                    day: target.description, expectedMicros: rows.reduce(0) { $0 + $1.expectedMicros }, paidMicros: rows.reduce(0) { $0 + ($1.paidMicros ?? 0) },
                    ratio: ratio)
            {
                sink.report(incident)
            }
        } catch {
            logger.warning("daily reward reconciliation failed; retried at the next check", metadata: ["day": "\(target)", "error": "\(error)"])
        }
    }
}
