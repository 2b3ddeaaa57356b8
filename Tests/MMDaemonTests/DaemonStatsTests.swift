import Foundation
import Logging
import MMConfig
import MMControl
import Testing
@testable import MMDaemon

/// `stats` through the real control socket of a daemon trading on the in-process simulator.
@Suite(.serialized) struct DaemonStatsTests {
    static let market = ControlCenterTests.market

    @Test func statsThroughTheSocketCountTimeFillsAndMarkouts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-stats-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try DaemonTests.scenario(directory))"}
            strategy: {orderSize: 5}
            markets:
              - id: "\(Self.market)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        var logger = Logger(label: "mmd-stats-test")
        logger.logLevel = .warning
        let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(25))
        let socket = daemon.socketPath
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            try await onThread {
                var client: ControlClient?
                for _ in 0..<300 where client == nil {
                    client = try? ControlClient(path: socket)
                    if client == nil { Thread.sleep(forTimeInterval: 0.1) }
                }
                let connection = try #require(client)
                func stats(_ arguments: [String: JSONValue] = [:]) throws -> JSONValue? {
                    guard case .success(let result) = try connection.call("stats", arguments) else { return nil }
                    return result
                }
                // Until recovery is done the command says so; then a fill comes and, a second later, its markout.
                var report: JSONValue?
                for _ in 0..<180 {
                    if let result = try stats(), let row = result["markets"]?.array?.first, (row["fills"]?.int64 ?? 0) > 0,
                        (row["markouts"]?.array?.first?["fills"]?.int64 ?? 0) > 0
                    {
                        report = result
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.1)
                }
                let result = try #require(report, "no fill with its 1 s markout within 18 s")
                let row = try #require(result["markets"]?.array?.first)
                #expect(row["market"]?.string == Self.market)
                let observed = try #require(row["observed_milliseconds"]?.int64)
                #expect(observed > 0)
                let spent = (row["risk_state_milliseconds"]?.object ?? [:]).values.compactMap(\.int64).reduce(0, +)
                #expect(spent == observed, "every millisecond observed is in one risk state")
                #expect((row["two_sided_milliseconds"]?.int64 ?? 0) > 0, "both legs rested for a while")
                #expect((row["quotes_posted"]?.int64 ?? 0) >= 2)
                #expect(row["fills_per_quote_micros"]?.int64 != nil && row["fills_per_hour_micros"]?.int64 != nil)
                #expect(row["markouts"]?.array?.compactMap { $0["horizon_milliseconds"]?.int64 } == [1_000, 10_000, 60_000])
                #expect((row["rewards"]?["capital_micros"]?.int64 ?? 0) > 0, "quotes rest, so capital is tied up")
                #expect(result["total"]?["market"]?.string == "all")

                // One market by a prefix; unknown markets and bad arguments are errors.
                #expect(try stats(["market": .string(String(Self.market.prefix(12)))])?["markets"]?.array?.count == 1)
                #expect(try connection.call("stats", ["market": .string("0xnope")]).isFailure(.unknownMarket))
                #expect(try connection.call("stats", ["market": .integer(7)]).isFailure(.invalidArguments))
            }
            try await group.next()
        }
    }
}
