import MMCore
import MMEngine
import Testing
@testable import MMDaemon

/// The alert policy with an injected clock: every step takes `now`, nothing sleeps.
@Suite struct AlertPolicyTests {
    static let minute: Int64 = 60_000
    static func policy(repeat interval: Int64 = 3_600_000, window: Int64 = 600_000, rates: [Int] = [20], capacity: Int = 256) -> AlertPolicy {
        var settings = AlertPolicy.Settings(repeatIntervalMilliseconds: interval, retryWindowMilliseconds: window)
        settings.queueCapacity = capacity
        return AlertPolicy(settings: settings, ratesPerMinute: rates, now: 0)
    }

    static func sends(_ actions: [AlertPolicy.Action]) -> [AlertSend] {
        actions.compactMap { if case .send(let send) = $0 { send } else { nil } }
    }

    static func drops(_ actions: [AlertPolicy.Action]) -> [AlertPolicy.DropReason] {
        actions.compactMap { if case .dropped(_, _, let reason) = $0 { reason } else { nil } }
    }

    static let stop = AlertIncident(.stopLoss, market: "0xa", summary: "stop")
    static let heartbeat = AlertIncident(.heartbeatFailing, summary: "heartbeat")

    @Test func oneAlertPerIncidentWithinTheRepeatInterval() {
        var policy = Self.policy()
        let first = Self.sends(policy.report(Self.stop, now: 1_000))
        #expect(first.count == 1 && first[0].notification.status == .firing && first[0].attempt == 1)
        _ = policy.completed(destination: 0, notification: first[0].notification.id, outcome: .delivered, now: 1_100)
        for now in stride(from: Int64(2_000), to: 3_600_000, by: 600_000) {
            #expect(Self.sends(policy.report(Self.stop, now: now)).isEmpty, "a duplicate within the interval")
        }
        #expect(policy.suppressed == 6)
        // Another market is another alert.
        #expect(Self.sends(policy.report(AlertIncident(.stopLoss, market: "0xb", summary: "stop"), now: 5_000)).count == 1)
        #expect(policy.counters[0].delivered == 1)
    }

    @Test func aOneOffEventRecurringAfterTheIntervalIsSentAgain() {
        var policy = Self.policy(repeat: 10_000)
        let first = Self.sends(policy.report(Self.stop, now: 0))
        _ = policy.completed(destination: 0, notification: first[0].notification.id, outcome: .delivered, now: 10)
        #expect(Self.sends(policy.report(Self.stop, now: 9_999)).isEmpty)
        #expect(Self.sends(policy.tick(now: 20_000)).isEmpty, "a one-off does not repeat by itself")
        let again = Self.sends(policy.report(Self.stop, now: 20_001))
        #expect(again.count == 1 && again[0].notification.startsAtMilliseconds == 20_001)
    }

    @Test func aConditionRepeatsWhileItHoldsAndResolvesOnce() {
        var policy = Self.policy(repeat: 10_000)
        let first = Self.sends(policy.report(Self.heartbeat, now: 0))
        #expect(first.count == 1)
        _ = policy.completed(destination: 0, notification: first[0].notification.id, outcome: .delivered, now: 5)
        // Reported every 5 s while failing: no new notification until the interval passed.
        #expect(Self.sends(policy.report(Self.heartbeat, now: 5_000)).isEmpty)
        #expect(Self.sends(policy.tick(now: 9_999)).isEmpty)
        let repeated = Self.sends(policy.tick(now: 10_000))
        #expect(repeated.count == 1 && repeated[0].notification.status == .firing && repeated[0].notification.startsAtMilliseconds == 0)
        #expect(Self.sends(policy.report(Self.heartbeat, now: 15_000)).isEmpty, "a report is not a repeat")
        _ = policy.completed(destination: 0, notification: repeated[0].notification.id, outcome: .delivered, now: 10_005)
        #expect(policy.firing == [Self.heartbeat.key])
        let resolved = Self.sends(policy.resolve(.heartbeatFailing, now: 12_000))
        #expect(resolved.count == 1 && resolved[0].notification.status == .resolved && resolved[0].notification.endsAtMilliseconds == 12_000)
        _ = policy.completed(destination: 0, notification: resolved[0].notification.id, outcome: .delivered, now: 12_010)
        #expect(Self.sends(policy.resolve(.heartbeatFailing, now: 13_000)).isEmpty, "resolved once")
        #expect(policy.firing.isEmpty)
        // Firing again later is a new alert with a new start.
        let refired = Self.sends(policy.report(Self.heartbeat, now: 14_000))
        #expect(refired.count == 1 && refired[0].notification.startsAtMilliseconds == 14_000)
    }

