import MMControl

/// How often the daemon checks its resting orders against the venue's scoring, and how.
public struct ScoringCheckSettings: Sendable, Hashable {
    /// Between two checks (`/orders-scoring` for every resting quote, expected reward accrued).
    public var interval: Duration = .seconds(60)
    /// Order ids per `POST /orders-scoring` request (at most ``Polymarket/ClobRequests/scoringBatchLimit``).
    public var batchSize = 100
    /// Orders younger than this are not checked: the venue scores an order only after the market's minimum
    /// order age (`moas`), which the model does not know, so a fresh order would look like a mismatch.
    public var minimumOrderAgeMilliseconds: Int64 = 15_000
    /// How long after 00:00 UTC the previous day's payouts are fetched (the venue pays at midnight).
    public var reconcileAfterMidnightMilliseconds: Int64 = 600_000
    public var isEnabled = true

    public init() {}
}

/// What the scoring checks found in one market since the daemon started; one count per order per check.
public struct ScoringCounters: Sendable, Hashable {
    /// Order checks the venue answered.
    public var checked: Int64 = 0
    public var venueScoring: Int64 = 0
    public var venueNotScoring: Int64 = 0
    /// The model said the order scores and the venue said it does not: a model bug or a venue change.
    public var mismatches: Int64 = 0
    /// The venue said it scores where the model said it does not (the model is too strict).
    public var venueOnlyScoring: Int64 = 0
    /// Checks the venue answered "not scoring", by the inferred reason.
    public var notScoringByReason: [NonScoringReason: Int64] = [:]
    /// When the market was last checked (Unix ms).
    public var lastCheckMilliseconds: Int64?

    public init() {}

    mutating func add(_ other: ScoringCounters) {
        checked += other.checked
        venueScoring += other.venueScoring
        venueNotScoring += other.venueNotScoring
        mismatches += other.mismatches
        venueOnlyScoring += other.venueOnlyScoring
        for (reason, count) in other.notScoringByReason { notScoringByReason[reason, default: 0] += count }
        lastCheckMilliseconds = max(lastCheckMilliseconds ?? 0, other.lastCheckMilliseconds ?? 0)
    }

    /// The counters as `mmctl status --json` shows them.
    public var json: JSONValue {
        .object([
            "checked": .integer(checked), "venue_scoring": .integer(venueScoring), "venue_not_scoring": .integer(venueNotScoring),
            "mismatches": .integer(mismatches), "venue_only_scoring": .integer(venueOnlyScoring),
            "not_scoring_by_reason": .object(Dictionary(uniqueKeysWithValues: notScoringByReason.map { ($0.key.rawValue, JSONValue.integer($0.value)) })),
            "last_check_ms": lastCheckMilliseconds.map(JSONValue.integer) ?? .null,
        ])
    }
}
