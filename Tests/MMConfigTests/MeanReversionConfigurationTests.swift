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
}
