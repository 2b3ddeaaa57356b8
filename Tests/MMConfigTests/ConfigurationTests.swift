import Foundation
import MMCore
import Testing
@testable import MMConfig

@Suite struct ConfigurationTests {
    static func issues(_ yaml: String) -> [String] {
        do {
            _ = try MMConfiguration.load(yaml: yaml)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func shippedConfigLoadsWithTheRoadmapDefaults() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/mmd.yaml")
        let config = try MMConfiguration.load(yaml: String(contentsOf: url, encoding: .utf8), source: "etc/mmd.yaml")
        #expect(config.venue.kind == .simulated)
        #expect(config.venue.mode == .live)
        #expect(try MMConfiguration.load(yaml: "venue: {mode: dry-run}", source: "t").venue.mode == .dryRun)
        #expect(config.strategy.orderSize == Quantity(shares: 5))
        #expect(config.strategy.spreadFraction == Ratio(micros: 500_000))
        #expect(config.strategy.rebalanceThreshold == 5_000)
        #expect(config.skew == SkewSettings(isEnabled: true, factor: Ratio(micros: 500_000), startAt: Ratio(micros: 300_000)))
        #expect(config.limits.maxNetExposure == Quantity(shares: 10))
        #expect(config.stopLoss.isEnabled == false && config.stopLoss.mode == .market)
        #expect(config.stopLoss.maxUnrealizedLoss == Money(micros: -10_000_000))
        #expect(config.stopLoss.cooldownMilliseconds == 30 * 60_000)
        #expect(config.volatility.pauseThreshold == 40_000 && config.volatility.resumeThreshold == 20_000)
        #expect(config.markets.count == 1 && config.markets[0].maxNetExposure == Quantity(shares: 10))
        #expect(config.logLevel == .info)
        #expect(config.orders.expirySeconds == nil, "GTC unless orders.expirySeconds is set")
    }

    @Test func emptyDocumentIsAllDefaults() throws {
        let config = try MMConfiguration.load(yaml: "")
        #expect(config.venue.kind == .simulated && config.markets.isEmpty)
        #expect(config.control.maxConnections == 64 && config.control.idleTimeoutSeconds == 60)
        let limited = try MMConfiguration.load(yaml: "control: {maxConnections: 8, idleTimeoutSeconds: 5}")
        #expect(limited.control.maxConnections == 8 && limited.control.idleTimeoutSeconds == 5)
    }

    /// The 2026-01-16 lesson: a single fill of orderSize must not overshoot the limit.
    @Test func orderSizeAboveTheLimitIsRefusedWithItsKeyPath() {
        let market = "0x" + String(repeating: "a", count: 64)
        #expect(Self.issues("limits: {maxNetExposure: 10}\nmarkets:\n  - id: \"\(market)\"\n    orderSize: 20\n")
            == ["markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)"])
        #expect(Self.issues("strategy: {orderSize: 20}\nlimits: {maxNetExposure: 10}\nmarkets:\n  - id: \"\(market)\"\n")
            == ["markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)"])
        #expect(Self.issues("markets:\n  - id: \"\(market)\"\n    orderSize: 20\n    maxNetExposure: 15\n")
            == ["markets[0].orderSize (20) must be ≤ markets[0].maxNetExposure (15)"])
    }

    @Test(arguments: [
        ("strategy: {spreadFraction: 1.5}", "strategy.spreadFraction (1.5) must be between 0.000001 and 1"),
        ("control: {maxConnections: 0}", "control.maxConnections (0) must be between 1 and 4096 (systemd/mmd.service sets LimitNOFILE=65536)"),
        ("control: {idleTimeoutSeconds: 0}", "control.idleTimeoutSeconds (0) must be between 1 and 86400"),
        ("strategy: {orderSize: 5.123}", "strategy.orderSize (5.123) must have at most 2 decimals: the venue's size precision"),
        ("strategy: {orderSize: 0}", "strategy.orderSize (0) must be greater than 0"),
        ("strategy: {orderSize: 0.1234567}", "strategy.orderSize: '0.1234567' has more than 6 decimal places; amounts are exact to 0.000001"),
        ("strategy: {orderSize: lots}", "strategy.orderSize: 'lots' is not a decimal number (not a plain decimal number)"),
        ("stopLoss: {maxDailyLoss: 50}", "stopLoss.maxDailyLoss (50) must be negative: it is a loss threshold, e.g. -10"),
        ("stopLoss: {liquidationMode: panic}", "stopLoss.liquidationMode (panic) must be one of market, limit, passive"),
        ("volatility: {pauseThreshold: 0.02, resumeThreshold: 0.03}", "volatility.resumeThreshold (0.03) must be ≤ volatility.pauseThreshold (0.02)"),
        ("markets: {auto: {top: 0}}", "markets.auto.top (0) must be between 1 and 5000"),
        ("markets: {auto: {top: 3, refreshMinutes: 0.01}}", "markets.auto.refreshMinutes (0.01) must be between 0.05 and 10080"),
        ("markets: {auto: {top: 3}, lists: []}", "markets.lists is not a known key (known: auto, list); did you mean list?"),
        ("markets: {auto: {tops: 3}}", "markets.auto.tops is not a known key (known: capital, endsAfterHours, excludeNegRisk, hysteresis, minDailyReward, refreshMinutes, top); did you mean top?"),
        ("markets: {list: [{id: \"0x12\"}], auto: {top: 2}}", "markets.list[0].id (0x12) must be a condition id: 0x followed by 64 hex digits"),
        ("venue: {kind: binance}", "venue.kind (binance) must be one of simulated, polymarket, mmsim"),
        ("venue: {mode: dryrun}", "venue.mode (dryrun) must be live, dry-run (orders built and signed, none sent) or paper (as dry-run, filled locally)"),
        ("venue: {kind: mmsim, wsUrl: \"ws://127.0.0.1:9\"}", "venue.clobUrl (unset) must be the simulator's loopback address for venue.kind mmsim, e.g. http://127.0.0.1:8080 and ws://127.0.0.1:8080"),
        ("venue: {chainId: 1}", "venue.chainId (1) must be 137 (Polygon) or 80002 (Amoy)"),
        ("venue: {signatureType: 2}", "venue.funder is required with venue.signatureType 2: it is the proxy, safe or deposit wallet that holds the funds"),
        ("venue: {kind: polymarket}", "markets must list at least one market for the live venue, or let mmd choose them with markets: {auto: {top: 10, capital: 500}} (mmd markets discover ranks them, docs/markets.md)"),
        ("markets:\n  - name: x", "markets[0].id is required: the market's condition id (0x followed by 64 hex digits)"),
        ("markets:\n  - id: \"0x12\"", "markets[0].id (0x12) must be a condition id: 0x followed by 64 hex digits"),
        ("logging: {level: loud}", "logging.level (loud) must be one of trace, debug, info, notice, warning, error, critical"),
        ("skew: {enabled: maybe}", "skew.enabled has the wrong type: expected true or false"),
        ("strategy: {orderSize: 5, spredFraction: 0.5}", "strategy.spredFraction is not a known key (known: debounceMilliseconds, grid, inventoryAversion, kind, meanReversion, momentum, negRiskArbitrage, orderSize, rebalanceThreshold, sizeUpToScore, spreadFraction); did you mean spreadFraction?"),
        ("limits: {maxEventExposure: 5}", "limits.maxEventExposure (5) must be ≥ limits.maxNetExposure (10)"),
        ("limits: {taperStartHours: 2, stopQuotingHours: 6}", "limits.taperStartHours (2) must be ≥ limits.stopQuotingHours (6): sizes shrink before quoting stops"),
        ("baitDefence: {depthCap: 0}", "baitDefence.depthCap (0) must be between 0.000001 and 10"),
        ("baitDefence: {lookback: 30}", "baitDefence.lookback is not a known key (known: compressionTicks, depthCap, enabled, lookbackSeconds); did you mean lookbackSeconds?"),
        ("stoploss: {enabled: true}", "stoploss is not a configuration section (known: alerts, baitDefence, control, http, limits, logging, markets, metrics, orders, skew, stopLoss, storage, strategy, venue, volatility); did you mean stopLoss?"),
    ])
    func eachProblemNamesItsKeyAndRule(yaml: String, expected: String) {
        #expect(Self.issues(yaml) == [expected])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let issues = Self.issues("strategy: {spreadFraction: 2, orderSize: -1}\nstopLoss: {maxUnrealizedLoss: 3}\n")
        #expect(issues.count == 3)
    }

    @Test func duplicateMarketsAndBadTokensAreNamed() {
        let market = "0x" + String(repeating: "b", count: 64)
        let issues = Self.issues("markets:\n  - id: \"\(market)\"\n    yesTokenId: \"12x\"\n  - id: \"\(market)\"\n")
        #expect(issues.contains("markets[1].id (\(market)) repeats markets[0].id"))
        #expect(issues.contains("markets[0].yesTokenId (12x) must be a token id: the decimal digits of a 256-bit number"))
    }

    @Test func errorDescriptionListsEveryIssueUnderTheSource() {
        do {
            _ = try MMConfiguration.load(yaml: "strategy: {spreadFraction: 2}", source: "/etc/mmd/mmd.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/etc/mmd/mmd.yaml: 1 configuration problem:\n  - strategy.spreadFraction (2) must be between 0.000001 and 1")
        }
    }

    @Test func decimalsAreReadFromTheirTextNotFromADouble() throws {
        // 0.1 + 0.2 style artefacts cannot appear: the literal text is parsed exactly.
        let config = try MMConfiguration.load(yaml: "strategy: {rebalanceThreshold: 0.000003, spreadFraction: 0.3}")
        #expect(config.strategy.rebalanceThreshold == 3)
        #expect(config.strategy.spreadFraction == Ratio(micros: 300_000))
    }
}

