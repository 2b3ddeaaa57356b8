/// A reward or rebate paid to us, credited apart from trading P&L.
public struct Credit: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, Codable { case reward, rebate }
    public var id: String
    public var kind: Kind
    public var amount: Money
    public var timestampMilliseconds: Int64

    public init(id: String, kind: Kind, amount: Money, timestampMilliseconds: Int64) {
        self.id = id
        self.kind = kind
        self.amount = amount
        self.timestampMilliseconds = timestampMilliseconds
    }
}

/// A CTF merge: `size` YES + `size` NO redeemed for `size` pUSD.
public struct Merge: Hashable, Sendable {
    public var id: String
    public var size: Quantity
    public var timestampMilliseconds: Int64

    public init(id: String, size: Quantity, timestampMilliseconds: Int64) {
        self.id = id
        self.size = size
        self.timestampMilliseconds = timestampMilliseconds
    }
}

/// Per-UTC-day figures of one market.
public struct DailyFigures: Hashable, Sendable {
    public var realized = Money.zero
    public var rewards = Money.zero
    public var rebates = Money.zero
    public var fills = 0
    public var volume = Money.zero
    public init() {}
}

/// What the ledger did with an input, so callers can log and count it.
public enum LedgerOutcome: Hashable, Sendable {
    /// New: the economics changed.
    case applied
    /// Seen before with the same or a later status: nothing changed.
    case duplicate
    /// Known fill moved forward (MATCHED → MINED → CONFIRMED): no economic change.
    case statusAdvanced(from: TradeStatus, to: TradeStatus)
    /// The trade failed after it had been applied: its effect was removed exactly.
    case reversed
    /// A FAILED trade we had not applied: recorded so later redeliveries stay ignored.
    case recordedFailed
}

/// The position tracker of one market (roadmap Phase 1): positions, costs, realized and unrealized P&L,
/// daily P&L by UTC day, merges, rewards and rebates.
///
/// The economics are a pure function of the *set* of events, not of the order they arrived in: events are
/// kept sorted by (time, kind, id) and folded in that order. Arrival in time order (the normal case) is
/// folded incrementally; anything else (a late fill, a FAILED reversal) refolds the whole history, which
/// is exact by construction. So redeliveries, reconnects, restarts and out-of-order delivery all give the
/// same ledger, and a FAILED trade removes exactly its own fill.
public struct PositionLedger: Sendable {
    private enum Entry: Sendable {
        case fill(Fill)
        case merge(Merge)
        case credit(Credit)

        var sortKey: (Int64, Int, String, String) {
            switch self {
            case .fill(let f): (f.timestampMilliseconds, 0, f.key.tradeID, f.key.orderID)
            case .merge(let m): (m.timestampMilliseconds, 1, m.id, "")
            case .credit(let c): (c.timestampMilliseconds, 2, c.id, "")
            }
        }
    }

    private var entries: [Entry] = []
    private var fillStatus: [FillKey: TradeStatus] = [:]
    private var mergeIDs: Set<String> = []
    private var creditIDs: Set<String> = []

    public private(set) var yes = OutcomePosition()
    public private(set) var no = OutcomePosition()
    /// Realized P&L of merges (1 pUSD per pair less the pair's cost basis).
    public private(set) var mergeRealized = Money.zero
    public private(set) var rewards = Money.zero
    public private(set) var rebates = Money.zero
    public private(set) var daily: [UTCDay: DailyFigures] = [:]

    public init() {}

    // MARK: Inputs

    /// Applies a fill event; idempotent per (trade id, order id).
    @discardableResult
    public mutating func apply(_ fill: Fill) -> LedgerOutcome {
        if let known = fillStatus[fill.key] {
            guard fill.status.rank > known.rank, known != .failed else { return .duplicate }
            fillStatus[fill.key] = fill.status
            if fill.status == .failed {
                entries.removeAll { if case .fill(let f) = $0 { return f.key == fill.key } else { return false } }
                refold()
                return .reversed
            }
            if let index = entries.firstIndex(where: { if case .fill(let f) = $0 { f.key == fill.key } else { false } }),
                case .fill(var stored) = entries[index] {
                stored.status = fill.status
                entries[index] = .fill(stored)
            }
            return .statusAdvanced(from: known, to: fill.status)
        }
        fillStatus[fill.key] = fill.status
        guard fill.status != .failed else { return .recordedFailed }
        insert(.fill(fill))
        return .applied
    }

