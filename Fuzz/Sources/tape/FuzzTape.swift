// A tape (JSON lines: books and trades) as a scenario's `tape:` reads it; a parsed tape is also asked what
// the replay asks of it first.
import MMSim

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTape(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let tape = try? Tape.parse(jsonLines: text, source: "fuzz.jsonl") {
        _ = (tape.spanMilliseconds, tape.firstMid)
    }
    return 0
}
