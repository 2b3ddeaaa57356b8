import Foundation
import Logging
import MMSim
import ServiceLifecycle

/// The built-in simulator as a service of its own, listed before the daemon in the `ServiceGroup` so it
/// shuts down after it: on SIGTERM the daemon cancels its orders while the venue is still there.
public final class SimulatedVenueService: Service {
    let server: SimServer
    let announcedPort = PortAnnouncement()
    public let scenarioName: String

    public init(scenario: Scenario, logger: Logger) async {
        var settings = SimExchangeSettings()
        settings.seed = scenario.seed
        let venue = SimVenue(exchange: SimExchange(settings: settings, markets: []), nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) })
        await venue.run(scenario: scenario)
        var quiet = logger
        quiet.logLevel = .critical
        server = SimServer(venue: venue, logger: quiet)
        scenarioName = scenario.name
    }

    public func run() async throws {
        let announcement = announcedPort
        try await server.run { port in await announcement.announce(port) }
    }

    /// The bound port, once the server accepts connections.
    public func port() async -> Int { await announcedPort.wait() }
}

/// A value announced once and awaited by others.
actor PortAnnouncement {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func announce(_ value: Int) {
        port = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters.removeAll()
    }

    func wait() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
