import ArgumentParser
import Foundation
import Logging
import MMDaemon

/// `mmd doctor`: the pre-flight checks, one line each with the fix (docs/doctor.md).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the key, wallet, venue, balance, allowances, markets, websocket, database and socket before trading.",
        discussion: """
            Reads only: nothing is posted or cancelled (an API key is derived, as mmd run would).
            Exit status: 0 when nothing failed (warnings allowed), 1 when a check failed, 78 for a bad configuration.
            With the built-in simulated venue the simulator is started for the checks.
            """)

    @Option(help: "The configuration file (default: $CONFIGURATION_DIRECTORY/mmd.yaml, else etc/mmd.yaml).") var config: String?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Run only these checks (comma-separated: \(DoctorCheck.allCases.map(\.rawValue).joined(separator: ",")))).")
    var only: String?

    func run() async throws {
        var checks = DoctorCheck.allCases
        if let only {
            checks = []
            for name in only.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let check = DoctorCheck(rawValue: name) else {
                    throw ValidationError("--only: unknown check '\(name)' (known: \(DoctorCheck.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                checks.append(check)
            }
        }
        let (configuration, path, _) = try loadConfiguration(config)
        var logger = Logger(label: "mmd.doctor")
        logger.logLevel = .critical
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        let daemon = Daemon(configuration: configuration, baseDirectory: base, logger: logger)
        let report: DoctorReport
        do { report = try await daemon.doctor(checks) } catch { throw configurationFailure("\(error)") }
        print(json ? report.json : report.text)
        if report.verdict == .fail { throw ExitCode(1) }
    }
}
