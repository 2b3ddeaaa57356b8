import Benchmark
import Foundation
import MMSim

/// Simulator replay speed: one scenario step (fair value, background book, takers, matching, lifecycle).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))
    let yaml = """
        seed: 11
        markets:
          - question: "bench"
            rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 100}
            fairValue: {start: 0.50, volatility: 0.003}
            background: {levels: 4, spacing: 0.01, distance: 0.03, size: 150}
            takers:
              noise: {ratePerMinute: 30, size: 10}
        """
    let scenario = try! Scenario.load(yaml: yaml, source: "bench")

    Benchmark("sim: one scenario step (1 s of market)") { benchmark in
        var runner = ScenarioRunner(scenario: scenario)
        for _ in benchmark.scaledIterations { runner.step() }
        blackHole(runner.eventCount)
    }
}
