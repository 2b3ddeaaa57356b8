import Testing
@testable import MMControl

/// `stats` takes an optional market (a string) and nothing else, and changes nothing.
@Suite struct StatsCommandTests {
    @Test func anOptionalMarketOnly() throws {
        #expect(try ControlCommand.parse(ControlRequest(command: "stats")) == .stats(market: nil))
        #expect(try ControlCommand.parse(ControlRequest(command: "stats", arguments: ["market": .string("0xabc")])) == .stats(market: "0xabc"))
        #expect(throws: ControlError.self) { try ControlCommand.parse(ControlRequest(command: "stats", arguments: ["market": .integer(1)])) }
        #expect(throws: ControlError.self) { try ControlCommand.parse(ControlRequest(command: "stats", arguments: ["day": .string("2026-01-16")])) }
        #expect(ControlCommand.names.contains("stats") && !ControlCommand.stats(market: nil).isMutating)
    }
}
