import MMCore
import Polymarket

/// Drives the market around the participants under test: moves fair value, keeps a background book
/// around it, and sends noise, informed, bait and scripted takers, all from one seed.
///
/// A synchronous state machine over ``SimExchange``: `step` takes `now` and acts on the exchange, so
/// the same scenario and seed give the same trade log in real or accelerated time.
///
/// Each market has a wake-up time in a priority queue, and a step only touches the markets that are
/// due, so a scenario of thousands of mostly quiet markets costs what changes. With step timing a
/// market whose fair value or takers draw randomness is due every step (in market order, from the one
/// shared random stream, exactly as before the queue existed); a static market sleeps until its next
/// scripted event. With event timing every market has its own random stream and sleeps until its
/// next fair-value move or taker arrival (exponential gaps), its next scripted event or drift tick.
public struct ScenarioEngine: Sendable {
    public let scenario: Scenario
    public let startMilliseconds: Int64
    var random: SimRandom
    var states: [MarketState]
    var schedule = SimHeap<Wake>()
    public internal(set) var fairValues: [Int64]
    /// Each market's own process value before an event's outcomes are normalised to sum to 1.
    var rawFairValues: [Int64] = []
    /// The neg-risk events' member indices, and each market's event (an index into `eventMembers`).
    let eventMembers: [[Int]]
    let eventOf: [Int?]
    /// How many times a market acted so far: what the steps cost (tests, `docs/performance.md`).
    public private(set) var wakes = 0
    /// Recorded trades replayed so far (all tape markets), and those that found nothing to match.
    public internal(set) var tapeTradesReplayed = 0
    public internal(set) var tapeTradesUnmatched = 0

    static let provider = "0x00000000000000000000000000000000000000a1"
    static let taker = "0x00000000000000000000000000000000000000b2"
    /// The API-key owners of a tape's recorded depth and of its recorded takers (as in the trade log).
    public static let tapeBookOwner = "sim-tape"
    public static let tapeTakerOwner = "sim-tape-taker"

    /// A market's next wake-up: earliest first, then market order (the order the old full scan used).
    struct Wake: Comparable, Sendable {
        var at: Int64
        var index: Int
        static func < (a: Self, b: Self) -> Bool { (a.at, a.index) < (b.at, b.index) }
    }

    struct MarketState: Sendable {
        var process: FairValueProcess
        var lastQuoted: Int64?
        /// When the background book was last quoted in full (elapsed ms).
        var quotedAt: Int64 = 0
        var providerOrders: [String] = []
        var pendingBaits: [(takeAt: Int64, size: Quantity, orders: [String])] = []
        var firedBaits: Set<Int> = []
        var firedSweeps: Set<Int> = []
        var firedTicks: Set<Int> = []
        /// Event timing: this market's own stream (takers) and its next arrivals (elapsed ms).
        var random: SimRandom
        /// Event timing: the stream of fair-value moves and their gaps alone, so the path ahead can be
        /// replayed from a copy (``ScenarioEngine/futureFairValue(_:at:)``) for informed takers.
        var fairRandom: SimRandom
        var nextMove: Int64?
        var nextNoise: Int64?
        var nextInformed: Int64?
        /// A tape market: the index of its next recorded event.
        var tapeCursor = 0
    }

