import Foundation
import Logging
import MMConfig
import MMDaemon
import MMDecision
import MMEngine
import MMSim

// Replays a backtest's recorded machine inputs through fresh copies of the decision core and prints
// inputs per second: the speed of mmd's decisions alone, without venue, signing or disk.
//
//   DecisionReplay etc/scenarios/sideways.yaml etc/backtest.yaml [repeats]
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: DecisionReplay SCENARIO.yaml CONFIG.yaml [repeats]")
    exit(64)
}
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
let scenario = try Scenario.load(yaml: try String(contentsOfFile: arguments[1], encoding: .utf8), source: arguments[1])
let configuration = try MMConfiguration.load(yaml: try String(contentsOfFile: arguments[2], encoding: .utf8), source: arguments[2])
var logger = Logger(label: "replay")
logger.logLevel = .critical
var backtest = Backtest(scenario: scenario, configuration: configuration, logger: logger)
let recorders = Dictionary(uniqueKeysWithValues: scenario.markets.map { ($0.spec.conditionID, MachineRecorder()) })
backtest.recorders = recorders
let recordStart = ContinuousClock.now
_ = try await backtest.run()
let recordTime = ContinuousClock.now - recordStart

let streams = recorders.values.compactMap { recorder in recorder.origin.map { ($0, recorder.recorded) } }
let inputs = streams.reduce(0) { $0 + $1.1.count }
var actions = 0
let start = ContinuousClock.now
for _ in 0..<repeats {
    for (origin, steps) in streams {
        var machine = origin
        for step in steps { actions &+= machine.handle(step.input, now: step.now).count }
    }
}
let elapsed = start - ContinuousClock.now
let seconds = -Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) / 1e18
let rate = Double(inputs * repeats) / seconds
print("scenario \(scenario.name): \(streams.count) market(s), \(inputs) machine inputs recorded in a backtest of \(recordTime)")
print(String(format: "decision core replay: %.0f inputs/s (%.2f µs/input, %d actions, %d repeats)", rate, 1e6 / rate, actions, repeats))
