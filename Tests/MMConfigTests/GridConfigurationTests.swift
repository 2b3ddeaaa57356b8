import MMCore
import Testing
@testable import MMConfig

/// `strategy.kind: grid` and `strategy.grid`.
@Suite struct GridConfigurationTests {
    @Test func theKindAndItsParametersLoad() throws {
        let configuration = try MMConfiguration.load(
            yaml: "strategy: {kind: grid, grid: {levels: 5, step: 0.02, sizePerLevel: 25, lowerBound: 0.2, upperBound: 0.8}}")
        #expect(configuration.strategy.kind == .grid)
        let grid = configuration.strategy.grid
        #expect(grid.levels == 5 && grid.step == 20_000)
        #expect(grid.sizePerLevel == Quantity(shares: 25))
        #expect(grid.lowerBound == Price(micros: 200_000) && grid.upperBound == Price(micros: 800_000))
        // Defaults: 3 levels a cent apart, the leg size, no bounds.
        let defaults = try MMConfiguration.load(yaml: "").strategy.grid
        #expect(defaults == GridConfiguration())
        #expect(defaults.levels == 3 && defaults.step == 10_000 && defaults.sizePerLevel == nil && defaults.lowerBound == nil)
    }

    @Test func outOfRangeValuesAndUnknownKeysAreNamed() {
        #expect(ConfigurationTests.issues("strategy: {grid: {levels: 0}}") == ["strategy.grid.levels (0) must be between 1 and 20"])
        #expect(ConfigurationTests.issues("strategy: {grid: {step: 0.6}}") == ["strategy.grid.step (0.6) must be between 0.001 and 0.5"])
        #expect(ConfigurationTests.issues("strategy: {grid: {sizePerLevel: 0}}") == ["strategy.grid.sizePerLevel (0) must be greater than 0"])
        #expect(ConfigurationTests.issues("strategy: {grid: {upperBound: 1}}") == ["strategy.grid.upperBound (1) must be between 0.000001 and 0.999999"])
        #expect(
            ConfigurationTests.issues("strategy: {grid: {lowerBound: 0.6, upperBound: 0.4}}")
                == ["strategy.grid.lowerBound (0.6) must be below strategy.grid.upperBound (0.4)"])
        #expect(ConfigurationTests.issues("strategy: {grid: {level: 3}}").first?.hasPrefix("strategy.grid.level is not a known key") == true)
    }
}
