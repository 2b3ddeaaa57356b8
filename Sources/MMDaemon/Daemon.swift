import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMEngine
import MMPersistence
import MMSim
import Polymarket
import ServiceLifecycle

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

    /// Runs until cancelled (or `runFor`), then cancels every order it placed and returns.
    public func run() async throws {
        let database = try AppDatabase(path: databasePath)
        logger.notice("database open", metadata: ["path": "\(databasePath)"])
        switch configuration.venue.kind {
        case .simulated:
            if let venueService {
                try await tradeOnSimulator(venueService, database: database)
            } else {
                // Run directly (tests, embedding): the simulator lives inside this call.
                let service = await SimulatedVenueService(scenario: try loadScenario(), logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await service.run() }
                    try await tradeOnSimulator(service, database: database)
                    group.cancelAll()
                }
            }
        case .mmsim:
            let key = try PrivateKey(hex: Self.simulatorKey)
            let gamma = configuration.venue.gammaURL.hasPrefix("https://gamma-api") ? configuration.venue.clobURL : configuration.venue.gammaURL
            try await trade(database: database, key: key, restURL: configuration.venue.clobURL, webSocketURL: configuration.venue.webSocketURL, gammaURL: gamma)
        case .polymarket:
            let key = try loadPrivateKey()
            try await trade(
                database: database, key: key, restURL: configuration.venue.clobURL, webSocketURL: configuration.venue.webSocketURL,
                gammaURL: configuration.venue.gammaURL)
        }
    }

    private func tradeOnSimulator(_ service: SimulatedVenueService, database: AppDatabase) async throws {
        let port = await service.port()
        logger.notice("simulated venue started", metadata: ["url": "http://127.0.0.1:\(port)", "scenario": "\(service.scenarioName)"])
        let url = "127.0.0.1:\(port)"
        try await trade(database: database, key: try PrivateKey(hex: Self.simulatorKey), restURL: "http://" + url, webSocketURL: "ws://" + url, gammaURL: "http://" + url)
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
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                do { return try PrivateKey(hex: text) } catch { throw DaemonError("\(path): \(error)") }
            }
        }
        throw DaemonError("no private key: set LoadCredential=private-key:… in the unit, or MMD_PRIVATE_KEY_FILE for development")
    }
}

public struct DaemonError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
