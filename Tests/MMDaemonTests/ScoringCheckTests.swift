import Foundation
import Logging
import MMConfig
import MMControl
import MMCore
import MMPersistence
import MMSim
import Testing
@testable import MMDaemon

/// The closed reward loop end to end: the daemon quotes on the simulator over loopback, asks
/// `/orders-scoring` about its resting quotes, and reconciles expected against paid rewards.
@Suite(.serialized) struct ScoringCheckTests {
    /// Scores nowhere: `rewardsMinSize` 20 against our 5-share quotes.
    static let small = "0x5eed000000000000000000000000000000000000000000000000000000000001"
    /// Scores: `rewardsMinSize` 5.
    static let scoring = "0x5eed000000000000000000000000000000000000000000000000000000000002"

    static func scenario(_ directory: URL) throws -> String {
        let yaml = """
            name: scoring
            seed: 5
            durationSeconds: 3600
            markets:
              - id: "\(small)"
                tick: 0.01
                rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 100}
                fairValue: {start: 0.50, volatility: 0.0005}
                background: {levels: 3, spacing: 0.01, distance: 0.03, size: 150}
              - id: "\(scoring)"
                tick: 0.01
                rewards: {maxSpread: 0.03, minSize: 5, dailyRate: 1440}
                fairValue: {start: 0.50, volatility: 0.0005}
                background: {levels: 3, spacing: 0.01, distance: 0.03, size: 150}
            accounts:
              - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
            """
        let path = directory.appendingPathComponent("scoring.yaml")
        try yaml.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    @Test func nonScoringQuotesAreDetectedWithTheirReasonAndRewardsAreReconciled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-scoring-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenarioPath = try Self.scenario(directory)
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(scenarioPath)"}
            strategy: {kind: band, sizeUpToScore: false, orderSize: 5}
            markets:
              - id: "\(Self.small)"
              - id: "\(Self.scoring)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        var logger = Logger(label: "mmd-scoring-test")
        logger.logLevel = .warning
        // Long enough for the checks on a loaded machine (the whole suite in parallel); it then stops
        // gracefully, as under systemd (a cancelled daemon cannot cancel its orders).
        var daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(90))
        daemon.scoringCheck.interval = .milliseconds(500)
        daemon.scoringCheck.minimumOrderAgeMilliseconds = 0
        let service = await SimulatedVenueService(scenario: try daemon.loadScenario(), logger: logger)
        daemon.venueService = service
        let venue = service.server.venue
        let socket = daemon.socketPath
        let running = daemon

