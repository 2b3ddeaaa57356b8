import Foundation
import MMSim

// Replays a scenario file to its end in accelerated time and reports the replay speed.
let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "etc/scenarios/sideways.yaml"
guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(1)
}
let scenario = try Scenario.load(yaml: yaml, source: path)
var runner = ScenarioRunner(scenario: scenario)
let clock = ContinuousClock()
let start = clock.now
runner.runToEnd()
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let virtualSeconds = Double(scenario.durationMilliseconds) / 1_000
print("scenario \(scenario.name): \(Int(virtualSeconds)) virtual s, \(runner.eventCount) events, \(runner.exchange.trades.count) trades")
print("replay: \(Int(Double(runner.eventCount) / seconds)) events/s, \(Int(virtualSeconds / seconds))× real time (\(String(format: "%.3f", seconds)) s wall)")
