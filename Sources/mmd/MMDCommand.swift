import ArgumentParser
import Foundation
import Logging
import MMConfig
import MMDaemon
import MMSystemd
import ServiceLifecycle
import UnixSignals

/// `mmd --version` prints `ControlCenter.version`, the one version string (`scripts/package` reads it too).
@main
struct MMDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmd", abstract: "A market-making daemon for Polymarket's CLOB V2 (the shipped configuration trades against the built-in simulator).",
        version: ControlCenter.version,
        subcommands: [Run.self, DoctorCommand.self, MarketsCommand.self, BacktestCommand.self], defaultSubcommand: Run.self)
}

/// Reads and validates the configuration file, naming the file in every error.
///
/// A bad configuration is not a bad command line: its problems are printed alone, without the usage text,
/// and the process exits with ``configurationExitCode``.
func loadConfiguration(_ explicit: String?) throws -> (MMConfiguration, path: String, yaml: String) {
    let environment = ProcessInfo.processInfo.environment
    let path = explicit ?? environment["CONFIGURATION_DIRECTORY"].map { $0 + "/mmd.yaml" } ?? "etc/mmd.yaml"
    guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else { throw configurationFailure("cannot read the configuration file \(path)") }
    do { return (try MMConfiguration.load(yaml: yaml, source: path), path, yaml) } catch { throw configurationFailure(error.description) }
}

/// sysexits.h's EX_CONFIG: the configuration (or a scenario it names) is missing, unreadable or invalid.
/// The unit's `RestartPreventExitStatus=78` keeps systemd from restarting mmd until the file is fixed.
let configurationExitCode = ExitCode(78)

/// Prints `error: <message>` on stderr and returns the exit to throw: ArgumentParser prints nothing more
/// for an `ExitCode` (a `ValidationError` would add the usage text, which does not help with a file).
func configurationFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return configurationExitCode
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon (the default).")

    @Option(help: "The configuration file (default: $CONFIGURATION_DIRECTORY/mmd.yaml, else etc/mmd.yaml).") var config: String?
    @Option(help: "Stop gracefully after this many seconds (cancelling every order).") var duration: Int?
    @Flag(help: "Start even when a pre-flight check fails (mmd doctor runs them all; see docs/doctor.md).") var skipPreflight = false
    @Flag(help: "Build and sign every order but send none (venue.mode: dry-run; docs/dry-run.md).") var dryRun = false
    @Flag(help: "As --dry-run, and fill the orders locally against the venue's book and trades (venue.mode: paper; docs/dry-run.md).") var paper = false

    func run() async throws {
        var (configuration, path, yaml) = try loadConfiguration(config)
        guard !(dryRun && paper) else { throw ValidationError("--dry-run and --paper exclude each other: pick one") }
        if dryRun { configuration.venue.mode = .dryRun }
        if paper { configuration.venue.mode = .paper }
        // Under systemd, logs go to the journal with structured fields; in a terminal, readable lines.
        let level = SharedLogLevel(Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info)
        LogDestination.bootstrap(level: level)
        var logger = Logger(label: "mmd")
        logger.logLevel = level.level
        // Every line of a dry or paper run says so (journalctl -u mmd MODE=dry-run, MODE=paper).
        if configuration.venue.mode.isSimulated { logger[metadataKey: "mode"] = "\(configuration.venue.mode.rawValue)" }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        var daemon = Daemon(configuration: configuration, baseDirectory: base, logger: logger, runFor: duration.map { .seconds($0) })
        daemon.logLevel = level
        daemon.configurationPath = URL(fileURLWithPath: path).standardizedFileURL.path
        daemon.configurationYAML = yaml
        // The fast doctor checks before going live (docs/doctor.md): a failure stops here, named with its fix.
        if configuration.venue.kind != .simulated {
            // Dry-run and paper make no authenticated request: their pre-flight is local plus the venue's clock.
            let checks = configuration.venue.mode.isSimulated ? [.key, .venue, .clock, .database, .control] : DoctorCheck.preflight
            let report = await Doctor(setup: daemon.doctorSetup(), logger: logger).run(checks)
            for result in report.results where result.outcome == .fail || result.outcome == .warn {
                let metadata: Logger.Metadata = ["check": "\(result.check.rawValue)", "fix": "\(result.fix ?? "")"]
                if result.outcome == .fail { logger.error("pre-flight: \(result.detail)", metadata: metadata) } else { logger.warning("pre-flight: \(result.detail)", metadata: metadata) }
            }
            if report.verdict == .fail {
                guard skipPreflight else {
                    FileHandle.standardError.write(Data("error: pre-flight failed (run mmd doctor for every check; --skip-preflight starts anyway):\n\(report.text)\n".utf8))
                    throw ExitCode(1)
                }
                logger.warning("pre-flight failed; starting anyway (--skip-preflight)")
            } else {
                logger.notice("pre-flight passed", metadata: ["checks": "\(report.results.count)"])
            }
        }
        // The monitoring endpoint (/healthz, /readyz, /metrics): a listen address beyond loopback without a
        // bearer token is a configuration error, found before anything starts.
        var monitoring: MonitoringService?
        if configuration.http.isEnabled {
            let monitor = DaemonMonitor(perMarket: configuration.metrics.perMarket)
            do { monitoring = try MonitoringService(monitor: monitor, configuration: configuration.http, token: MonitoringService.token(), logger: logger) } catch {
                throw configurationFailure("\(path): \(error)")
            }
            daemon.monitor = monitor
        }
        // Alerts: every destination's secret is read from its systemd credential now, so a missing one
        // stops mmd before it trades (exit 78), naming the credential and never its content.
        var alertService: AlertService?
        if configuration.alerts.isEnabled {
            let secrets: [AlertSecret]
            do { secrets = try AlertService.loadSecrets(for: configuration.alerts) } catch { throw configurationFailure("\(path): \(error)") }
            // Not ready for alerts.notReadySeconds is judged on /readyz's own checks (with the endpoint on).
            var readiness: (@Sendable () async -> [ReadinessCheck])?
            if let monitor = daemon.monitor { readiness = { await monitor.readiness() } }
            alertService = AlertService(configuration: configuration.alerts, secrets: secrets, logger: logger, readiness: readiness, metrics: daemon.monitor?.factory)
            daemon.alertService = alertService
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if configuration.venue.kind == .simulated {
            // Listed first, so it stops last: the daemon's cancels reach it during shutdown.
            let venue: SimulatedVenueService
            do { venue = await SimulatedVenueService(scenario: try daemon.loadScenario(), logger: logger) } catch { throw configurationFailure("\(error)") }
            daemon.venueService = venue
            services.append(.init(service: venue))
        }
        // SIGTERM (systemctl stop) and SIGINT (Ctrl-C) start a graceful shutdown: quotes off, every order
        // cancelled, exit 0. The daemon returning (e.g. after --duration) ends the group normally.
        // Before the daemon, so it stops after it: the daemon's last incidents still have a sender.
        if let alertService { services.append(.init(service: alertService, successTerminationBehavior: .ignore)) }
        services.append(.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup))
        // Last in the list, so it is the first to stop: the daemon's own stop does not wait on a scrape.
        if let monitoring { services.append(.init(service: monitoring, successTerminationBehavior: .ignore)) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
