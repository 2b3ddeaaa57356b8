public import MMCore
public import MMPersistence

/// One market's inputs to ``PerformanceStats``, read from its engine in one hop.
public struct MarketActivity: Sendable, Hashable {
    public var market: String
    public var name: String?
    public var riskState: RiskState
    /// Time in each risk state and two-sided since the engine's first input.
    public var timeInState: TimeInState
    /// Orders the venue accepted since start.
    public var quotesPosted: Int
    /// Fills applied since start.
    public var fills: Int
    /// Collateral tied up now: the position at the mid plus the resting buys.
    public var capital: Money

    public init(market: String, name: String?, riskState: RiskState, timeInState: TimeInState, quotesPosted: Int, fills: Int, capital: Money) {
        self.market = market
        self.name = name
        self.riskState = riskState
        self.timeInState = timeInState
        self.quotesPosted = quotesPosted
        self.fills = fills
        self.capital = capital
    }
}

/// The performance figures of `mmctl stats`, `/metrics` and the dashboard, for every market and in total.
/// Amounts are micro-pUSD and ratios millionths (`Int64`, never floating point); times are milliseconds.
public struct PerformanceReport: Codable, Sendable, Hashable {
    /// When the figures were taken (Unix ms).
    public var generatedAtMilliseconds: Int64
    /// The markouts cover fills whose markout was recorded within this long before `generatedAtMilliseconds`.
    public var markoutWindowMilliseconds: Int64
    /// The complete UTC days (`YYYY-MM-DD`, oldest first) the reward rate is taken over: those of the last
    /// ``PerformanceStats/rewardDays`` before today whose payout was fetched from the venue.
    public var rewardDays: [String]
    public var markets: [MarketPerformance]
    /// All markets together (market `all`): times are market-milliseconds (summed over markets).
    public var total: MarketPerformance
}

/// One market's figures (or the total).
public struct MarketPerformance: Codable, Sendable, Hashable {
    public var market: String
    public var name: String?
    /// The risk state now (`nil` in the total).
    public var state: String?
    /// Since the engine's first input.
    public var observedMilliseconds: Int64
    public var twoSidedMilliseconds: Int64
    /// Two-sided ÷ observed, millionths; `nil` before any time passed.
    public var twoSidedFractionMicros: Int64?
    /// Every risk state with the milliseconds spent in it (zero included).
    public var riskStateMilliseconds: [String: Int64]
    public var quotesPosted: Int64
    public var fills: Int64
    /// Fill rate: fills ÷ orders accepted, millionths; `nil` before the first order.
    public var fillsPerQuoteMicros: Int64?
    /// Fill rate: fills per hour since start, millionths; `nil` before any time passed.
    public var fillsPerHourMicros: Int64?
    /// One entry per horizon (1 s, 10 s, 60 s), in that order.
    public var markouts: [HorizonMarkout]
    public var rewards: RewardRate
}

/// Markouts of our fills at one horizon: how the market's mid then compared with our price (positive: our way).
public struct HorizonMarkout: Codable, Sendable, Hashable {
    public var horizonMilliseconds: Int64
    public var fills: Int64
    /// The mean per share, micro-pUSD; `nil` without fills.
    public var meanPerShareMicros: Int64?
    /// Per-share markout × size, summed, micro-pUSD.
    public var valueMicros: Int64
}

/// Liquidity rewards per day over ``PerformanceReport/rewardDays``, and per pUSD of capital.
public struct RewardRate: Codable, Sendable, Hashable {
    /// How many days the rates are over (0: no payout fetched yet; the rates are `nil`).
    public var days: Int
    /// What the venue paid over those days.
    public var paidMicros: Int64
    /// What the reward model expected over those days.
    public var expectedMicros: Int64
    public var paidPerDayMicros: Int64?
    public var expectedPerDayMicros: Int64?
    /// Paid ÷ expected, millionths.
    public var paidToExpectedMicros: Int64?
    /// Capital tied up now (the divisor of the next figure).
    public var capitalMicros: Int64
    /// pUSD paid per day per pUSD of capital, millionths (1_000_000 = the capital earned back daily).
    public var paidPerDayPerCapitalMicros: Int64?
}

/// Fill rate, reward rate, markouts, time two-sided and time per risk state, computed from the engines'
/// figures and the store's markouts and reward reconciliation. Pure: no I/O, `now` is given, the same
/// inputs always give the same report.
public enum PerformanceStats {
    /// How many complete UTC days before today the reward rate looks back over.
    public static let rewardDays = 7
    /// How far back markouts are summed (24 hours).
    public static let markoutWindowMilliseconds: Int64 = 86_400_000

    /// - Parameters:
    ///   - markets: One entry per market, in the order to report them.
    ///   - markouts: Sums per market and horizon over ``markoutWindowMilliseconds``; other markets' are ignored.
    ///   - rewards: Expected and paid rewards per (day, market); days outside the window and today are ignored.
    ///   - now: Unix ms.
    public static func report(markets: [MarketActivity], markouts: [MarkoutSummary], rewards: [RewardReconciliation], nowMilliseconds now: Int64) -> PerformanceReport {
        let paidDays = paidDays(rewards, nowMilliseconds: now)
        let counted = rewards.filter { paidDays.contains($0.day) }
        let rows = markets.map { activity in
            performance(
                activity, markouts: markouts.filter { $0.market == activity.market }, rewards: counted.filter { $0.market == activity.market },
                days: paidDays.count, now: now)
        }
        return PerformanceReport(
            generatedAtMilliseconds: now, markoutWindowMilliseconds: markoutWindowMilliseconds, rewardDays: paidDays.sorted(), markets: rows,
            total: total(rows, markouts: markouts.filter { summary in markets.contains { $0.market == summary.market } }, days: paidDays.count))
    }