    @Test func resolvingWhatNeverFiredSendsNothing() {
        var policy = Self.policy()
        #expect(policy.resolve(.notReady, now: 0).isEmpty)
        #expect(policy.resolve(.websocketFrozen, market: "market:0", now: 0).isEmpty)
    }

    @Test func oneRequestInFlightPerDestinationAndEveryDestinationGetsEach() {
        var policy = Self.policy(rates: [20, 20])
        let first = Self.sends(policy.report(Self.stop, now: 0))
        #expect(first.map(\.destination) == [0, 1])
        #expect(Self.sends(policy.report(Self.heartbeat, now: 1)).isEmpty, "waits behind the one in flight")
        let next = Self.sends(policy.completed(destination: 1, notification: first[1].notification.id, outcome: .delivered, now: 2))
        #expect(next.count == 1 && next[0].destination == 1 && next[0].notification.incident == Self.heartbeat)
        #expect(policy.counters.map(\.queued) == [2, 1])
    }

    @Test func aStaleOrUnknownOutcomeIsIgnored() {
        var policy = Self.policy()
        let first = Self.sends(policy.report(Self.stop, now: 0))
        #expect(policy.completed(destination: 0, notification: first[0].notification.id + 7, outcome: .delivered, now: 1).isEmpty)
        #expect(policy.completed(destination: 3, notification: first[0].notification.id, outcome: .delivered, now: 1).isEmpty)
        #expect(policy.counters[0].delivered == 0 && policy.counters[0].queued == 1)
    }

    @Test func theRateLimitHoldsPerDestination() {
        var policy = Self.policy(rates: [2, 60])
        var sentAt: [Int: [Int64]] = [0: [], 1: []]
        var pending: [AlertSend] = []
        for index in 0..<6 { pending += Self.sends(policy.report(AlertIncident(.stopLoss, market: "m\(index)", summary: "s"), now: 0)) }
        // Answer every send at once; time moves in 100 ms steps for two minutes.
        var now: Int64 = 0
        while now <= 2 * Self.minute {
            var batch = pending + Self.sends(policy.tick(now: now))
            pending = []
            while !batch.isEmpty {
                var next: [AlertSend] = []
                for send in batch {
                    sentAt[send.destination, default: []].append(now)
                    next += Self.sends(policy.completed(destination: send.destination, notification: send.notification.id, outcome: .delivered, now: now))
                }
                batch = next
            }
            now += 100
        }
        // 2 per minute: a burst of 2, then one every 30 s.
        #expect(sentAt[0] == [0, 0, 30_000, 60_000, 90_000, 120_000])
        // 60 per minute: the six go at once.
        #expect(sentAt[1] == [0, 0, 0, 0, 0, 0])
    }

    @Test func failuresBackOffExponentiallyThenExpireAfterTheRetryWindow() {
        var policy = Self.policy(window: 20_000)
        var send = Self.sends(policy.report(Self.stop, now: 0))[0]
        var now: Int64 = 0
        var attempts: [Int64] = [0]
        while true {
            let actions = policy.completed(destination: 0, notification: send.notification.id, outcome: .retry(afterMilliseconds: nil, reason: "HTTP 500"), now: now)
            if !Self.drops(actions).isEmpty {
                #expect(Self.drops(actions) == [.expired(lastError: "HTTP 500")])
                break
            }
            var next: [AlertSend] = []
            while next.isEmpty {
                now += 100
                next = Self.sends(policy.tick(now: now))
            }
            send = next[0]
            attempts.append(now)
        }
        // 1 s, 2 s, 4 s, 8 s apart; the next pause (16 s) would end past the 20 s window.
        #expect(attempts == [0, 1_000, 3_000, 7_000, 15_000])
        #expect(policy.counters[0] == AlertDeliveryCounters(delivered: 0, failedAttempts: 5, dropped: 1, queued: 0))
    }