        try await withThrowingTaskGroup(of: Void.self) { outer in
            outer.addTask { try await service.run() }
            try await withThrowingTaskGroup(of: Void.self) { inner in
                inner.addTask { try await running.run() }
                inner.addTask {
                    // One connection per call: the client is a blocking, non-Sendable socket.
                    @Sendable func call(_ command: String, _ arguments: [String: JSONValue] = [:]) throws -> Result<JSONValue, ControlError> {
                        for _ in 0..<200 {
                            if let client = try? ControlClient(path: socket) { return try client.call(command, arguments) }
                            Thread.sleep(forTimeInterval: 0.1)
                        }
                        return try ControlClient(path: socket).call(command, arguments)
                    }
                    @Sendable func scoring(_ market: String) throws -> JSONValue? {
                        guard case .success(let status) = try call("status") else { return nil }
                        return status["markets"]?.array?.first { $0["market"]?.string == market }?["scoring"]
                    }
                    @Sendable func eventually(_ condition: @escaping @Sendable () throws -> Bool) async throws -> Bool {
                        try await onThread {
                            for _ in 0..<150 {
                                if try condition() { return true }
                                Thread.sleep(forTimeInterval: 0.1)
                            }
                            return false
                        }
                    }

                    // 1. The small-size market is quoted but never scores; the model agrees and names the reason.
                    #expect(
                        try await eventually {
                            let small = try scoring(Self.small)?["not_scoring_by_reason"]?["size_below_min"]?.int64 ?? 0
                            let scored = try scoring(Self.scoring)?["venue_scoring"]?.int64 ?? 0
                            return small >= 2 && scored >= 2
                        }, "both markets checked")
                    let small = try await onThread { try scoring(Self.small) }
                    #expect(small?["mismatches"]?.int64 == 0 && small?["venue_scoring"]?.int64 == 0)

                    // 2. A reward sample while our quotes rest: the venue pays, mmctl rewards shows both figures.
                    await venue.perform { exchange, now in exchange.sampleRewardsNow(nowMilliseconds: now) }
                    let rewards = try await onThread { try call("rewards") }
                    let report = try #require(try? rewards.get())
                    let row = try #require(report["markets"]?.array?.first { $0["market"]?.string == Self.scoring })
                    let expected = try FixedPoint.parseMicros(row["expected"]?.string ?? "0")
                    let paid = try FixedPoint.parseMicros(row["paid"]?.string ?? "0")
                    #expect(expected > 0 && paid > 0, "expected \(expected), paid \(paid)")
                    #expect(row["ratio"]?.string != nil)
                    #expect(report["day"]?.string == UTCDay(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000)).description)
                    let unknownDay = try await onThread { try call("rewards", ["day": .string("2026-13-01")]) }
                    #expect(unknownDay.isFailure(.invalidArguments))
                    try await Self.mmctlRewardsJSON(socket: socket, market: Self.scoring)

                    // 3. The venue raises rewardsMinSize behind the daemon's back: the model (still at 5) says our
                    //    quotes score, the venue says no; the check counts the mismatch and finds the reason.
                    await venue.perform { exchange, _ in
                        exchange.setRewards(
                            market: Self.scoring, to: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 50), dailyRate: Money(micros: 1_440_000_000)))
                    }
                    #expect(
                        try await eventually {
                            let counters = try scoring(Self.scoring)
                            return (counters?["mismatches"]?.int64 ?? 0) >= 1 && (counters?["not_scoring_by_reason"]?["size_below_min"]?.int64 ?? 0) >= 1
                        }, "the mismatch is counted with its reason")
                    guard case .success(let markets) = try await onThread({ try call("markets") }) else { throw DaemonError("markets failed") }
                    #expect(markets.array?.first { $0["market"]?.string == Self.scoring }?["reward_min_size"]?.string == "50", "the fresh parameters were adopted")
                    guard case .success(let status) = try await onThread({ try call("status") }) else { throw DaemonError("status failed") }
                    #expect((status["scoring"]?["mismatches"]?.int64 ?? 0) >= 1, "the total counts it too")
                }
                try await inner.waitForAll()
            }
            outer.cancelAll()
        }

        let database = try AppDatabase(path: running.databasePath)
        let verdicts = try await database.orderScoring(market: Self.small)
        #expect(!verdicts.isEmpty && verdicts.allSatisfy { !$0.venueScores && !$0.modelScores && $0.reason == "size_below_min" })
        let stored = try await database.rewardReconciliation(day: UTCDay(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000)).description)
        #expect(stored.contains { $0.market == Self.scoring && $0.expectedMicros > 0 && ($0.paidMicros ?? 0) > 0 })
    }

    /// `mmctl rewards --json` itself, when the binary is built beside the tests; the child runs and is
    /// waited for on a thread of its own (it blocks).
    static func mmctlRewardsJSON(socket: String, market: String) async throws {
        let binary = URL(fileURLWithPath: DaemonProcessTests.binary).deletingLastPathComponent().appendingPathComponent("mmctl").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("notice: \(binary) is not built; mmctl rewards --json not exercised")
            return
        }
        let (status, output) = try await onThread { () throws -> (Int32, Data) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["rewards", "--socket", socket, "--json"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        #expect(status == 0)
        let parsed = try JSONParser.parse(Array(output))
        #expect(parsed["markets"]?.array?.contains { $0["market"]?.string == market && $0["paid"]?.string != nil } == true, "\(String(decoding: output, as: UTF8.self))")
    }
}
