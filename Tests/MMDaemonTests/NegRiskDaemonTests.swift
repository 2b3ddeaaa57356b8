import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import Testing
@testable import MMDaemon

/// The live path of issue 14's neg-risk rules: the whole daemon against the in-process simulator serving
/// `etc/scenarios/neg-risk-event.yaml` over loopback (Gamma's markets and events, real websockets, SQLite),
/// with the placeholder listed in `markets:` like any other outcome.
@Suite(.serialized) struct NegRiskDaemonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let outcomes = (1...3).map { "0x0e7e00000000000000000000000000000000000000000000000000000000000\($0)" }
    static let placeholder = "0x0e7e000000000000000000000000000000000000000000000000000000000004"

    @Test func thePlaceholderIsSkippedTheOutcomesAreQuotedAndTheWorstCaseStaysWithinTheCap() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-negrisk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Aggressive takers on every outcome, so fills come within seconds.
        var scenario = try String(contentsOf: Self.root.appendingPathComponent("etc/scenarios/neg-risk-event.yaml"), encoding: .utf8)
        scenario = scenario.replacingOccurrences(of: "noise: {ratePerMinute: 4, size: 10}", with: "noise: {ratePerMinute: 40, size: 20}")
        let scenarioPath = directory.appendingPathComponent("neg-risk.yaml")
        try scenario.write(to: scenarioPath, atomically: true, encoding: .utf8)
        let markets = (Self.outcomes + [Self.placeholder]).map { "  - id: \"\($0)\"" }.joined(separator: "\n")
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(scenarioPath.path)"}
            strategy: {orderSize: 5}
            limits: {maxEventExposure: 12}
            markets:
            \(markets)
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        #expect(configuration.limits.eventExposureMeasure == .worstCaseLoss)
        var logger = Logger(label: "mmd-test")
        logger.logLevel = .warning
        let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(12))
        try await daemon.run()

        let database = try AppDatabase(path: daemon.databasePath)
        let everything = try await database.intents(in: Set(OrderState.allCases))
        #expect(!everything.contains { $0.market == Self.placeholder }, "an order was built for the placeholder")
        #expect(Set(everything.map(\.market)) == Set(Self.outcomes), "every named outcome was quoted")
        var holdings: [EventHolding] = []
        var fills = 0
        for market in Self.outcomes {
            let ledger = try await database.ledger(market: market)
            holdings.append(EventHolding(yes: ledger.yes.position, no: ledger.no.position, cost: ledger.netCashIn))
            fills += ledger.fills.count
        }
        let worst = NegRiskEvent.worstCaseLoss(holdings, unheldOutcome: true)
        #expect(worst <= Money(micros: 12_000_000), "worst-case loss \(worst) above the 12 pUSD cap (\(fills) fills)")
    }
}
