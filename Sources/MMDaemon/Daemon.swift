import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMControl
import MMCore
import MMEngine
import MMPersistence
import MMSim
import MMSystemd
import Polymarket
import ServiceLifecycle
import UnixSignals

/// The composition root: configuration in, a running market maker out.
///
/// With the simulated venue (the shipped default) it starts the exchange simulator in-process on loopback
/// and trades against it through the real venue client, REST and websockets alike.
public struct Daemon: Service {
    public let configuration: MMConfiguration
    /// Where relative paths in the configuration (scenario, database) are resolved from.
    public let baseDirectory: String
    public let logger: Logger
    /// Stop after this long (tests, demos); `nil` runs until the service group's graceful shutdown.
    public var runFor: Duration?
    /// The simulated venue when it runs as a sibling service (under `mmd`); `nil` starts one inline.
    public var venueService: SimulatedVenueService?
    /// The runtime log level (`mmctl log-level`, reload).
    public var logLevel = SharedLogLevel(.info)
    /// The configuration file and its text, for `mmctl config set` and `reload` (SIGHUP).
    public var configurationPath: String?
    public var configurationYAML = ""
    /// The closed reward loop: `/orders-scoring` checks and daily reward reconciliation.
    public var scoringCheck = ScoringCheckSettings()
    /// What the monitoring endpoint reads (readiness facts, metrics); `nil` records nothing.
    public var monitor: DaemonMonitor?
    /// The alert sender, a sibling service in the group; `nil`: no alerts.
    public var alertService: AlertService?
    /// Where incidents go for alerting (stop-loss, halts, heartbeat, feeds, …).
    var alerts: AlertSink? { alertService?.sink }

    public init(configuration: MMConfiguration, baseDirectory: String, logger: Logger, runFor: Duration? = nil) {
        self.configuration = configuration
        self.baseDirectory = baseDirectory
        self.logger = logger
        self.runFor = runFor
    }

    /// The public Hardhat #0 test key: used only against the simulator, never with real funds.
    static let simulatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

