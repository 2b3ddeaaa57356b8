import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import MMDaemon
import MMDecision
import MMEngine
import MMSim
import Testing

/// The engine's decisions are a pure function of its inputs: the inputs one engine recorded during a
/// backtest (market and user messages, timer ticks, every effect's result, with their times), replayed
/// through a fresh copy of the machine it started with, give exactly the actions it took. The daemon
/// drives the same engine and the same machine, so it decides as the backtest does.
@Suite struct MachineReplayTests {
    @Test func aRecordedBacktestReplaysToTheSameActions() async throws {
        let path = BacktestTests.root.appendingPathComponent("etc/scenarios/sideways.yaml").path
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), source: path)
        var logger = Logger(label: "replay")
        logger.logLevel = .critical
        var backtest = Backtest(scenario: scenario, configuration: try BacktestTests.configuration(), seed: 5, logger: logger)
        let recorders = Dictionary(uniqueKeysWithValues: scenario.markets.map { ($0.spec.conditionID, MachineRecorder()) })
        backtest.recorders = recorders
        _ = try await backtest.run()

        for (market, recorder) in recorders {
            let steps = recorder.recorded
            #expect(steps.count > 1_000, "market \(market): the run fed the machine")
            #expect(steps.contains { !$0.actions.posts.isEmpty } && steps.contains { if case .fillStored = $0.input { true } else { false } })
            guard var machine = recorder.origin else {
                Issue.record("no origin recorded for \(market)")
                continue
            }
            var mismatches = 0
            for step in steps where machine.handle(step.input, now: step.now) != step.actions { mismatches += 1 }
            #expect(mismatches == 0, "market \(market): \(mismatches) of \(steps.count) steps decided differently on replay")
        }
    }
}

extension [MarketAction] {
    var posts: [OrderRequest] { flatMap { action -> [OrderRequest] in if case .post(let requests) = action { requests } else { [] } } }
}

/// GTD quotes through the whole stack: signed with an expiration, accepted by the simulator's minimum-expiry
/// rule, and refreshed before they lapse, so the venue never has to expire one while mmd runs.
@Suite struct GoodTillDateBacktestTests {
    @Test func gtdQuotesAreRefreshedBeforeTheVenueExpiresThem() async throws {
        let root = BacktestTests.root
        var yaml = try String(contentsOf: root.appendingPathComponent("etc/backtest.yaml"), encoding: .utf8)
        yaml += "\norders:\n  expirySeconds: 120\n"
        let configuration = try MMConfiguration.load(yaml: yaml, source: "etc/backtest.yaml + orders.expirySeconds")
        let path = root.appendingPathComponent("etc/scenarios/sideways.yaml").path
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), source: path)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-gtd-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        var logger = Logger(label: "gtd")
        logger.logLevel = .critical
        let report = try await Backtest(scenario: scenario, configuration: configuration, seed: 5, databasePath: database, logger: logger).run()
        #expect(report.markets[0].ordersPosted > 60, "an hour of 2-minute quotes needs refreshing (\(report.markets[0].ordersPosted) posted)")
        let store = try AppDatabase(path: database)
        let all = try await store.intents(in: Set(OrderState.allCases))
        let quotes = all.filter { !$0.clientID.hasPrefix("liq-") }
        #expect(!quotes.isEmpty && quotes.allSatisfy { $0.orderType == "GTD" }, "every quote is GTD")
        #expect(quotes.filter { $0.state == .rejected }.isEmpty, "the venue accepted every expiration")
        #expect(all.filter { $0.state == .expired }.isEmpty, "refreshed in time: nothing lapsed at the venue")
    }
}