    public init(scenario: Scenario, startMilliseconds: Int64) {
        self.scenario = scenario
        self.startMilliseconds = startMilliseconds
        random = SimRandom(seed: scenario.seed)
        var states: [MarketState] = []
        states.reserveCapacity(scenario.markets.count)
        for (index, market) in scenario.markets.enumerated() {
            // A hashed seed per market, so streams of neighbouring markets do not overlap.
            var seeder = SimRandom(seed: scenario.seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
            let takers = SimRandom(seed: seeder.next())
            states.append(MarketState(process: FairValueProcess(settings: market.fairValue), random: takers, fairRandom: SimRandom(seed: seeder.next())))
        }
        self.states = states
        let members = scenario.events.sorted { $0.key < $1.key }.map(\.value)
        eventMembers = members
        var eventOf = [Int?](repeating: nil, count: scenario.markets.count)
        for (event, indices) in members.enumerated() { for index in indices { eventOf[index] = event } }
        self.eventOf = eventOf
        rawFairValues = zip(states, scenario.markets).map { state, market in market.tape?.firstMid ?? state.process.value(elapsed: 0) }
        fairValues = Self.normalised(rawFairValues, events: members)
        if scenario.timing == .events {
            for index in states.indices { scheduleArrivals(index, elapsed: 0) }
        }
        // Every market acts at the first step (its first background book).
        for index in scenario.markets.indices { schedule.insert(Wake(at: Int64.min, index: index)) }
    }

    /// Lists the markets and funds the scenario's accounts and the simulator's own participants.
    public func install(on exchange: inout SimExchange) {
        let huge: Int64 = 1_000_000_000_000_000
        var everyToken: [String: Int64] = [:]
        for market in scenario.markets {
            exchange.list(market.spec)
            everyToken[market.spec.yesToken] = huge
            everyToken[market.spec.noToken] = huge
        }
        // Funded once: a per-market credit of this size would overflow Int64 past nine markets.
        exchange.fund(Self.provider, collateral: huge, tokens: everyToken)
        exchange.fund(Self.taker, collateral: huge, tokens: everyToken)
        for account in scenario.accounts {
            var tokens: [String: Int64] = [:]
            for market in scenario.markets {
                tokens[market.spec.yesToken] = account.yes
                tokens[market.spec.noToken] = account.no
            }
            exchange.fund(account.address, collateral: account.collateral, tokens: tokens)
        }
    }

    /// One scenario step at `now`: every market that is due acts, then the exchange advances.
    public mutating func step(exchange: inout SimExchange, nowMilliseconds now: Int64) {
        let elapsed = now - startMilliseconds
        while let wake = schedule.first, wake.at <= elapsed {
            _ = schedule.popFirst()
            let index = wake.index
            wakes += 1
            switch scenario.timing {
            case _ where scenario.markets[index].tape != nil: tapeMarket(index, exchange: &exchange, now: now, elapsed: elapsed)
            case .steps: stepMarket(index, exchange: &exchange, now: now, elapsed: elapsed)
            case .events: wakeMarket(index, exchange: &exchange, now: now, elapsed: elapsed)
            }
            if let next = nextWake(index, elapsed: elapsed) { schedule.insert(Wake(at: next, index: index)) }
        }
        exchange.advance(nowMilliseconds: now)
    }

    /// Step timing: what every market did every step before the queue (same draws, same order).
    private mutating func stepMarket(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64) {
        setFairValue(index, raw: states[index].process.step(elapsed: elapsed, random: &random))
        scripted(index, exchange: &exchange, now: now, elapsed: elapsed, ticksOnly: true)
        refreshProvider(index, exchange: &exchange, now: now)
        // Nobody trades a resolved market but the arbitrage that settles it (`refreshProvider`).
        if states[index].process.resolved == nil {
            var shared = random
            stepTakers(index, exchange: &exchange, now: now, elapsed: elapsed, random: &shared)
            random = shared
        }
        scripted(index, exchange: &exchange, now: now, elapsed: elapsed, ticksOnly: false)
    }

    /// Event timing: apply whatever of this market is due, from its own random stream. Arrivals that
    /// fell within one step all happen, in time order per kind.
    private mutating func wakeMarket(_ index: Int, exchange: inout SimExchange, now: Int64, elapsed: Int64) {
        let market = scenario.markets[index]
        states[index].process.setElapsedSteps(elapsed / scenario.stepMilliseconds)
        var state = states[index]
        let resolvesAt = market.fairValue.resolution?.atMilliseconds ?? .max
        while let move = state.nextMove, move <= elapsed, move < resolvesAt {
            state.process.move(elapsed: move, random: &state.fairRandom)
            state.nextMove = move + state.fairRandom.exponential(meanMilliseconds: meanGap(perMinuteMicros: movesPerMinute(market)))
        }
        if state.process.resolveIfDue(elapsed: elapsed) { (state.nextMove, state.nextNoise, state.nextInformed) = (nil, nil, nil) }
        states[index] = state
        setFairValue(index, raw: states[index].process.value(elapsed: elapsed))
        scripted(index, exchange: &exchange, now: now, elapsed: elapsed, ticksOnly: true)
        refreshProvider(index, exchange: &exchange, now: now)
        while let noise = states[index].nextNoise, noise <= elapsed {
            var own = states[index].random
            noiseTaker(index, exchange: &exchange, now: now, random: &own)
            states[index].nextNoise = noise + own.exponential(meanMilliseconds: meanGap(perMinuteMicros: market.takers.noiseRatePerMinute))
            states[index].random = own
        }
        while let informed = states[index].nextInformed, informed <= elapsed {
            let size = market.takers.informedSizes?.draw(&states[index].random) ?? market.takers.informedSize
            informedTaker(index, exchange: &exchange, now: now, elapsed: elapsed, size: size)
            let gap = states[index].random.exponential(meanMilliseconds: meanGap(perMinuteMicros: market.takers.informedRatePerMinute))
            states[index].nextInformed = informed + gap
        }
        scripted(index, exchange: &exchange, now: now, elapsed: elapsed, ticksOnly: false)
    }

    /// Event timing: the first move and taker arrivals of a market.
    private mutating func scheduleArrivals(_ index: Int, elapsed: Int64) {
        let market = scenario.markets[index]
        var state = states[index]
        func first(perMinuteMicros rate: Int64) -> Int64? {
            rate > 0 ? elapsed + state.random.exponential(meanMilliseconds: meanGap(perMinuteMicros: rate)) : nil
        }
        let moves = movesPerMinute(market)
        state.nextMove = moves > 0 ? elapsed + state.fairRandom.exponential(meanMilliseconds: meanGap(perMinuteMicros: moves)) : nil
        state.nextNoise = first(perMinuteMicros: market.takers.noiseRatePerMinute)
        state.nextInformed = first(perMinuteMicros: market.takers.informedRatePerMinute)
        states[index] = state
    }

    /// Fair value at `target` (≥ now): with event timing the random path too, replayed from copies of the
    /// market's move stream (what informed takers know); with step timing, whose one shared stream
    /// cannot be replayed, the scripted path (waypoints, drift, resolution) from the walk as it is now.
    func futureFairValue(_ index: Int, at target: Int64) -> Int64 {
        var process = states[index].process
        guard scenario.timing == .events else { return process.value(elapsed: target) }
        let market = scenario.markets[index]
        var random = states[index].fairRandom
        var next = states[index].nextMove
        let resolvesAt = market.fairValue.resolution?.atMilliseconds ?? .max
        while let move = next, move <= target, move < resolvesAt {
            process.move(elapsed: move, random: &random)
            next = move + random.exponential(meanMilliseconds: meanGap(perMinuteMicros: movesPerMinute(market)))
        }
        process.setElapsedSteps(target / scenario.stepMilliseconds)
        _ = process.resolveIfDue(elapsed: target)
        return eventShare(index, raw: process.value(elapsed: target))
    }

    /// A market's new unnormalised fair value; in an event, every outcome's share is updated with it.
    mutating func setFairValue(_ index: Int, raw: Int64) {
        rawFairValues[index] = raw
        guard let event = eventOf[index] else {
            fairValues[index] = raw
            return
        }
        for member in eventMembers[event] { fairValues[member] = eventShare(member, raw: rawFairValues[member]) }
    }

    /// `raw` as a share of the market's event (the other outcomes at their current values).
    func eventShare(_ index: Int, raw: Int64) -> Int64 {
        guard let event = eventOf[index] else { return raw }
        let others = eventMembers[event].reduce(Int64(0)) { $0 + ($1 == index ? 0 : rawFairValues[$1]) }
        guard raw + others > 0 else { return raw }
        return min(max(FixedPoint.multiplyDivide(raw, FixedPoint.scale, dividingBy: raw + others, rounding: .nearestEven) ?? raw, 0), FixedPoint.scale)
    }

    /// Random fair-value moves per minute (micro-units): as set, or one per step on average; 0 without noise or jumps.
    private func movesPerMinute(_ market: Scenario.MarketScenario) -> Int64 {
        let fair = market.fairValue
        guard fair.volatility > 0 || fair.jumpProbabilityMillionths > 0 else { return 0 }
        return fair.movesPerMinute ?? 60_000_000_000 / scenario.stepMilliseconds
    }

    /// The mean gap in milliseconds of arrivals at `rate` per minute (micro-units).
    private func meanGap(perMinuteMicros rate: Int64) -> Int64 {
        max(1, FixedPoint.multiplyDivide(60_000, 1_000_000, dividingBy: max(rate, 1), rounding: .down) ?? 1)
    }

    /// When `index` must act next after acting at `elapsed` (`nil` = never again).
    private func nextWake(_ index: Int, elapsed: Int64) -> Int64? {
        let market = scenario.markets[index]
        let state = states[index]
        let step = scenario.stepMilliseconds
        var candidates: [Int64] = []
        for (i, change) in market.tickChanges.enumerated() where !state.firedTicks.contains(i) { candidates.append(change.atMilliseconds) }
        if let tape = market.tape {
            // A tape market acts at its next recorded event (at the first step at or after it).
            if state.tapeCursor < tape.entries.count { candidates.append(tape.entries[state.tapeCursor].atMilliseconds) }
            guard let first = candidates.min() else { return nil }
            return max(elapsed + step, (first + step - 1) / step * step)
        }
        // A refused background level is retried at the next step.
        if state.lastQuoted == nil { return elapsed + step }
        for (i, bait) in market.takers.baits.enumerated() where !state.firedBaits.contains(i) { candidates.append(bait.atMilliseconds) }
        for (i, sweep) in market.takers.sweeps.enumerated() where !state.firedSweeps.contains(i) { candidates.append(sweep.atMilliseconds) }
        candidates += state.pendingBaits.map(\.takeAt)
        if let refill = market.background.refillMilliseconds { candidates.append(state.quotedAt + refill) }
        if let resolution = market.fairValue.resolution {
            // Every step from the ramp on (the pull moves fair value continuously; after resolution the
            // settling arbitrage runs each step); the ramp's start before that.
            candidates.append(state.process.resolved != nil || elapsed >= resolution.rampStart ? elapsed + step : resolution.rampStart)
        }
        switch scenario.timing {
        case .steps:
            let drawsEveryStep = state.process.isMoving || market.takers.noiseRatePerMinute > 0 || market.takers.informedRatePerMinute > 0
            if drawsEveryStep { return elapsed + step }
            // Scripted events fire at the first step at or after their time.
            guard let first = candidates.min() else { return nil }
            return max(elapsed + step, (first + step - 1) / step * step)
        case .events:
            candidates += [state.nextMove, state.nextNoise, state.nextInformed].compactMap { $0 }
            if !market.fairValue.waypoints.isEmpty { candidates.append(elapsed + step) }
            if market.fairValue.drift != 0 {
                // Drift moves fair value by a tick every tick ÷ |drift| steps.
                let tick = market.spec.tick.micros
                candidates.append(elapsed + max(step, step * (tick / max(abs(market.fairValue.drift), 1))))
            }
            return candidates.min().map { max($0, elapsed + 1) }
        }
    }
}
