import MMConfig
import MMCore

/// `markets.auto`'s decision, pure: from the venue's ranking (best first, as `mmd markets discover` ranks)
/// and the markets being made, which to add, keep and drop. The best `top` within the capital budget are
/// selected; a market being made is kept until it ranks clearly worse than the last one selected (by more
/// than the hysteresis) or leaves the ranking (no reward pool, closed, filtered out), so two markets of
/// nearly equal value do not swap back and forth at every refresh. One dropped while it holds a position
/// is flattened first and removed at a later refresh, once flat. Markets listed in the configuration are
/// always made and never counted.
public enum MarketSelection {
    /// One market as ranked.
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var question: String
        /// Net expected reward a day (the ranking's figure).
        public var netPerDay: Money
        /// What its quotes need.
        public var capital: Money

        public init(id: String, question: String, netPerDay: Money, capital: Money) {
            self.id = id
            self.question = question
            self.netPerDay = netPerDay
            self.capital = capital
        }
    }

    /// A market being made now.
    public struct Made: Sendable, Hashable {
        public var id: String
        /// Listed in the configuration: always made, never selected away.
        public var isPinned: Bool
        public var isFlat: Bool

        public init(id: String, isPinned: Bool, isFlat: Bool) {
            self.id = id
            self.isPinned = isPinned
            self.isFlat = isFlat
        }
    }

    public enum Decision: Sendable, Hashable {
        case add(String, reason: String)
        case keep(String, reason: String)
        /// Its orders cancelled and the market no longer made.
        case remove(String, reason: String)
        /// Dropped, but it holds a position: flattened now, removed once flat.
        case flatten(String, reason: String)

        public var market: String {
            switch self {
            case .add(let id, _), .keep(let id, _), .remove(let id, _), .flatten(let id, _): id
            }
        }
    }

    public static func decide(ranked: [Candidate], made: [Made], settings: MarketsAutoConfiguration) -> [Decision] {
        let pinned = Set(made.filter(\.isPinned).map(\.id))
        let selectable = ranked.filter { !pinned.contains($0.id) }
        let rank = Dictionary(selectable.enumerated().map { ($1.id, ($0, $1)) }, uniquingKeysWith: { first, _ in first })
        // The best `top` within the budget.
        var selected: [Candidate] = []
        var budget = settings.capital
        for candidate in selectable where selected.count < settings.top {
            if let left = budget {
                guard candidate.capital <= left else { continue }
                budget = left - candidate.capital
            }
            selected.append(candidate)
        }
        let selectedIDs = Set(selected.map(\.id))
        let threshold = selected.last?.netPerDay ?? .zero
        // Keeping needs at least (1 − hysteresis) of the last selected market's value.
        let floor = Money(micros: FixedPoint.multiplyDivide(threshold.micros, FixedPoint.scale - settings.hysteresis.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0)
        var decisions: [Decision] = []
        var kept: [String] = []
        var keptCapital = Money.zero
        for market in made.filter({ !$0.isPinned }).sorted(by: { (rank[$0.id]?.0 ?? .max) < (rank[$1.id]?.0 ?? .max) }) {
            let drop: String?
            if let (position, candidate) = rank[market.id] {
                if selectedIDs.contains(market.id) {
                    drop = nil
                    decisions.append(.keep(market.id, reason: "ranked #\(position + 1) of \(selectable.count): \(candidate.netPerDay) pUSD/day on \(candidate.capital) pUSD"))
                } else if candidate.netPerDay >= floor, kept.count < settings.top {
                    drop = nil
                    decisions.append(.keep(market.id, reason: "ranked #\(position + 1), below the selection but within the hysteresis: \(candidate.netPerDay) pUSD/day against \(threshold) for the last selected"))
                } else {
                    drop = "ranks clearly worse: \(candidate.netPerDay) pUSD/day against \(threshold) for the last selected (more than \(FixedPoint.format(micros: settings.hysteresis.micros * 100)) % below)"
                }
                if drop == nil {
                    kept.append(market.id)
                    keptCapital = keptCapital + candidate.capital
                }
            } else {
                drop = "no longer ranked: no reward pool, closed, or outside the filters"
            }
            if let drop {
                decisions.append(market.isFlat ? .remove(market.id, reason: drop) : .flatten(market.id, reason: drop + "; it holds a position, flattened first and removed once flat"))
            }
        }
        // New markets fill the slots the kept ones leave, best first, within the budget.
        let made = Set(made.map(\.id))
        var spent = keptCapital
        for candidate in selected where !made.contains(candidate.id) && kept.count < settings.top {
            if let capital = settings.capital, spent + candidate.capital > capital { continue }
            spent = spent + candidate.capital
            kept.append(candidate.id)
            let position = (rank[candidate.id]?.0 ?? 0) + 1
            decisions.append(.add(candidate.id, reason: "ranked #\(position) of \(selectable.count): \(candidate.netPerDay) pUSD/day on \(candidate.capital) pUSD (\(candidate.question))"))
        }
        return decisions
    }
}
