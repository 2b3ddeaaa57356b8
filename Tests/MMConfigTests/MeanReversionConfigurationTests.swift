import MMCore
import Testing
@testable import MMConfig

/// `strategy.kind: mean-reversion` and `strategy.meanReversion`.
@Suite struct MeanReversionConfigurationTests {
    @Test func theKindAndItsParametersLoad() throws {
        let configuration = try MMConfiguration.load(yaml: "strategy: {kind: mean-reversion, meanReversion: {halfLifeSeconds: 120, lean: 0.75, maxLeanTicks: 4}}")
        #expect(configuration.strategy.kind == .meanReversion)
        #expect(configuration.strategy.meanReversion.halfLifeSeconds == 120)
        #expect(configuration.strategy.meanReversion.lean == Ratio(micros: 750_000))
        #expect(configuration.strategy.meanReversion.maxLeanTicks == 4)
        #expect(try MMConfiguration.load(yaml: "").strategy.meanReversion == LeanConfiguration())
    }

    @Test func outOfRangeValuesAndUnknownKeysAreNamed() {
        #expect(ConfigurationTests.issues("strategy: {meanReversion: {halfLifeSeconds: 5}}") == ["strategy.meanReversion.halfLifeSeconds (5) must be between 10 and 86400"])
        #expect(ConfigurationTests.issues("strategy: {meanReversion: {lean: 3}}") == ["strategy.meanReversion.lean (3) must be between 0 and 2"])
        #expect(ConfigurationTests.issues("strategy: {meanReversion: {maxLeanTicks: 21}}") == ["strategy.meanReversion.maxLeanTicks (21) must be between 0 and 20"])
        #expect(ConfigurationTests.issues("strategy: {meanReversion: {halflife: 5}}").first?.hasPrefix("strategy.meanReversion.halflife is not a known key") == true)
        #expect(ConfigurationTests.issues("strategy: {kind: meanreversion}").first?.contains("must be one of ev, band, mean-reversion, momentum, grid") == true)
        #expect(ConfigurationTests.issues("strategy: {momentum: {lean: -1}}") == ["strategy.momentum.lean (-1) must be between 0 and 2"])
    }

    @Test func momentumHasItsOwnFasterDefaults() throws {
        let configuration = try MMConfiguration.load(yaml: "strategy: {kind: momentum, momentum: {maxLeanTicks: 2}}")
        #expect(configuration.strategy.kind == .momentum)
        #expect(configuration.strategy.momentum.halfLifeSeconds == 120 && configuration.strategy.momentum.maxLeanTicks == 2)
        #expect(configuration.strategy.meanReversion.halfLifeSeconds == 300)
    }

    @Test func momentumTakingLoadsOnlyWhenEnabledAndIsCheckedEitherWay() throws {
        let on = try MMConfiguration.load(
            yaml: "strategy: {kind: momentum, momentum: {taking: {enabled: true, entryTicks: 4, exitTicks: 2, size: 15, maxPosition: 30, slippageTicks: 0, cooldownSeconds: 60}}}")
        let taking = try #require(on.strategy.momentum.taking)
        #expect(taking.entryTicks == 4 && taking.exitTicks == 2 && taking.slippageTicks == 0)
        #expect(taking.size == Quantity(shares: 15) && taking.maxPosition == Quantity(shares: 30) && taking.cooldownMilliseconds == 60_000)
        // Off by default, and off while enabled is false.
        #expect(try MMConfiguration.load(yaml: "strategy: {kind: momentum}").strategy.momentum.taking == nil)
        #expect(try MMConfiguration.load(yaml: "strategy: {momentum: {taking: {enabled: false, size: 15}}}").strategy.momentum.taking == nil)
        // A mistake is named even while disabled; mean reversion has no taking.
        #expect(ConfigurationTests.issues("strategy: {momentum: {taking: {enabled: false, entryTicks: 0}}}") == ["strategy.momentum.taking.entryTicks (0) must be between 1 and 50"])
        #expect(ConfigurationTests.issues("strategy: {momentum: {taking: {size: 0.001}}}") == ["strategy.momentum.taking.size (0.001) must have at most 2 decimals: the venue's size precision"])
        #expect(ConfigurationTests.issues("strategy: {meanReversion: {taking: {enabled: true}}}").first?.hasPrefix("strategy.meanReversion.taking is not a known key") == true)
    }
}

