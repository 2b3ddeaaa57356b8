import Foundation
import Logging
import MMCore
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