@Suite struct LiveEditTests {
    static let yaml = """
        strategy: {orderSize: 5}
        limits: {maxNetExposure: 10}
        markets:
          - id: "0x\(String(repeating: "a", count: 64))"
        """

    @Test func aLiveEditIsValidatedLikeTheFile() throws {
        let edited = try MMConfiguration.setting("strategy.spreadFraction", to: "0.4", in: Self.yaml, source: "mmd.yaml")
        #expect(edited.configuration.strategy.spreadFraction == Ratio(micros: 400_000))
        #expect(edited.configuration.strategy.orderSize == Quantity(shares: 5))
        // The edited text is a document that loads on its own.
        #expect(try MMConfiguration.load(yaml: edited.yaml).strategy.spreadFraction == Ratio(micros: 400_000))
        let skewOff = try MMConfiguration.setting("skew.enabled", to: "false", in: Self.yaml, source: "mmd.yaml")
        #expect(!skewOff.configuration.skew.isEnabled)
        let grid = try MMConfiguration.setting("strategy.kind", to: "grid", in: Self.yaml, source: "mmd.yaml")
        #expect(grid.configuration.strategy.kind == .grid && grid.configuration.flattened["strategy.kind"] == "grid")
        #expect(MMConfiguration.liveEditableKeys.contains("strategy.kind"))
    }

