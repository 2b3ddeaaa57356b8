import Testing
@testable import MMCore

/// Time is credited to the state that held it, from the input that entered it to the one that left it.
@Suite struct TimeInStateTests {
    @Test func eachIntervalGoesToThePreviousState() {
        var times = TimeInState()
        #expect(times.observedMilliseconds == 0 && times.milliseconds.isEmpty)
        times.observe(state: .quoting, isTwoSided: true, nowMilliseconds: 1_000)
        times.observe(state: .quoting, isTwoSided: true, nowMilliseconds: 4_000)
        times.observe(state: .oneSided, isTwoSided: false, nowMilliseconds: 6_000)
        times.observe(state: .paused, isTwoSided: false, nowMilliseconds: 9_000)
        #expect(times.milliseconds == [.quoting: 5_000, .oneSided: 3_000])
        #expect(times.twoSidedMilliseconds == 5_000)
        #expect(times.observedMilliseconds == 8_000 && times.startedAt == 1_000 && times.state == .paused)
    }

    @Test func asOfExtendsTheCurrentStateWithoutChangingIt() {
        var times = TimeInState()
        times.observe(state: .skewed, isTwoSided: true, nowMilliseconds: 0)
        let later = times.asOf(nowMilliseconds: 2_500)
        #expect(later.milliseconds == [.skewed: 2_500] && later.twoSidedMilliseconds == 2_500 && later.observedMilliseconds == 2_500)
        #expect(times.milliseconds.isEmpty && times.observedAt == 0)
        // Before any observation nothing is counted.
        #expect(TimeInState().asOf(nowMilliseconds: 10_000).observedMilliseconds == 0)
    }

    @Test func aClockSteppingBackCreditsNothing() {
        var times = TimeInState()
        times.observe(state: .quoting, isTwoSided: false, nowMilliseconds: 10_000)
        times.observe(state: .halted, isTwoSided: false, nowMilliseconds: 7_000)
        times.observe(state: .halted, isTwoSided: false, nowMilliseconds: 12_000)
        #expect(times.milliseconds == [.halted: 2_000])
        #expect(times.observedMilliseconds == 2_000)
    }
}
