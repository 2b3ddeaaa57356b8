import MMControl
import MMCore
import MMPersistence

extension ControlCenter {
    /// Wires the scoring checker in once trading runs (`status` shows its counters, `rewards` uses it).
    public func register(scoring: ScoringChecker) { self.scoring = scoring }

    /// `rewards`: fetches what the venue paid per market on `day` (today when `nil`), stores it and answers
    /// expected, paid and paid ÷ expected per market, with the totals.
    func rewards(day: String?) async throws(ControlError) -> JSONValue {
        guard let scoring else { throw ControlError(.unavailable, "rewards: the scoring checker is not running yet; try again in a moment") }
        let day = day ?? UTCDay(epochMilliseconds: Self.now()).description
        let rows: [RewardReconciliation]
        do { rows = try await scoring.reconcile(day: day) } catch {
            throw ControlError(.failed, "rewards: \(day) could not be reconciled: \(error)")
        }
        let expected = rows.reduce(0) { $0 + $1.expectedMicros }
        let paid = rows.reduce(0) { $0 + ($1.paidMicros ?? 0) }
        let total = RewardReconciliation(day: day, market: "", expectedMicros: expected, paidMicros: paid, paidFetchedAtMilliseconds: nil)
        return .object([
            "day": .string(day),
            "markets": .array(rows.map { row in
                .object([
                    "market": .string(row.market), "name": names[row.market].map(JSONValue.string) ?? .null,
                    "expected": .string(FixedPoint.format(micros: row.expectedMicros)), "paid": row.paidMicros.map { .string(FixedPoint.format(micros: $0)) } ?? .null,
                    "ratio": row.ratio.map { .string($0.description) } ?? .null,
                ])
            }),
            "expected": .string(FixedPoint.format(micros: expected)), "paid": .string(FixedPoint.format(micros: paid)),
            "ratio": total.ratio.map { .string($0.description) } ?? .null,
        ])
    }
}
