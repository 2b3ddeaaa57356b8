import Foundation
import MMControl
import MMCore
import MMDecision
import MMEngine
import MMPersistence

extension ControlCenter {
    /// The performance figures of one market (`nil`: every market) as of now, for the dashboard and
    /// `mmctl stats`: fill rate, reward rate, markouts at 1 s/10 s/60 s, time two-sided, time per risk state.
    /// Reads each engine once and the store twice (markouts of the last 24 hours, rewards of the last days).
    /// - Parameter market: A condition id or a unique prefix of at least 6 characters.
    /// - Throws: ``ControlError`` `unknown_market` for a market mmd does not make; `failed` when the store
    ///   cannot be read.
    public func performance(market: String? = nil) async throws(ControlError) -> PerformanceReport {
        try await performance(market: market, nowMilliseconds: Self.now())
    }

    func performance(market: String?, nowMilliseconds now: Int64) async throws(ControlError) -> PerformanceReport {
        let chosen = try select(market)
        var activity: [MarketActivity] = []
        activity.reserveCapacity(chosen.count)
        for engine in chosen {
            let snapshot = await engine.snapshot
            activity.append(
                MarketActivity(
                    market: snapshot.market, name: names[snapshot.market], riskState: snapshot.riskState, timeInState: snapshot.timeInState,
                    quotesPosted: snapshot.quotesPosted, fills: snapshot.fillsApplied, capital: snapshot.capital))
        }
        let one = chosen.count == 1 && market != nil ? chosen.first?.market.id : nil
        let today = UTCDay(epochMilliseconds: now).daysSinceEpoch
        let markouts: [MarkoutSummary]
        let rewards: [RewardReconciliation]
        do {
            markouts = try await database.markoutSummaries(sinceMilliseconds: now - PerformanceStats.markoutWindowMilliseconds, market: one)
            rewards = try await database.rewardReconciliation(
                from: UTCDay(daysSinceEpoch: today - Int64(PerformanceStats.rewardDays)).description, through: UTCDay(daysSinceEpoch: today).description)
        } catch {
            throw ControlError(.failed, "stats: the database could not be read (\(database.path)): \(error)")
        }
        return PerformanceStats.report(markets: activity, markouts: markouts, rewards: rewards, nowMilliseconds: now)
    }

    /// `stats`: ``performance(market:)`` as JSON (snake_case keys, the report's units: `_micros`, `_ms`).
    func stats(market: String?) async throws(ControlError) -> JSONValue {
        let report = try await performance(market: market)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        do { return try JSONParser.parse(Array(try encoder.encode(report))) } catch {
            throw ControlError(.failed, "stats: the report could not be encoded: \(error)")
        }
    }
}
