import Foundation

/// Test-only crash injection for the fault soak (`scripts/soak`, `docs/soak.md`).
///
/// A `kill -9` from outside lands at a random instruction, so it almost never hits the two moments the
/// durability protocol exists for: inside a database commit, and between an order batch reaching the
/// venue and its answer being stored. With `MMD_CRASH_AT=commit:200,after-send:20` in the environment the
/// process kills itself with SIGKILL (what `kill -9` does: no handler, no flush) with probability 1/N each
/// time it reaches the named point, after one line on stderr so the soak can tell an injected crash from
/// a real one. Unset, which is always the case outside the soak, ``reached()`` is one dictionary lookup
/// in an empty constant.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// In SQLite's commit hook: the transaction is written but not committed, so it must vanish whole.
    case commit
    /// Just after a commit returned, before the caller learns of it: the write is durable, the caller's
    /// next step (sending the orders whose intents it stored, acknowledging a fill) never happens.
    case afterCommit = "after-commit"
    /// An order batch accepted by the venue, its answer not yet stored: the orders rest at the venue and
    /// the intent log still says `signed`.
    case afterSend = "after-send"

    /// Crashes the process with the configured probability when this point is armed.
    public func reached() {
        guard let oneIn = CrashPoint.armed[self], UInt64.random(in: 0..<oneIn) == 0 else { return }
        let line = "mmd: crash injected at \(rawValue) (MMD_CRASH_AT)\n"
        FileHandle.standardError.write(Data(line.utf8))
        kill(getpid(), SIGKILL)
        _exit(137)  // not reached: SIGKILL cannot be caught
    }

    /// The points armed by `MMD_CRASH_AT`, each with its N (crash with probability 1/N), read once.
    static let armed: [CrashPoint: UInt64] = {
        guard let text = ProcessInfo.processInfo.environment["MMD_CRASH_AT"] else { return [:] }
        let (points, ignored) = parse(text)
        if !ignored.isEmpty {
            let line = "mmd: MMD_CRASH_AT: ignored \(ignored.joined(separator: ", ")) (expected POINT:N with POINT one of "
                + "\(allCases.map(\.rawValue).joined(separator: ", ")) and N ≥ 1)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        return points
    }()

    /// Parses `point:N[,point:N…]` (N ≥ 1; `point` alone means N = 1); returns the armed points and the
    /// entries it could not read.
    public static func parse(_ text: String) -> (armed: [CrashPoint: UInt64], ignored: [String]) {
        var armed: [CrashPoint: UInt64] = [:]
        var ignored: [String] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard let point = CrashPoint(rawValue: parts[0]), let oneIn = parts.count == 2 ? UInt64(parts[1]) : 1, oneIn >= 1 else {
                ignored.append("'\(entry)'")
                continue
            }
            armed[point] = oneIn
        }
        return (armed, ignored)
    }
}
