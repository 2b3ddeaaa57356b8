import MMCore
import MMDecision
import Testing

/// The machine keeps its own time in each risk state: what `mmctl stats` and `/metrics` report.
@Suite struct TimeInStateMachineTests {
    @Test func twoSidedTimeStartsWhenBothLegsRestAndPausedTimeIsCountedApart() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let posts = machine.handle(.timer, now: now).posts
        #expect(posts.count == 2)
        now += 40
        _ = machine.accept(posts, now: now)
        #expect(machine.isTwoSided && machine.timeInState.twoSidedMilliseconds == 0)
        now += 3_000
        _ = machine.handle(.timer, now: now)
        #expect(machine.timeInState.twoSidedMilliseconds == 3_000)
        _ = machine.handle(.pause, now: now)
        #expect(machine.riskState == .paused && machine.timeInState.state == .paused)
        now += 5_000
        _ = machine.handle(.timer, now: now)
        let times = machine.timeInState
        #expect(times.milliseconds[.paused] == 5_000)
        #expect(times.observedMilliseconds == 8_100)
        #expect(times.milliseconds.values.reduce(0, +) == times.observedMilliseconds, "every millisecond is in exactly one state")
    }
}
