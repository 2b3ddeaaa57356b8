import MMCore
import Synchronization

/// Every neg-risk event we quote, shared by the engines of its outcomes: each outcome's holdings (for the
/// worst-case-loss cap) and our best resting bid and ask in the YES view (for the no-arbitrage bounds).
/// Synchronous (a mutex, held for microseconds) like ``ExposureRegistry``; a post is checked and
/// registered under the same lock, so two engines cannot both pass a check that together they break.
public final class NegRiskRegistry: Sendable {
    struct Event {
        /// The event's quotable outcomes (placeholders excluded), as market ids.
        var outcomes: [String]
        /// Whether an outcome we hold nothing in can win (a placeholder, or an outcome we do not trade).
        var unheldOutcome: Bool
        var holdings: [String: EventHolding] = [:]
        /// Our orders that may rest, per outcome.
        var resting: [String: [RestingLeg]] = [:]

        func best(_ leg: QuoteLeg, _ market: String) -> Price? {
            let prices = (resting[market] ?? []).filter { $0.leg == leg }.map(\.yesPrice)
            return leg == .bid ? prices.max() : prices.min()
        }
    }

    struct State {
        var events: [String: Event] = [:]
        var eventOf: [String: String] = [:]
    }

    /// `limits.maxEventExposure` as a worst-case loss in pUSD; `nil` = no cap (the arbitrage bounds still hold).
    public let cap: Money?
    private let state = Mutex(State())

    public init(cap: Money?) { self.cap = cap }

    /// Declares an event: its quotable outcomes (in any order) and whether some other outcome (a
    /// placeholder, a market we do not trade) can win. Re-declaring keeps what is registered.
    public func declare(event: String, outcomes: [String], unheldOutcome: Bool) {
        state.withLock { state in
            var entry = state.events[event] ?? Event(outcomes: [], unheldOutcome: unheldOutcome)
            entry.outcomes = outcomes
            entry.unheldOutcome = unheldOutcome
            state.events[event] = entry
            for market in outcomes { state.eventOf[market] = event }
        }
    }

    /// Every declared event: its quotable outcomes and whether an outcome we hold nothing in can win.
    public var declared: [(event: String, outcomes: [String], unheldOutcome: Bool)] {
        state.withLock { state in state.events.sorted { $0.key < $1.key }.map { ($0.key, $0.value.outcomes, $0.value.unheldOutcome) } }
    }

    /// An event's worst-case loss now (`nil` for an event not declared).
    public func worstCaseLoss(event: String) -> Money? {
        state.withLock { state in
            guard let entry = state.events[event] else { return nil }
            return NegRiskEvent.worstCaseLoss(entry.outcomes.map { entry.holdings[$0] ?? EventHolding() }, unheldOutcome: entry.unheldOutcome)
        }
    }

    /// Whether `market` is an outcome of a declared event.
    public func contains(market: String) -> Bool { state.withLock { $0.eventOf[market] != nil } }

    public func update(market: String, holding: EventHolding) {
        state.withLock { state in
            guard let event = state.eventOf[market] else { return }
            state.events[event]?.holdings[market] = holding
        }
    }

    /// Replaces this market's registered orders by those that may rest now (after cancels and fills the
    /// bounds on the other outcomes relax).
    public func setResting(market: String, legs: [RestingLeg]) {
        state.withLock { state in
            guard let event = state.eventOf[market] else { return }
            state.events[event]?.resting[market] = legs
        }
    }

    /// The event's worst-case loss now (`nil` for a market outside any event).
    public func worstCaseLoss(market: String) -> Money? {
        state.withLock { state in
            guard let event = state.eventOf[market], let entry = state.events[event] else { return nil }
            return NegRiskEvent.worstCaseLoss(entry.outcomes.map { entry.holdings[$0] ?? EventHolding() }, unheldOutcome: entry.unheldOutcome)
        }
    }

    /// The bounds the other outcomes put on this market's legs now (`nil` outside an event). The market's
    /// own resting legs are left out of the headroom: the machine plans its whole set of quotes, which
    /// replaces them (counting them would shrink a quote by itself, then grow it back once replaced).
    public func limits(market: String, tick: TickSize) -> EventQuoteLimits? {
        state.withLock { state in Self.limits(market: market, tick: tick, cap: cap, state, countingOwn: false) }
    }

    /// Checks one leg about to be posted against the event and registers it when it passes: `nil` when
    /// it may be sent, else why not. It is held beside what may already rest until the engine's next
    /// ``setResting(market:legs:)``.
    public func reserve(market: String, tick: TickSize, leg: QuoteLeg, yesPrice: Price, size: Quantity) -> String? {
        state.withLock { state in
            // Here the market's own resting legs count: until cancelled they may fill beside the new one.
            guard let limits = Self.limits(market: market, tick: tick, cap: cap, state, countingOwn: true), let event = state.eventOf[market] else { return nil }
            switch leg == .ask ? limits.ask : limits.bid {
            case .free: break
            case .blocked: return "the other outcomes' \(leg == .ask ? "asks" : "bids") leave no price without arbitrage"
            case .price(let bound):
                if leg == .ask, yesPrice < bound { return "ask \(yesPrice) below \(bound): the event's asks would sum below 1 + tick" }
                if leg == .bid, yesPrice > bound { return "bid \(yesPrice) above \(bound): the event's bids would sum above 1 − tick" }
            }
            if let headroom = leg == .ask ? limits.askHeadroom : limits.bidHeadroom {
                let room = NegRiskEvent.room(leg, yesPrice: yesPrice, headroom: headroom)
                if room < size { return "\(size) would take the event's worst-case loss past the cap \(cap ?? .zero) (room \(room))" }
            }
            state.events[event]?.resting[market, default: []].append(RestingLeg(leg: leg, yesPrice: yesPrice, size: size))
            return nil
        }
    }

    private static func limits(market: String, tick: TickSize, cap: Money?, _ state: State, countingOwn: Bool) -> EventQuoteLimits? {
        guard let eventID = state.eventOf[market], let entry = state.events[eventID], let index = entry.outcomes.firstIndex(of: market) else { return nil }
        let others = entry.outcomes.filter { $0 != market }
        var limits = EventQuoteLimits(
            ask: NegRiskEvent.askBound(othersAsks: others.map { entry.best(.ask, $0) }, tick: tick),
            bid: NegRiskEvent.bidBound(othersBids: others.map { entry.best(.bid, $0) }, tick: tick))
        if let cap {
            let holdings = entry.outcomes.map { entry.holdings[$0] ?? EventHolding() }
            let resting = entry.outcomes.map { $0 == market && !countingOwn ? [] : entry.resting[$0] ?? [] }
            limits.askHeadroom = NegRiskEvent.legHeadroom(.ask, outcome: index, holdings, resting: resting, unheldOutcome: entry.unheldOutcome, cap: cap)
            limits.bidHeadroom = NegRiskEvent.legHeadroom(.bid, outcome: index, holdings, resting: resting, unheldOutcome: entry.unheldOutcome, cap: cap)
        }
        return limits
    }
}
