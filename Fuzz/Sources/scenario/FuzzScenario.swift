// A scenario file (etc/scenarios/*.yaml) as `mmsim serve --scenario` and `mmd backtest` load it, with a
// valid tape `t.jsonl` in its folder so `tape: {file: t.jsonl}` is reached.
import Foundation
import MMSim
import Yams

/// The scenario's folder: a fresh directory holding one small valid tape.
private let directory: String = {
    let path = NSTemporaryDirectory() + "mmd-fuzz-scenario-\(getpid())"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let tape = """
        {"meta": {"source": "fuzz"}}
        {"t": 0, "book": {"bids": [["0.48", "120"], ["0.47", "50"]], "asks": [["0.52", "80"]]}}
        {"t": 1250, "trade": {"side": "SELL", "price": "0.48", "size": "15"}}

        """
    try! tape.write(toFile: path + "/t.jsonl", atomically: true, encoding: .utf8)
    return path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    // `tape.file` is a path the loader opens: keep the fuzzer off devices and the kernel's files
    // (/dev/zero never ends), which are the operator's to name, not a decoding question.
    for special in ["dev", "proc", "sys", "run"] where yaml.contains(special) { return 0 }
    // `generate.markets` may be 100 000, which is valid and takes minutes to load (a thousand take seconds in
    // the debug build): only the cost of a valid input, so the fuzzer keeps to a few markets.
    if let count = (try? Yams.compose(yaml: yaml))?["generate"]?["markets"]?.int, count > 20 { return 0 }
    _ = try? Scenario.load(yaml: yaml, source: directory + "/fuzz.yaml", directory: directory)
    return 0
}