    @Test func aMarketCanRunItsOwnStrategy() throws {
        let configuration = try MMConfiguration.load(yaml: """
            strategy: {kind: ev}
            markets:
              - {id: "0x\(String(repeating: "a", count: 64))", strategy: grid}
              - {id: "0x\(String(repeating: "b", count: 64))"}
            """)
        #expect(configuration.markets.map(\.strategy) == [.grid, nil])
        #expect(
            ConfigurationTests.issues("markets:\n  - {id: \"0x\(String(repeating: "a", count: 64))\", strategy: martingale}")
                == ["markets[0].strategy (martingale) must be one of ev, band, mean-reversion, momentum, grid"])
    }

    @Test func badEditsAreRefusedWithTheFilesMessages() {
        #expect { try MMConfiguration.setting("strategy.orderSize", to: "20", in: Self.yaml, source: "mmd.yaml") } throws: { error in
            (error as? ConfigurationError)?.description.contains("markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)") == true
        }
        #expect { try MMConfiguration.setting("strategy.spreadFraction", to: "lots", in: Self.yaml, source: "mmd.yaml") } throws: { error in
            (error as? ConfigurationError)?.description.contains("strategy.spreadFraction") == true
        }
        #expect { try MMConfiguration.setting("venue.kind", to: "polymarket", in: Self.yaml, source: "mmd.yaml") } throws: { error in
            (error as? ConfigurationError)?.description.contains("cannot be changed while running") == true
        }
    }
}

/// `markets` as a mapping: `auto` (the daemon selects) and `list` (always made).
struct MarketsAutoConfigurationTests {
    @Test func autoSelectionLoadsWithItsDefaultsAndTheLiveVenueNeedsNoList() throws {
        let configuration = try MMConfiguration.load(yaml: "venue: {kind: polymarket}\nmarkets: {auto: {top: 12, capital: 600, refreshMinutes: 15}}\n", source: "auto.yaml")
        let auto = try #require(configuration.marketsAuto)
        #expect(auto.top == 12 && auto.capital == Money(micros: 600_000_000) && auto.refreshMilliseconds == 900_000)
        #expect(auto.hysteresis == Ratio(micros: 250_000) && !auto.excludeNegRisk && configuration.markets.isEmpty)
        let both = try MMConfiguration.load(
            yaml: "markets:\n  auto: {top: 2}\n  list:\n    - id: \"0x5eed000000000000000000000000000000000000000000000000000000000001\"\n", source: "both.yaml")
        #expect(both.markets.count == 1 && both.marketsAuto?.top == 2)
        // The list form is unchanged.
        let list = try MMConfiguration.load(yaml: "markets:\n  - id: \"0x5eed000000000000000000000000000000000000000000000000000000000001\"\n", source: "list.yaml")
        #expect(list.markets.count == 1 && list.marketsAuto == nil)
    }
}