    /// The days of ``rewardDays`` before today's whose payout was fetched (any market has a paid figure).
    static func paidDays(_ rewards: [RewardReconciliation], nowMilliseconds now: Int64) -> Set<String> {
        let today = UTCDay(epochMilliseconds: now).daysSinceEpoch
        let window = Set((today - Int64(rewardDays)..<today).map { UTCDay(daysSinceEpoch: $0).description })
        return Set(rewards.filter { window.contains($0.day) && $0.paidMicros != nil }.map(\.day))
    }

    /// All markets' rewards for `/metrics`: paid per day over the reward days (`nil` without any), and the
    /// newest of those days' expected and paid totals (the `MMDRewardsBelowExpectation` alert compares them).
    public static func rewardSummary(
        _ rewards: [RewardReconciliation], nowMilliseconds now: Int64
    ) -> (paidPerDayMicros: Int64?, lastDay: (day: String, expectedMicros: Int64, paidMicros: Int64)?) {
        let days = paidDays(rewards, nowMilliseconds: now)
        guard let last = days.max() else { return (nil, nil) }
        let counted = rewards.filter { days.contains($0.day) }
        let paid = counted.reduce(0) { $0 + ($1.paidMicros ?? 0) }
        let onLast = counted.filter { $0.day == last }
        return (paid / Int64(days.count), (last, onLast.reduce(0) { $0 + $1.expectedMicros }, onLast.reduce(0) { $0 + ($1.paidMicros ?? 0) }))
    }

    static func performance(_ activity: MarketActivity, markouts: [MarkoutSummary], rewards: [RewardReconciliation], days: Int, now: Int64) -> MarketPerformance {
        let times = activity.timeInState.asOf(nowMilliseconds: now)
        return figures(
            market: activity.market, name: activity.name, state: activity.riskState.rawValue, observed: times.observedMilliseconds,
            twoSided: times.twoSidedMilliseconds, byState: times.milliseconds, quotes: Int64(activity.quotesPosted), fills: Int64(activity.fills),
            markouts: markouts, paid: rewards.reduce(0) { $0 + ($1.paidMicros ?? 0) }, expected: rewards.reduce(0) { $0 + $1.expectedMicros }, days: days,
            capital: activity.capital.micros)
    }

    static func total(_ rows: [MarketPerformance], markouts: [MarkoutSummary], days: Int) -> MarketPerformance {
        var byState: [RiskState: Int64] = [:]
        for row in rows {
            for (state, milliseconds) in row.riskStateMilliseconds { if let state = RiskState(rawValue: state) { byState[state, default: 0] += milliseconds } }
        }
        return figures(
            market: "all", name: nil, state: nil, observed: rows.reduce(0) { $0 + $1.observedMilliseconds }, twoSided: rows.reduce(0) { $0 + $1.twoSidedMilliseconds },
            byState: byState, quotes: rows.reduce(0) { $0 + $1.quotesPosted }, fills: rows.reduce(0) { $0 + $1.fills }, markouts: markouts,
            paid: rows.reduce(0) { $0 + $1.rewards.paidMicros }, expected: rows.reduce(0) { $0 + $1.rewards.expectedMicros }, days: days,
            capital: rows.reduce(0) { $0 + $1.rewards.capitalMicros })
    }

    static func figures(
        market: String, name: String?, state: String?, observed: Int64, twoSided: Int64, byState: [RiskState: Int64], quotes: Int64, fills: Int64,
        markouts: [MarkoutSummary], paid: Int64, expected: Int64, days: Int, capital: Int64
    ) -> MarketPerformance {
        let paidPerDay = days > 0 ? paid / Int64(days) : nil
        let rewards = RewardRate(
            days: days, paidMicros: paid, expectedMicros: expected, paidPerDayMicros: paidPerDay, expectedPerDayMicros: days > 0 ? expected / Int64(days) : nil,
            paidToExpectedMicros: days > 0 ? ratio(paid, expected) : nil, capitalMicros: capital, paidPerDayPerCapitalMicros: paidPerDay.flatMap { ratio($0, capital) })
        return MarketPerformance(
            market: market, name: name, state: state, observedMilliseconds: observed, twoSidedMilliseconds: twoSided, twoSidedFractionMicros: ratio(twoSided, observed),
            riskStateMilliseconds: Dictionary(uniqueKeysWithValues: RiskState.allCases.map { ($0.rawValue, byState[$0] ?? 0) }), quotesPosted: quotes,
            fills: fills, fillsPerQuoteMicros: ratio(fills, quotes), fillsPerHourMicros: ratio(fills * 3_600_000, observed),
            markouts: MarkoutTracker.horizons.map { horizon in horizonMarkout(horizon, markouts.filter { $0.horizonMilliseconds == horizon }) }, rewards: rewards)
    }

    static func horizonMarkout(_ horizon: Int64, _ sums: [MarkoutSummary]) -> HorizonMarkout {
        let fills = sums.reduce(0) { $0 + $1.fills }
        let perShare = sums.reduce(0) { $0 + $1.perShareSumMicros }
        // Rounded toward negative infinity, like every other division of money here.
        return HorizonMarkout(
            horizonMilliseconds: horizon, fills: fills, meanPerShareMicros: fills > 0 ? FixedPoint.multiplyDivide(perShare, 1, dividingBy: fills, rounding: .down) : nil,
            valueMicros: sums.reduce(0) { $0 + $1.valueMicros })
    }

    /// `part ÷ whole` in millionths, rounded down; `nil` when `whole` is not positive.
    static func ratio(_ part: Int64, _ whole: Int64) -> Int64? {
        guard whole > 0 else { return nil }
        return FixedPoint.multiplyDivide(part, FixedPoint.scale, dividingBy: whole, rounding: .down)
    }
}
