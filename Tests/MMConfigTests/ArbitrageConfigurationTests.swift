import Foundation
import MMCore
import Testing
@testable import MMConfig

/// `strategy.negRiskArbitrage`: off by default, its keys checked under their own path.
@Suite struct ArbitrageConfigurationTests {
    @Test func offByDefaultAndKeptWhenGiven() throws {
        #expect(try MMConfiguration.load(yaml: "").strategy.negRiskArbitrage == NegRiskArbitrageConfiguration())
        #expect(try !MMConfiguration.load(yaml: "").strategy.negRiskArbitrage.isEnabled)
        let given = try MMConfiguration.load(yaml: "strategy: {negRiskArbitrage: {enabled: true, minEdge: 0.02, maxSize: 25.5, cooldownSeconds: 4, maxHedgeLoss: 0.25}}").strategy.negRiskArbitrage
        #expect(given.isEnabled && given.minEdge == Money(micros: 20_000) && given.maxSize == Quantity(micros: 25_500_000) && given.cooldownSeconds == 4)
        #expect(given.maxHedgeLoss == Money(micros: 250_000))
        #expect(try MMConfiguration.load(yaml: "").strategy.negRiskArbitrage.maxHedgeLoss == Money(micros: 1_000_000))
    }

    @Test func badValuesAndUnknownNestedKeysAreNamedWithTheirPath() {
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: {enable: true}}").first?.hasPrefix("strategy.negRiskArbitrage.enable is not a known key") == true)
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: {minEdge: 0}}").first?.hasPrefix("strategy.negRiskArbitrage.minEdge (0) must be above 0") == true)
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: {maxSize: 0}}").first?.hasPrefix("strategy.negRiskArbitrage.maxSize") == true)
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: {cooldownSeconds: 0}}").first?.hasPrefix("strategy.negRiskArbitrage.cooldownSeconds (0)") == true)
        #expect(
            ConfigurationTests.issues("strategy: {negRiskArbitrage: {maxHedgeLoss: -1}}")
                == ["strategy.negRiskArbitrage.maxHedgeLoss (-1) must be 0 or more pUSD: the most a hedged attempt may lose"])
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: {enabled: maybe}}").first?.hasPrefix("strategy.negRiskArbitrage.enabled") == true)
        #expect(ConfigurationTests.issues("strategy: {negRiskArbitrage: true}").first?.hasPrefix("strategy.negRiskArbitrage") == true)
    }

    @Test func theShippedExampleLoadsWithItEnabled() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/mmd.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let enabled = text.replacingOccurrences(of: "  negRiskArbitrage:                # buy", with: "  negRiskArbitrage:                # (enabled) buy")
            .replacingOccurrences(of: "    enabled: false\n    minEdge", with: "    enabled: true\n    minEdge")
        #expect(enabled != text)
        #expect(try MMConfiguration.load(yaml: enabled).strategy.negRiskArbitrage.isEnabled)
    }
}
