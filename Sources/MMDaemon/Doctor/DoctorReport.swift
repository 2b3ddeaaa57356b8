import Foundation
import MMControl

/// The checks of `mmd doctor`, in the order they run: each later one needs what the earlier ones found.
public enum DoctorCheck: String, Sendable, CaseIterable, Codable {
    case key, venue, clock, credentials, account, wallet, balance, allowances, markets, websocket, database, control

    /// What the check is about, for the text report.
    public var title: String {
        switch self {
        case .key: "signing key"
        case .wallet: "signature type and funder"
        case .venue: "venue reachable"
        case .clock: "clock skew"
        case .credentials: "API credentials"
        case .account: "account status"
        case .balance: "pUSD balance"
        case .allowances: "allowances"
        case .markets: "markets"
        case .websocket: "websocket feed"
        case .database: "database"
        case .control: "control socket"
        }
    }

    /// The checks `mmd run` makes before it goes live: local and a handful of requests, a few seconds at most.
    /// The slower ones (markets, the websocket) are what start-up itself does, with its own errors.
    public static let preflight: [DoctorCheck] = [.key, .venue, .clock, .credentials, .account, .wallet, .balance, .allowances, .database, .control]
}

public enum DoctorOutcome: String, Sendable, Codable, Comparable {
    case pass, warn, fail, skip

    /// `fail` ranks highest: a report's verdict is its worst outcome.
    var rank: Int {
        switch self {
        case .skip: 0
        case .pass: 1
        case .warn: 2
        case .fail: 3
        }
    }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// One check's verdict: what was found and, unless it passed, what to do about it.
public struct DoctorResult: Sendable, Equatable {
    public var check: DoctorCheck
    public var outcome: DoctorOutcome
    public var detail: String
    public var fix: String?

    public init(_ check: DoctorCheck, _ outcome: DoctorOutcome, _ detail: String, fix: String? = nil) {
        self.check = check
        self.outcome = outcome
        self.detail = detail
        self.fix = fix
    }

    static func pass(_ check: DoctorCheck, _ detail: String) -> Self { Self(check, .pass, detail) }
    static func warn(_ check: DoctorCheck, _ detail: String, fix: String) -> Self { Self(check, .warn, detail, fix: fix) }
    static func fail(_ check: DoctorCheck, _ detail: String, fix: String) -> Self { Self(check, .fail, detail, fix: fix) }
    static func skip(_ check: DoctorCheck, _ detail: String) -> Self { Self(check, .skip, detail) }
}

/// Every check's verdict, printable as aligned lines or JSON.
public struct DoctorReport: Sendable, Equatable {
    public var results: [DoctorResult]

    public init(results: [DoctorResult]) { self.results = results }

    /// The worst outcome: `fail` if any check failed.
    public var verdict: DoctorOutcome { results.map(\.outcome).max() ?? .pass }
    public var failures: [DoctorResult] { results.filter { $0.outcome == .fail } }

    public func result(_ check: DoctorCheck) -> DoctorResult? { results.first { $0.check == check } }

    /// One line per check (`PASS`, `WARN`, `FAIL`, `SKIP`), each problem followed by its fix.
    public var text: String {
        var lines: [String] = []
        for result in results {
            let label = result.outcome.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)
            lines.append("\(label)  \(result.check.title.padding(toLength: 26, withPad: " ", startingAt: 0)) \(result.detail)")
            if let fix = result.fix { lines.append("      fix: \(fix)") }
        }
        let counts = [DoctorOutcome.pass, .warn, .fail, .skip].map { outcome in "\(results.filter { $0.outcome == outcome }.count) \(outcome.rawValue)" }
        lines.append(verdict == .fail ? "doctor: not ready to trade (\(counts.joined(separator: ", ")))" : "doctor: ready (\(counts.joined(separator: ", ")))")
        return lines.joined(separator: "\n")
    }

    /// `{"verdict": "…", "checks": [{"check", "title", "outcome", "detail", "fix"?}, …]}`.
    public var json: String {
        let checks: [JSONValue] = results.map { result in
            var object: [String: JSONValue] = [
                "check": .string(result.check.rawValue), "title": .string(result.check.title), "outcome": .string(result.outcome.rawValue),
                "detail": .string(result.detail),
            ]
            if let fix = result.fix { object["fix"] = .string(fix) }
            return .object(object)
        }
        return JSONValue.object(["verdict": .string(verdict == .fail ? "fail" : "pass"), "checks": .array(checks)]).json
    }
}
