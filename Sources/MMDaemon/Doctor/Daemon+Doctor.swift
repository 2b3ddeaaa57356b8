import Foundation
import MMConfig
import Polymarket

extension Daemon {
    /// The doctor's view of this daemon: the venue's URLs for its kind, the key and credentials as
    /// ``run()`` would load them. The built-in simulator's URLs are known only once it listens, so they
    /// are passed in for that kind.
    public func doctorSetup(simulatorURL: String? = nil) -> DoctorSetup {
        let venue = configuration.venue
        let key: Result<PrivateKey, DaemonError>
        var credentials: Result<APICredentials?, DaemonError> = .success(nil)
        var urls = (rest: venue.clobURL, webSocket: venue.webSocketURL, gamma: venue.gammaURL)
        switch venue.kind {
        case .simulated:
            key = Result { try PrivateKey(hex: Self.simulatorKey) }.mapError { DaemonError("\($0)") }
            let base = simulatorURL ?? "http://127.0.0.1:0"
            urls = (base, base.replacingOccurrences(of: "http://", with: "ws://"), base + "/gamma")
        case .mmsim:
            key = Result { try PrivateKey(hex: Self.simulatorKey) }.mapError { DaemonError("\($0)") }
            // The simulator serves Gamma under `/gamma` of its own address.
            if venue.gammaURL.hasPrefix("https://gamma-api") { urls.gamma = venue.clobURL + "/gamma" }
        case .polymarket:
            key = Result { try loadPrivateKey() }.mapError { $0 as? DaemonError ?? DaemonError("\($0)") }
            credentials = Result { try loadAPICredentials() }.mapError { $0 as? DaemonError ?? DaemonError("\($0)") }
        }
        return DoctorSetup(
            configuration: configuration, key: key, apiCredentials: credentials, restURL: urls.rest, webSocketURL: urls.webSocket, gammaURL: urls.gamma,
            databasePath: databasePath, socketPath: socketPath, isSimulatorKey: venue.kind != .polymarket)
    }

    /// Runs `body` with the venue's REST, websocket and Gamma URLs; the built-in simulator is started
    /// for it and stopped after (for the commands that read the venue without trading: doctor, discovery).
    public func withVenue<T: Sendable>(_ body: @escaping @Sendable (_ setup: DoctorSetup) async throws -> T) async throws -> T {
        guard configuration.venue.kind == .simulated else { return try await body(doctorSetup()) }
        let service = await SimulatedVenueService(scenario: try loadScenario(), logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await service.run()
                return nil
            }
            let port = await service.port()
            let result = try await body(doctorSetup(simulatorURL: "http://127.0.0.1:\(port)"))
            group.cancelAll()
            return result
        }
    }

    /// Runs the doctor; with the built-in simulator it is started for the checks and stopped after.
    public func doctor(_ checks: [DoctorCheck] = DoctorCheck.allCases) async throws -> DoctorReport {
        guard configuration.venue.kind == .simulated else { return await Doctor(setup: doctorSetup(), logger: logger).run(checks) }
        let service = await SimulatedVenueService(scenario: try loadScenario(), logger: logger)
        return await withThrowingTaskGroup(of: DoctorReport?.self) { group in
            group.addTask {
                try await service.run()
                return nil
            }
            let port = await service.port()
            let report = await Doctor(setup: doctorSetup(simulatorURL: "http://127.0.0.1:\(port)"), logger: logger).run(checks)
            group.cancelAll()
            return report
        }
    }
}
