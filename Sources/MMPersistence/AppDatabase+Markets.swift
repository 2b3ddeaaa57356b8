import GRDB
import MMCore

/// A market as stored for `mmctl markets` and the audit trail.
public struct StoredMarket: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var yesToken: String?
    public var noToken: String?
    public var tick: TickSize?
    public var negRisk: Bool
    public var rewards: RewardParameters?

    public init(id: String, name: String?, yesToken: String?, noToken: String?, tick: TickSize?, negRisk: Bool, rewards: RewardParameters?) {
        self.id = id
        self.name = name
        self.yesToken = yesToken
        self.noToken = noToken
        self.tick = tick
        self.negRisk = negRisk
        self.rewards = rewards
    }
}

extension AppDatabase {
    /// Stores (inserts or updates) every market in one transaction: a thousand markets load with one commit.
    public func saveMarkets(_ markets: [StoredMarket], nowMilliseconds now: Int64) async throws(PersistenceError) {
        guard !markets.isEmpty else { return }
        try await write("save \(markets.count) markets") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO markets (id, name, yes_token, no_token, tick_micros, neg_risk, reward_max_spread_micros, reward_min_size_micros,
                                         reward_daily_rate_micros, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, yes_token = excluded.yes_token, no_token = excluded.no_token,
                      tick_micros = excluded.tick_micros, neg_risk = excluded.neg_risk, reward_max_spread_micros = excluded.reward_max_spread_micros,
                      reward_min_size_micros = excluded.reward_min_size_micros, reward_daily_rate_micros = excluded.reward_daily_rate_micros,
                      updated_at_ms = excluded.updated_at_ms
                    """)
            for market in markets {
                try statement.execute(arguments: [
                    market.id, market.name, market.yesToken, market.noToken, market.tick?.micros, market.negRisk, market.rewards?.maxSpread,
                    market.rewards?.minSize.micros, market.rewards?.dailyRate.micros, now,
                ])
            }
        }
    }
}
