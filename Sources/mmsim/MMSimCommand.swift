import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import MMSim
import NIOCore
import NIOHTTP1
import Polymarket

@main
struct MMSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmsim",
        abstract: "A Polymarket CLOB V2 exchange simulator on loopback: the venue's REST and websocket protocol, a mirrored matching engine and rewards.",
        subcommands: [Serve.self, Inspect.self, Fund.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the simulated venue until interrupted.")

    @Option(help: "Address to bind; the simulator is meant for loopback.") var host = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one.") var port = 0
    @Option(help: "pUSD credited to every address when its first API key is created (a simulator convenience).") var autoFund = "0"
    @Option(name: .customLong("fund"), help: "ADDRESS=PUSD to credit at start; repeatable.") var funds: [String] = []
    @Option(help: "Seed of every random choice.") var seed: UInt64 = 1
    @Option(help: "Probability (0–1) that a matched trade ends FAILED.") var failureProbability = "0"
    @Option(help: "A scenario file (see etc/scenarios/README.md) describing the market around you.") var scenario: String?
    @Option(help: "Virtual seconds per wall second (1 = real time).") var speed: Int64 = 1
    @Option(help: "Milliseconds from MATCHED to MINED.") var mineDelayMs: Int64 = 2_000
    @Option(help: "Milliseconds from MINED to CONFIRMED.") var confirmDelayMs: Int64 = 4_000
    @Flag(help: "Serve requests over the venue's documented per-endpoint rate limits instead of answering 429.") var noRateLimits = false
    @Option(help: "Per-signer order and cancel buckets: enforce (429 with Retry-After) or warn (Poly-RateLimit-Warning: true).") var signerLimits = "enforce"
    @Option(help: "The trading tier every signer is given: standard, copper, bronze, silver, gold, platinum, diamond or elite.") var tier = "standard"

    func run() async throws {
        var settings = SimExchangeSettings()
        settings.seed = seed
        settings.autoFundCollateral = try parse(autoFund, "--auto-fund")
        settings.failureProbabilityMillionths = try parse(failureProbability, "--failure-probability")
        settings.mineDelayMilliseconds = mineDelayMs
        settings.confirmDelayMilliseconds = confirmDelayMs
        var loaded: Scenario?
        if let path = scenario {
            guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read scenario file \(path)") }
            do { loaded = try Scenario.load(yaml: yaml, source: path) } catch { throw ValidationError("\(error)") }
            settings.seed = loaded!.seed
        }
        var exchange = SimExchange(settings: settings, markets: loaded == nil ? [SimDefaults.market()] : [])
        for entry in funds {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--fund takes ADDRESS=PUSD, got '\(entry)'") }
            exchange.fund(parts[0], collateral: try parse(parts[1], "--fund"))
        }
        guard speed >= 1 else { throw ValidationError("--speed must be at least 1") }
        let wallStart = Int64(Date().timeIntervalSince1970 * 1_000)
        let speed = self.speed
        let venue = SimVenue(exchange: exchange, nowMilliseconds: { wallStart + (Int64(Date().timeIntervalSince1970 * 1_000) - wallStart) * speed })
        if let loaded { await venue.run(scenario: loaded) }
        let logger = Logger(label: "mmsim")
        var server = SimServer(venue: venue, host: host, port: port, logger: logger)
        server.rateLimits = !noRateLimits
        guard ["enforce", "warn"].contains(signerLimits) else { throw ValidationError("--signer-limits (\(signerLimits)) must be enforce or warn") }
        guard let signerTier = SignerTier(rawValue: tier) else {
            throw ValidationError("--tier (\(tier)) must be one of \(SignerTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        server.signerLimitMode = signerLimits
        server.signerTier = signerTier
        let market = loaded?.markets.first?.spec ?? SimDefaults.market()
        let others = (loaded?.markets.count ?? 1) - 1
        try await server.run { port in
            // Written unbuffered: scripts wait for this line to learn the port.
            let banner = "mmsim: REST http://\(host):\(port)  market ws://\(host):\(port)/ws/market  user ws://\(host):\(port)/ws/user\n"
                + "mmsim: market \(market.conditionID) YES \(market.yesToken) NO \(market.noToken)"
                + (others > 0 ? " and \(others) more (GET /admin/markets lists them)\n" : "\n")
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
    }

    private func parse(_ text: String, _ option: String) throws -> Int64 {
        do { return try FixedPoint.parseMicros(text) } catch { throw ValidationError("\(option): \(error)") }
    }
}

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the simulator's balances, open orders, trades, rewards or markets.")

    enum What: String, ExpressibleByArgument, CaseIterable { case balances, orders, trades, rewards, markets }

    @Argument(help: "balances | orders | trades | rewards | markets") var what: What
    @Option(help: "The simulator's base URL.") var url = "http://127.0.0.1:8080"

    func run() async throws {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/admin/" + what.rawValue), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 64 << 20)
        print(String(buffer: body))
    }
}

struct Fund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Credit pUSD (and optionally tokens) to an address.")

    @Option(help: "The funder address.") var address: String
    @Option(help: "pUSD to credit.") var collateral = "0"
    @Option(help: "The simulator's base URL.") var url = "http://127.0.0.1:8080"

    func run() async throws {
        var request = HTTPClientRequest(url: url + "/admin/fund")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{\"address\":\"\(address)\",\"collateral\":\"\(collateral)\"}"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        print(String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
