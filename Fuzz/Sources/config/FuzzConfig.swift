// mmd.yaml as the operator writes it, and `config.set` live edits (what `mmctl config set` sends) applied
// to it: every problem must come back as a ConfigurationError, never a trap.
import MMConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let configuration = try? MMConfiguration.load(yaml: yaml, source: "fuzz.yaml") {
        _ = configuration.withLiveSettings(from: configuration)
    }
    // A live edit: the last line is `key=value`, the rest the document it edits.
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    if let last = lines.last, let equals = last.firstIndex(of: "=") {
        let key = String(last[..<equals])
        let value = String(last[last.index(after: equals)...])
        _ = try? MMConfiguration.setting(key, to: value, in: lines.dropLast().joined(separator: "\n"), source: "fuzz.yaml")
    }
    return 0
}