    /// Records a merge of `size` YES + NO into pUSD; idempotent per id.
    @discardableResult
    public mutating func apply(_ merge: Merge) -> LedgerOutcome {
        guard mergeIDs.insert(merge.id).inserted else { return .duplicate }
        insert(.merge(merge))
        return .applied
    }

    /// Credits a reward or rebate payment; idempotent per id.
    @discardableResult
    public mutating func apply(_ credit: Credit) -> LedgerOutcome {
        guard creditIDs.insert(credit.id).inserted else { return .duplicate }
        insert(.credit(credit))
        return .applied
    }

    // MARK: Queries

    /// The status the ledger holds for a fill, if it has seen it.
    public func status(of key: FillKey) -> TradeStatus? { fillStatus[key] }

    /// The fills currently counted, in ledger order.
    public var fills: [Fill] {
        entries.compactMap { if case .fill(let f) = $0 { f } else { nil } }
    }

    public var inventory: Inventory { Inventory(yes: yes.position, no: no.position) }

    /// Net cash paid into this market's tokens: buys − sells − 1 pUSD per merged pair (the neg-risk
    /// event's worst-case loss is this minus the payout, docs/neg-risk.md).
    public var netCashIn: Money { yes.cost + no.cost - yes.proceeds - no.proceeds - Money(micros: yes.merged.micros) }

    /// Realized trading P&L: sells plus merges (rewards and rebates are apart).
    public var realized: Money { yes.realized + no.realized + mergeRealized }

    /// Mark-to-market at YES midpoint `mid`: yes × (mid − avgYes) + no × ((1 − mid) − avgNo).
    public func unrealized(mid: Price) -> Money {
        yes.unrealized(at: mid) + no.unrealized(at: mid.complement)
    }

    /// realized + unrealized (trading only).
    public func total(mid: Price) -> Money { realized + unrealized(mid: mid) }

    /// The figures of one UTC day (zero when nothing happened).
    public func figures(on day: UTCDay) -> DailyFigures { daily[day] ?? DailyFigures() }

    // MARK: Folding

    private mutating func insert(_ entry: Entry) {
        if let last = entries.last, entry.sortKey < last.sortKey {
            let index = entries.firstIndex { entry.sortKey < $0.sortKey } ?? entries.endIndex
            entries.insert(entry, at: index)
            refold()
        } else {
            entries.append(entry)
            fold(entry)
        }
    }

    private mutating func refold() {
        yes = OutcomePosition()
        no = OutcomePosition()
        mergeRealized = .zero
        rewards = .zero
        rebates = .zero
        daily.removeAll(keepingCapacity: true)
        for entry in entries { fold(entry) }
    }

    private mutating func fold(_ entry: Entry) {
        switch entry {
        case .fill(let fill):
            let day = UTCDay(epochMilliseconds: fill.timestampMilliseconds)
            let amount = fill.notional
            var position = fill.outcome == .yes ? yes : no
            let realizedBefore = position.realized
            switch fill.side {
            case .buy: position.buy(fill.size, for: amount)
            case .sell: position.sell(fill.size, for: amount)
            }
            daily[day, default: DailyFigures()].realized += position.realized - realizedBefore
            daily[day, default: DailyFigures()].fills += 1
            daily[day, default: DailyFigures()].volume += amount
            if fill.outcome == .yes { yes = position } else { no = position }
        case .merge(let merge):
            let basis = yes.merge(merge.size) + no.merge(merge.size)
            let gain = Money.notional(pricePerShareMicros: FixedPoint.scale, quantity: merge.size) - basis
            mergeRealized += gain
            daily[UTCDay(epochMilliseconds: merge.timestampMilliseconds), default: DailyFigures()].realized += gain
        case .credit(let credit):
            let day = UTCDay(epochMilliseconds: credit.timestampMilliseconds)
            switch credit.kind {
            case .reward:
                rewards += credit.amount
                daily[day, default: DailyFigures()].rewards += credit.amount
            case .rebate:
                rebates += credit.amount
                daily[day, default: DailyFigures()].rebates += credit.amount
            }
        }
    }
}

extension PositionLedger: Equatable {
    /// Two ledgers are equal when their economics are; the event storage order is an implementation detail.
    public static func == (lhs: PositionLedger, rhs: PositionLedger) -> Bool {
        lhs.yes == rhs.yes && lhs.no == rhs.no && lhs.mergeRealized == rhs.mergeRealized
            && lhs.rewards == rhs.rewards && lhs.rebates == rhs.rebates && lhs.daily == rhs.daily
            && lhs.fillStatus == rhs.fillStatus && lhs.fills == rhs.fills
    }
}