    @Test func retryAfterIsHonouredForTheWholeDestination() {
        var policy = Self.policy()
        let first = Self.sends(policy.report(Self.stop, now: 0))[0]
        _ = policy.report(Self.heartbeat, now: 1)
        #expect(Self.sends(policy.completed(destination: 0, notification: first.notification.id, outcome: .retry(afterMilliseconds: 7_000, reason: "HTTP 429"), now: 10)).isEmpty)
        #expect(Self.sends(policy.tick(now: 7_009)).isEmpty)
        let again = Self.sends(policy.tick(now: 7_010))
        #expect(again.count == 1 && again[0].notification.id == first.notification.id && again[0].attempt == 2, "the same notification first: order kept")
        let next = Self.sends(policy.completed(destination: 0, notification: first.notification.id, outcome: .delivered, now: 7_020))
        #expect(next.count == 1 && next[0].notification.incident == Self.heartbeat)
    }

    @Test func aRetryAfterBeyondTheWindowDropsAtOnce() {
        var policy = Self.policy(window: 60_000)
        let first = Self.sends(policy.report(Self.stop, now: 0))[0]
        let actions = policy.completed(destination: 0, notification: first.notification.id, outcome: .retry(afterMilliseconds: 3_600_000, reason: "HTTP 429"), now: 5)
        #expect(Self.drops(actions) == [.expired(lastError: "HTTP 429")])
    }

    @Test func aRefusalIsDroppedWithoutRetry() {
        var policy = Self.policy()
        let first = Self.sends(policy.report(Self.stop, now: 0))[0]
        let actions = policy.completed(destination: 0, notification: first.notification.id, outcome: .rejected(reason: "HTTP 404"), now: 5)
        #expect(Self.drops(actions) == [.rejected("HTTP 404")])
        #expect(policy.counters[0].dropped == 1 && policy.counters[0].queued == 0)
    }

    @Test func aFullQueueDropsTheOldestWaitingNeverTheOneInFlight() {
        var policy = Self.policy(capacity: 3)
        let inFlight = Self.sends(policy.report(AlertIncident(.stopLoss, market: "m0", summary: "s"), now: 0))[0]
        _ = policy.report(AlertIncident(.stopLoss, market: "m1", summary: "s"), now: 1)
        _ = policy.report(AlertIncident(.stopLoss, market: "m2", summary: "s"), now: 2)
        let actions = policy.report(AlertIncident(.stopLoss, market: "m3", summary: "s"), now: 3)
        guard case .dropped(0, let dropped, .queueFull)? = actions.first else {
            Issue.record("expected a drop, got \(actions)")
            return
        }
        #expect(dropped.incident.market == "m1")
        #expect(policy.counters[0].queued == 3 && policy.counters[0].dropped == 1)
        let next = Self.sends(policy.completed(destination: 0, notification: inFlight.notification.id, outcome: .delivered, now: 4))
        #expect(next.first?.notification.incident.market == "m2")
    }

    @Test func nextWakeNamesTheEarliestDueStep() {
        var policy = Self.policy(repeat: 10_000)
        #expect(policy.nextWake(now: 0) == nil)
        let first = Self.sends(policy.report(Self.heartbeat, now: 0))[0]
        _ = policy.completed(destination: 0, notification: first.notification.id, outcome: .retry(afterMilliseconds: 3_000, reason: "HTTP 429"), now: 100)
        #expect(policy.nextWake(now: 100) == 3_100)
    }

    @Test func theBucketRefillsExactly() {
        var bucket = TokenBucket(perMinute: 3, now: 0)
        var taken = [bucket.take(now: 0), bucket.take(now: 0), bucket.take(now: 0), bucket.take(now: 19_999)]
        #expect(taken == [true, true, true, false])
        #expect(bucket.nextAvailable(now: 19_999) == 20_000)
        taken = [bucket.take(now: 20_000), bucket.take(now: 20_000)]
        #expect(taken == [true, false])
    }
}