    public var databasePath: String {
        if let path = configuration.databasePath { return resolve(path) }
        if let state = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], !state.isEmpty {
            return URL(fileURLWithPath: state.split(separator: ":").first.map(String.init) ?? state).appendingPathComponent("mmd.sqlite").path
        }
        return resolve("mmd.sqlite")
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
    }

    /// Where mmctl connects: the configured path, else `$RUNTIME_DIRECTORY/mmd.sock`, else beside the state.
    public var socketPath: String {
        if let path = configuration.control.socketPath { return resolve(path) }
        if let runtime = ProcessInfo.processInfo.environment["RUNTIME_DIRECTORY"], !runtime.isEmpty {
            return (runtime.split(separator: ":").first.map(String.init) ?? runtime) + "/mmd.sock"
        }
        return URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("mmd.sock").path
    }

    /// Runs until cancelled (or `runFor`), then cancels every order it placed and returns.
    public func run() async throws {
        let database = try AppDatabase(path: databasePath)
        logger.notice("database open", metadata: ["path": "\(databasePath)"])
        let center = ControlCenter(
            configuration: configuration, yaml: configurationYAML, configurationPath: configurationPath, database: database, logLevel: logLevel, logger: logger)
        monitor?.attach(center: center, database: database)
        if let alertService { await center.register(alerts: alertService) }
        var gids = Set(configuration.control.allowGroups.compactMap { name in getgrnam(name).map { $0.pointee.gr_gid } })
        if let group = configuration.control.group, let entry = getgrnam(group) { gids.insert(entry.pointee.gr_gid) }
        // The daemon's own group (mmd under systemd) is the operators' group.
        gids.insert(getgid())
        let server = ControlServer(
            path: socketPath, group: configuration.control.group, access: ControlAccess(uids: Set(configuration.control.allowUIDs), gids: gids),
            limits: ControlLimits(maximumConnections: configuration.control.maxConnections, idleTimeoutSeconds: configuration.control.idleTimeoutSeconds), logger: logger
        ) { command, peer in await center.handle(command, peer: peer) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                // SIGHUP (systemctl reload) re-reads the configuration, announced to systemd around it.
                for await _ in await UnixSignalsSequence(trapping: .sighup) {
                    let manager = ServiceManager()
                    manager.reloading()
                    let outcome = try? await center.reload()
                    if outcome == nil { logger.error("reload failed; the running configuration is unchanged") }
                    manager.reloaded(status: "reloaded")
                }
            }
            try await trade(database: database, center: center)
            group.cancelAll()
        }
    }

    private func trade(database: AppDatabase, center: ControlCenter) async throws {
        switch configuration.venue.kind {
        case .simulated:
            if let venueService {
                try await tradeOnSimulator(venueService, database: database, center: center)
            } else {
                // Run directly (tests, embedding): the simulator lives inside this call.
                let service = await SimulatedVenueService(scenario: try loadScenario(), logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await service.run() }
                    try await tradeOnSimulator(service, database: database, center: center)
                    group.cancelAll()
                }
            }
        case .mmsim:
            let key = try PrivateKey(hex: Self.simulatorKey)
            // The simulator serves Gamma under `/gamma` of its own address.
            let gamma = configuration.venue.gammaURL.hasPrefix("https://gamma-api") ? configuration.venue.clobURL + "/gamma" : configuration.venue.gammaURL
            try await trade(
                database: database, center: center, key: key, restURL: configuration.venue.clobURL, webSocketURL: configuration.venue.webSocketURL, gammaURL: gamma)
        case .polymarket:
            let key = try loadPrivateKey()
            try await trade(
                database: database, center: center, key: key, restURL: configuration.venue.clobURL, webSocketURL: configuration.venue.webSocketURL,
                gammaURL: configuration.venue.gammaURL)
        }
    }

    private func tradeOnSimulator(_ service: SimulatedVenueService, database: AppDatabase, center: ControlCenter) async throws {
        let port = await service.port()
        logger.notice("simulated venue started", metadata: ["url": "http://127.0.0.1:\(port)", "scenario": "\(service.scenarioName)"])
        let url = "127.0.0.1:\(port)"
        try await trade(database: database, center: center, key: try PrivateKey(hex: Self.simulatorKey), restURL: "http://" + url, webSocketURL: "ws://" + url, gammaURL: "http://" + url + "/gamma")
    }

    public func loadScenario() throws -> Scenario {
        if let path = configuration.venue.scenario {
            let full = resolve(path)
            guard let yaml = try? String(contentsOfFile: full, encoding: .utf8) else { throw DaemonError("cannot read venue.scenario \(full)") }
            return try Scenario.load(yaml: yaml, source: full)
        }
        return try Scenario.load(yaml: SimDefaults.scenarioYAML, source: "built-in scenario")
    }

    /// The private key from systemd credentials (`$CREDENTIALS_DIRECTORY/private-key`) or `MMD_PRIVATE_KEY_FILE`.
    func loadPrivateKey() throws -> PrivateKey {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["CREDENTIALS_DIRECTORY"].map { $0 + "/private-key" }, environment["MMD_PRIVATE_KEY_FILE"]].compactMap { $0 }
        for path in candidates {
            // "unset" is the unit's SetCredential= fallback for a missing credential file.
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !Self.isUnset(text) {
                do { return try PrivateKey(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                    throw DaemonError("\(path): \(error) (the file must hold the 32-byte key as hex; it is never logged)")
                }
            }
        }
        throw DaemonError("no private key: set LoadCredential=private-key:… in the unit, or MMD_PRIVATE_KEY_FILE for development")
    }
}

extension Daemon {
    static func isUnset(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "unset"
    }

    /// API credentials from `$CREDENTIALS_DIRECTORY/api-credentials` (`{"key","secret","passphrase"}`),
    /// or `nil` to derive them from the key.
    func loadAPICredentials() throws -> APICredentials? {
        guard let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
            let data = FileManager.default.contents(atPath: directory + "/api-credentials"), !Self.isUnset(String(decoding: data, as: UTF8.self))
        else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: String], let key = object["key"], let secret = object["secret"],
            let passphrase = object["passphrase"]
        else { throw DaemonError("the api-credentials credential must be JSON {\"key\":…,\"secret\":…,\"passphrase\":…}") }
        do { return try APICredentials(key: key, secret: secret, passphrase: passphrase) } catch {
            throw DaemonError("the api-credentials credential is not usable: \(error)")
        }
    }
}

public struct DaemonError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
