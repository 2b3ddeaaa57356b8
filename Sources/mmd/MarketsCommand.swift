import ArgumentParser
import Foundation
import Logging
import MMConfig
import MMCore
import MMDaemon

/// `mmd markets …`: the venue's markets as mmd sees them.
struct MarketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markets", abstract: "Find the markets worth quoting (docs/markets.md).", subcommands: [Discover.self])
}

/// `mmd markets discover`: every open, rewarded market ranked by what our quotes would earn on its book now.
struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the venue's rewarded markets by expected reward per pUSD of capital, net of adverse selection.",
        discussion: """
            Reads Gamma and the books of the candidates (no credentials, nothing sent). Our quotes are a bid and
            an ask half the reward band from the midpoint, at max(strategy.orderSize, rewardsMinSize); the
            venue's reward formula gives our share against the competition resting in the band.
            Progress goes to standard error; the table (or --json) to standard output.
            """)

    @Option(help: "The configuration file: its venue and strategy.orderSize (default: $CONFIGURATION_DIRECTORY/mmd.yaml, else etc/mmd.yaml).")
    var config: String?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "Rows to print.") var limit = 20
    @Option(help: "Only markets whose reward pool pays at least this many pUSD a day.") var minDailyReward: String?
    @Option(help: "Only markets with at least this much liquidity (Gamma's figure, pUSD).") var minLiquidity: String?
    @Option(help: "Only markets with at least this much volume in the last 24 h (pUSD).") var minVolume: String?
    @Option(help: "Only markets whose book spread is at most this (e.g. 0.03).") var maxSpread: String?
    @Flag(help: "Leave out neg-risk (multi-outcome) markets.") var excludeNegRisk = false
    @Option(help: "Only markets ending at least this many hours from now.") var endsAfter: Int64?

    func run() async throws {
        var filters = DiscoveryFilters()
        filters.limit = max(1, limit)
        filters.excludeNegRisk = excludeNegRisk
        filters.endsAfterHours = endsAfter
        do {
            filters.minDailyReward = try minDailyReward.map { try Money($0) }
            filters.minLiquidity = try minLiquidity.map { try Money($0) }
            filters.minVolume = try minVolume.map { try Money($0) }
            filters.maxSpread = try maxSpread.map { try FixedPoint.parseMicros($0) }
        } catch {
            throw ValidationError("\(error)")
        }
        let (configuration, path, _) = try loadConfiguration(config)
        var quiet = Logger(label: "mmd.markets")
        quiet.logLevel = .critical
        let logger = quiet
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        let daemon = Daemon(configuration: configuration, baseDirectory: base, logger: logger)
        let orderSize = configuration.strategy.orderSize
        let frozen = filters
        let result: DiscoveryResult
        do {
            result = try await daemon.withVenue { setup in
                let discovery = MarketDiscovery(restURL: setup.restURL, gammaURL: setup.gammaURL, logger: logger) { line in
                    FileHandle.standardError.write(Data("markets: \(line)\n".utf8))
                }
                return try await discovery.discover(frozen, orderSize: orderSize, nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000))
            }
        } catch {
            FileHandle.standardError.write(Data("error: market discovery failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(json ? DiscoveryReport.json(result) : DiscoveryReport.table(result))
    }
}