@Suite struct AlertSourcesTests {
    @Test(arguments: [
        ("stop", AlertEvent.stopLoss), ("halt", .marketHalted), ("store", .marketHalted), ("flat", .liquidationFinished), ("balance", .balanceShortfall),
    ])
    func riskEventsBecomeAlerts(kind: String, event: AlertEvent) {
        let incident = AlertIncident(EngineIncident.riskEvent(market: "0xabc", kind: kind, reason: "why"))
        #expect(incident?.event == event && incident?.market == "0xabc" && incident?.description == "why")
    }

    @Test func otherRiskEventsStayInTheLog() {
        for kind in ["cap", "cap-released", "volatility-pause", "resume", "store-recovered", "cannot-score"] {
            #expect(AlertIncident(EngineIncident.riskEvent(market: "0xabc", kind: kind, reason: "r")) == nil)
        }
        #expect(AlertIncident(EngineIncident.riskEvent(market: "0xabc", kind: "one-sided", reason: "yes leg: not enough balance / allowance"))?.event == .balanceShortfall)
        #expect(AlertIncident(EngineIncident.riskEvent(market: "0xabc", kind: "one-sided", reason: "yes leg: capped")) == nil)
    }

    @Test func aFailedFillNamesItsTradeAndEarlierStatus() {
        let incident = AlertIncident(EngineIncident.fillFailed(market: "0xabc", tradeID: "t-1", from: .matched))
        #expect(incident?.event == .fillFailed && incident?.summary == "fill FAILED after MATCHED" && incident?.description.contains("t-1") == true)
    }

    @Test func dailyLossAndRewardShortfallThresholds() {
        #expect(AlertIncident.dailyLoss(total: Money(micros: -50_000_000), threshold: Money(micros: -50_000_000)) == nil, "at the threshold: not past it")
        #expect(AlertIncident.dailyLoss(total: Money(micros: -50_000_001), threshold: Money(micros: -50_000_000))?.event == .dailyLoss)
        let half = Ratio(micros: 500_000)
        #expect(AlertIncident.rewardShortfall(day: "2026-01-16", expectedMicros: 10_000_000, paidMicros: 5_000_000, ratio: half) == nil)
        #expect(AlertIncident.rewardShortfall(day: "2026-01-16", expectedMicros: 10_000_000, paidMicros: 4_999_999, ratio: half)?.event == .rewardShortfall)
        #expect(AlertIncident.rewardShortfall(day: "2026-01-16", expectedMicros: 0, paidMicros: 0, ratio: half) == nil, "nothing expected, nothing short")
    }

    @Test func notReadyFiresOnlyAfterTheThresholdAndResolvesOnce() {
        var watch = NotReadyWatch(thresholdMilliseconds: 120_000)
        #expect(watch.observe(ready: false, failing: "heartbeat", now: 0) == nil)
        #expect(watch.observe(ready: false, failing: "heartbeat", now: 119_999) == nil)
        #expect(watch.observe(ready: false, failing: "heartbeat", now: 120_000) == .fire(failing: "heartbeat", forMilliseconds: 120_000))
        #expect(watch.observe(ready: true, failing: "", now: 121_000) == .resolve)
        #expect(watch.observe(ready: true, failing: "", now: 122_000) == nil)
        // A blip shorter than the threshold is nothing.
        #expect(watch.observe(ready: false, failing: "x", now: 200_000) == nil)
        #expect(watch.observe(ready: true, failing: "", now: 210_000) == nil)
    }

    @Test func alertNamesAndSeverities() {
        #expect(AlertEvent.stopLoss.alertName == "MMDStopLoss" && AlertEvent.websocketFrozen.alertName == "MMDWebsocketFrozen")
        #expect(AlertEvent.notReady.severity == .critical && AlertEvent.liquidationFinished.severity == .info)
        #expect(AlertEvent.allCases.filter(\.isCondition) == [.notReady, .heartbeatFailing, .websocketFrozen, .dailyLoss])
    }
}
