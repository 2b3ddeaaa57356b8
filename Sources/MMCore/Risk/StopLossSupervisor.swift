/// The stop-loss state machine of one market (roadmap Phase 3): arm, trigger, liquidate, cool down, resume.
///
/// ```
/// armed ──trigger──▶ liquidating(mode) ──flat──▶ cooldown(until) ──time──▶ armed     (resumeAfterLiquidation)
///                         │                └─────flat──▶ stopped                      (otherwise)
///                         └─passive──▶ stopped ──operator resume──▶ armed
/// ```
/// Every method is synchronous and takes `now`; the engine performs the returned actions.
public struct StopLossSupervisor: Sendable {
    public enum State: Hashable, Sendable {
        case armed
        case liquidating(StopTrigger, LiquidationMode, sinceMilliseconds: Int64)
        case cooldown(untilMilliseconds: Int64)
        case stopped(StopTrigger, sinceMilliseconds: Int64)
    }

    /// What the engine must do after an evaluation.
    public enum Action: Hashable, Sendable {
        case none
        /// Cancel every quote; then keep `orders` (possibly empty) resting or send them as FAK.
        case stop(StopTrigger, orders: [LiquidationOrder])
        /// Still liquidating: the liquidation orders should now be these (limit mode reprices with mid).
        case liquidate([LiquidationOrder])
        /// The position is flat; quoting stays off until `untilMilliseconds` (or the operator, if 0).
        case flat(cooldownUntilMilliseconds: Int64?)
        /// Quoting may resume.
        case resume
    }

    public var settings: StopLossSettings
    public private(set) var state: State = .armed
    /// When the current one-sided exposure began; nil when flat.
    public private(set) var exposureSinceMilliseconds: Int64?
    private var exposureSign: Int = 0
    private var dayOpen: (day: UTCDay, unrealized: Money)?

    public init(settings: StopLossSettings) { self.settings = settings }

    /// The day's P&L: realized today + (unrealized now − unrealized when the day was first seen).
    public mutating func dailyPnL(_ snapshot: RiskSnapshot) -> Money {
        let day = UTCDay(epochMilliseconds: snapshot.nowMilliseconds)
        if dayOpen?.day != day { dayOpen = (day, snapshot.unrealized) }
        return snapshot.realizedToday + snapshot.unrealized - dayOpen!.unrealized
    }

    /// Evaluates the triggers and advances the state machine.
    public mutating func evaluate(_ snapshot: RiskSnapshot) -> Action {
        let now = snapshot.nowMilliseconds
        trackExposure(snapshot)
        let daily = dailyPnL(snapshot)
        switch state {
        case .armed:
            guard settings.isEnabled, let trigger = firstTrigger(snapshot, daily: daily) else { return .none }
            return begin(trigger, mode: settings.mode, snapshot)
        case .liquidating(_, let mode, _):
            if isFlat(snapshot) { return finishLiquidation(now: now) }
            return .liquidate(Self.plan(mode: mode, snapshot: snapshot, slippageCap: settings.slippageCap))
        case .cooldown(let until):
            guard now >= until else { return .none }
            state = .armed
            return .resume
        case .stopped:
            return .none
        }
    }

    /// `mmctl liquidate --mode …`: the same paths as an automatic stop.
    public mutating func liquidate(mode: LiquidationMode, _ snapshot: RiskSnapshot) -> Action {
        trackExposure(snapshot)
        return begin(.operatorRequest, mode: mode, snapshot)
    }

    /// `mmctl resume`: re-arms from any state.
    public mutating func resume() -> Action {
        state = .armed
        return .resume
    }

    // MARK: Internals

    private mutating func begin(_ trigger: StopTrigger, mode: LiquidationMode, _ snapshot: RiskSnapshot) -> Action {
        let now = snapshot.nowMilliseconds
        if mode == .passive {
            state = .stopped(trigger, sinceMilliseconds: now)
            return .stop(trigger, orders: [])
        }
        state = .liquidating(trigger, mode, sinceMilliseconds: now)
        return .stop(trigger, orders: isFlat(snapshot) ? [] : Self.plan(mode: mode, snapshot: snapshot, slippageCap: settings.slippageCap))
    }

    private mutating func finishLiquidation(now: Int64) -> Action {
        guard case .liquidating(let trigger, _, _) = state else { return .none }
        if settings.resumeAfterLiquidation {
            let until = now + settings.cooldownMilliseconds
            state = .cooldown(untilMilliseconds: until)
            return .flat(cooldownUntilMilliseconds: until)
        }
        state = .stopped(trigger, sinceMilliseconds: now)
        return .flat(cooldownUntilMilliseconds: nil)
    }

    private func isFlat(_ snapshot: RiskSnapshot) -> Bool {
        snapshot.inventory.net.magnitude < snapshot.minimumSize
    }

    private mutating func trackExposure(_ snapshot: RiskSnapshot) {
        let net = snapshot.inventory.net.micros
        let sign = net > 0 ? 1 : (net < 0 ? -1 : 0)
        if sign == 0 {
            exposureSinceMilliseconds = nil
        } else if sign != exposureSign || exposureSinceMilliseconds == nil {
            exposureSinceMilliseconds = snapshot.nowMilliseconds
        }
        exposureSign = sign
    }

    private func firstTrigger(_ snapshot: RiskSnapshot, daily: Money) -> StopTrigger? {
        if snapshot.unrealized < settings.maxUnrealizedLoss {
            return .unrealizedLoss(actual: snapshot.unrealized, limit: settings.maxUnrealizedLoss)
        }
        if daily < settings.maxDailyLoss { return .dailyLoss(actual: daily, limit: settings.maxDailyLoss) }
        if let limit = settings.maxPositionAgeMilliseconds, let since = exposureSinceMilliseconds,
            snapshot.nowMilliseconds - since > limit, !isFlat(snapshot) {
            return .positionAge(milliseconds: snapshot.nowMilliseconds - since, limit: limit)
        }
        return nil
    }

    /// The orders that exit the net exposure: SELL the excess outcome, never more than is held.
    ///
    /// The hedged part (min(YES, NO)) is neutral and left for a merge. Market mode sells FAK down to
    /// mid − slippage cap on that outcome's book; limit mode rests at that outcome's mid, rounded up to
    /// the tick so it never sells below mid.
    public static func plan(mode: LiquidationMode, snapshot: RiskSnapshot, slippageCap: Int64) -> [LiquidationOrder] {
        let net = snapshot.inventory.net
        guard mode != .passive, net.magnitude >= snapshot.minimumSize else { return [] }
        let outcome: Outcome = net.micros > 0 ? .yes : .no
        let size = net.magnitude.truncated(toMultipleOf: Quantity.venueSizeStep)
        let outcomeMid = outcome == .yes ? snapshot.mid : snapshot.mid.complement
        let tick = snapshot.tick
        switch mode {
        case .market:
            let worst = tick.gridPrice(max(outcomeMid.micros - slippageCap, tick.micros), .up) ?? tick.minimumPrice
            return [LiquidationOrder(outcome: outcome, side: .sell, price: worst, size: size, timeInForce: .fillAndKill)]
        case .limit:
            let price = tick.gridPrice(outcomeMid.micros, .up) ?? tick.maximumPrice
            return [LiquidationOrder(outcome: outcome, side: .sell, price: price, size: size, timeInForce: .postOnlyGTC)]
        case .passive:
            return []
        }
    }
}
