import MMControl
import Testing

/// `alerts.test` takes no arguments and changes nothing the daemon trades on.
@Suite struct AlertsCommandTests {
    @Test func parsesWithoutArguments() throws {
        #expect(try ControlCommand.parse(ControlRequest(command: "alerts.test")) == .alertsTest)
        #expect(ControlCommand.names.contains("alerts.test") && !ControlCommand.alertsTest.isMutating)
    }

    @Test func refusesArguments() {
        #expect(throws: ControlError.self) { try ControlCommand.parse(ControlRequest(command: "alerts.test", arguments: ["destination": .string("ops")])) }
    }
}
