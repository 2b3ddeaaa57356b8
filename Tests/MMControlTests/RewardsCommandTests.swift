import Testing
@testable import MMControl

/// `rewards` takes an optional UTC calendar day and nothing else.
@Suite struct RewardsCommandTests {
    @Test(arguments: [("2026-01-16", true), ("2024-02-29", true), ("2023-02-29", false), ("2026-13-01", false), ("2026-1-16", false), ("16-01-2026", false), ("2026-01-32", false)])
    func dayMustBeACalendarDate(day: String, valid: Bool) {
        let parsed = Result { () throws(ControlError) -> ControlCommand in try ControlCommand.parse(ControlRequest(command: "rewards", arguments: ["day": .string(day)])) }
        if valid {
            #expect(parsed == .success(.rewards(day: day)))
        } else {
            #expect((try? parsed.get()) == nil)
        }
    }

    @Test func withoutADayItMeansTodayAndUnknownArgumentsAreRefused() throws {
        #expect(try ControlCommand.parse(ControlRequest(command: "rewards")) == .rewards(day: nil))
        #expect(throws: ControlError.self) { try ControlCommand.parse(ControlRequest(command: "rewards", arguments: ["market": .string("0x1")])) }
        #expect(ControlCommand.names.contains("rewards") && !ControlCommand.rewards(day: nil).isMutating)
    }
}
