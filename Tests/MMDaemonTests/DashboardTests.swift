import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing
@testable import MMDaemon

/// The dashboard as a browser sees it, served by a real daemon on the in-process simulator over
/// loopback: the page and its assets with the content security policy, the JSON APIs, the sampler's
/// rows in SQLite, and a Server-Sent Events stream that carries fills and closes on graceful shutdown.
@Suite(.serialized) struct DashboardTests {
    static let market = MonitoringTests.market

    struct Fetched {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func get(_ port: Int, _ path: String) async throws -> Fetched {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Fetched(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(2))) func aRunningDaemonServesThePageTheAPIsAndALiveStream() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-dashboard-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let databasePath = directory.appendingPathComponent("mmd.sqlite").path
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try DaemonTests.scenario(directory))"}
            strategy: {orderSize: 5}
            markets:
              - id: "\(Self.market)"
            storage: {databasePath: "\(databasePath)"}
            """)
        let monitor = DaemonMonitor(perMarket: configuration.metrics.perMarket)
        var daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: MonitoringTests.logger, runFor: .seconds(90))
        daemon.monitor = monitor
        let service = try MonitoringTests.loopback(monitor: monitor)
        // As in mmd: the simulator first (it stops last), the endpoint last, so graceful shutdown stops it first.
        let venue = await SimulatedVenueService(scenario: try daemon.loadScenario(), logger: MonitoringTests.logger)
        daemon.venueService = venue
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [venue, daemon, service], logger: MonitoringTests.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await service.port()

            // The page and its assets, each with the content security policy; no inline script or style.
            let page = try await Self.get(port, "/")
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.body.contains("<script src=\"/assets/app.js\"") && !page.body.contains("<style") && !page.body.contains("onclick"))
            for path in ["/", "/market/\(Self.market)", "/assets/app.js", "/assets/app.css", "/api/overview", "/nowhere", "/metrics"] {
                let response = try await Self.get(port, path)
                #expect(response.headers["content-security-policy"] == "default-src 'self'", "\(path) has no CSP")
            }
            let script = try await Self.get(port, "/assets/app.js")
            #expect(script.status == 200 && script.headers["content-type"]?.hasPrefix("text/javascript") == true && script.body.contains("EventSource"))
            let addresses = script.body.replacingOccurrences(of: "\"http://www.w3.org/2000/svg\"", with: "")  // SVG's namespace is a name, not a request
            #expect(!addresses.contains("http://") && !addresses.contains("https://") && !addresses.contains("//cdn"), "the script names no other origin")

            // The overview fills once the sampler has seen the engines.
            var overview: [String: Any] = [:]
            for _ in 0..<300 where ((overview["rows"] as? [Any])?.count ?? 0) == 0 {
                try await Task.sleep(for: .milliseconds(100))
                overview = try Self.json(try await Self.get(port, "/api/overview?limit=10&sort=pnl&dir=desc").body)
            }
            let rows = try #require(overview["rows"] as? [[String: Any]])
            #expect(rows.count == 1 && rows[0]["market"] as? String == Self.market)
            #expect(overview["total"] as? Int == 1 && overview["sort"] as? String == "pnl" && overview["descending"] as? Bool == true)
            let none = try Self.json(try await Self.get(port, "/api/overview?filter=no-such-market").body)
            #expect(none["matched"] as? Int == 0 && (none["rows"] as? [Any])?.isEmpty == true && none["total"] as? Int == 1)

            // A market page: the book with our orders marked and judged, and (on this busy market) fills.
            var detail: [String: Any] = [:]
            for _ in 0..<300 where ((detail["fills"] as? [Any])?.count ?? 0) == 0 || ((detail["orders"] as? [Any])?.count ?? 0) == 0 {
                try await Task.sleep(for: .milliseconds(100))
                detail = try Self.json(try await Self.get(port, "/api/markets/\(Self.market)").body)
            }
            let fills = try #require(detail["fills"] as? [[String: Any]])
            #expect(!fills.isEmpty, "no fill within 30 s on a busy market")
            #expect(fills.allSatisfy { ($0["price"] as? Int ?? 0) > 0 && ($0["size"] as? Int ?? 0) > 0 && $0["status"] is String && $0["markouts"] is [String: Any] })
            let orders = try #require(detail["orders"] as? [[String: Any]])
            #expect(orders.allSatisfy { $0["scores"] is Bool && ($0["leg"] as? String == "bid" || $0["leg"] as? String == "ask") })
            let levels = (detail["bids"] as? [[String: Any]] ?? []) + (detail["asks"] as? [[String: Any]] ?? [])
            #expect(!levels.isEmpty && levels.allSatisfy { ($0["ours"] as? Int ?? -1) >= 0 && ($0["ours"] as? Int ?? 0) <= ($0["size"] as? Int ?? 0) })
            #expect(try await Self.get(port, "/api/markets/0xdeadbeef").status == 404)
            // The prefix of an id names its market, as in mmctl.
            #expect(try await Self.get(port, "/api/markets/\(Self.market.prefix(12))").status == 200)

            // The series: written by the sampler to SQLite, read back in order.
            let history = try Self.json(try await Self.get(port, "/api/markets/\(Self.market)/history?range=5m").body)
            let times = try #require(history["time"] as? [Int])
            #expect(!times.isEmpty && times == times.sorted() && (history["mid"] as? [Any])?.count == times.count && history["bucket"] as? Int == 1_000)
            #expect(try await Self.get(port, "/api/markets/\(Self.market)/history?range=3y").status == 400)
            let stored = try await AppDatabase(path: databasePath).sampleCount(market: Self.market)
            #expect(stored > 0)

            // A live stream: framed events; then graceful shutdown (SIGTERM) ends it while it is open.
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/events?market=\(Self.market)"), timeout: .seconds(60))
            #expect(response.headers.first(name: "content-type") == "text/event-stream")
            var received = ""
            var shutDown = false
            for try await chunk in response.body {
                received += String(buffer: chunk)
                if !shutDown, received.contains("event: market\ndata: {"), received.hasSuffix("\n\n") {
                    shutDown = true
                    await group.triggerGracefulShutdown()
                }
            }
            #expect(shutDown, "the stream ended before its first event: \(received.prefix(200))")
            #expect(received.hasPrefix("retry: 2000\n"))
            let event = try #require(received.components(separatedBy: "\n\n").first { $0.hasPrefix("event: market\n") })
            let payload = try Self.json(String(event.dropFirst("event: market\ndata: ".count)))
            #expect((payload["row"] as? [String: Any])?["market"] as? String == Self.market && payload["fills"] is [Any])
            try await tasks.waitForAll()  // the group returned: the endpoint, then the daemon, stopped
        }
    }

    @Test func aConfiguredTokenGuardsTheDashboardAndRefusalsCarryThePolicy() async throws {
        try await MonitoringTests.serving(try MonitoringTests.loopback(token: "s3cret")) { port in
            for path in ["/", "/assets/app.js", "/api/overview", "/api/events?market=x"] {
                let refused = try await Self.get(port, path)
                #expect(refused.status == 401, "\(path) answered without the token")
                #expect(refused.headers["content-security-policy"] == "default-src 'self'")
            }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/overview")
            request.headers.add(name: "Authorization", value: "Bearer s3cret")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let page = try Self.json(String(buffer: try await response.body.collect(upTo: 1 << 20)))
            // No daemon attached yet: an empty overview, not an error.
            #expect(response.status.code == 200 && page["total"] as? Int == 0 && (page["rows"] as? [Any])?.isEmpty == true)
        }
    }

    /// The overview's stream: framed `overview` events; a graceful shutdown with the stream still open
    /// (its client no longer reading) still ends the service.
    @Test(.timeLimit(.minutes(1))) func theOverviewStreamIsFramedAndDoesNotHoldUpAStop() async throws {
        try await MonitoringTests.serving(try MonitoringTests.loopback()) { port in
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/events?limit=5&sort=pnl&dir=desc"), timeout: .seconds(60))
            #expect(response.headers.first(name: "content-type") == "text/event-stream")
            #expect(response.headers.first(name: "content-security-policy") == "default-src 'self'")
            var received = ""
            for try await chunk in response.body {
                received += String(buffer: chunk)
                if received.contains("event: overview\ndata: {"), received.hasSuffix("\n\n") { break }
            }
            let event = try #require(received.components(separatedBy: "\n\n").first { $0.hasPrefix("event: overview\n") })
            let page = try Self.json(String(event.dropFirst("event: overview\ndata: ".count)))
            #expect(page["limit"] as? Int == 5 && page["sort"] as? String == "pnl" && page["total"] as? Int == 0)
        }
    }

    @Test func theOverviewPagesSortsAndFiltersAThousandMarkets() throws {
        let sampler = DashboardSampler(monitor: DaemonMonitor(), logger: MonitoringTests.logger)
        let rows = (0..<1_000).map { index in
            OverviewRow(
                market: String(format: "0x%04d", index), name: index % 10 == 0 ? "Election \(index)" : "Sports \(index)", state: index % 7 == 0 ? "halted" : "quoting",
                mid: 500_000, bestBid: 490_000, bestAsk: 510_000, ourBid: 480_000, ourAsk: 520_000, yes: 0, no: 0, net: Int64(index - 500) * 1_000_000,
                limit: 1_000_000_000, realized: 0, unrealized: 0, rewards: 0, pnl: Int64((index * 7_919) % 1_000) * 1_000, rewardShare: 0, rewardDailyRate: 0, scores: true,
                twoSided: true, fills: index)
        }
        sampler.state.withLock {
            $0.rows = rows
            $0.sampledAt = 1
        }
        let api = DashboardAPI(monitor: DaemonMonitor(), sampler: sampler)
        let first = api.overview(offset: 0, limit: 50, sort: "pnl", descending: true, filter: "")
        #expect(first.total == 1_000 && first.matched == 1_000 && first.rows.count == 50)
        #expect(first.rows.map(\.pnl) == rows.map(\.pnl).sorted(by: >).prefix(50).map { $0 })
        let last = api.overview(offset: 990, limit: 50, sort: "pnl", descending: true, filter: "")
        #expect(last.rows.count == 10 && last.offset == 990)
        let elections = api.overview(offset: 0, limit: 500, sort: "exposure", descending: true, filter: "ELECTION")
        #expect(elections.matched == 100 && elections.rows.allSatisfy { $0.name?.hasPrefix("Election") == true })
        #expect(elections.rows.map { abs($0.net) } == elections.rows.map { abs($0.net) }.sorted(by: >))
        let halted = api.overview(offset: 0, limit: 5, sort: "bogus", descending: false, filter: "halted")
        #expect(halted.matched == 143 && halted.sort == "market" && halted.rows.map(\.market) == ["0x0000", "0x0007", "0x0014", "0x0021", "0x0028"])
        #expect(first.totals.markets == 1_000 && first.totals.byState["halted"] == 143 && first.totals.fills == (0..<1_000).reduce(0, +))
        let clamped = api.overview(offset: 5_000, limit: 0, sort: "fills", descending: false, filter: "")
        #expect(clamped.limit == 1 && clamped.offset == 1_000 && clamped.rows.isEmpty)
    }
}
