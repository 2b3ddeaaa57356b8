import Testing
@testable import MMCore

@Suite struct TickSizeTests {
    @Test(arguments: ["0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"])
    func everyVenueTickParses(text: String) throws {
        let tick = try TickSize(text)
        #expect(tick.description == text)
    }

    @Test(arguments: ["0.02", "0.5", "0", "0.00001"])
    func unknownTicksAreRefused(text: String) {
        #expect(throws: FixedPointError.self) { try TickSize(text) }
    }

    @Test(arguments: zip(["0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"], [1, 2, 3, 4, 3, 4]))
    func priceDecimalsMatchTheVenueRoundingConfig(text: String, decimals: Int) throws {
        #expect(try TickSize(text).priceDecimals == decimals)
    }

    /// Rounding near 0 and near 1 at every tick size: down, up and nearest stay on the grid, and the
    /// tradable range is [tick, 1 − tick].
    @Test(arguments: TickSize.all)
    func roundsOnTheGridNearBothEnds(tick: TickSize) {
        let t = tick.micros
        for value: Int64 in [1, t - 1, t, t + 1, t + t / 2, 500_000 + 1, 1_000_000 - t - 1, 1_000_000 - t, 1_000_000 - t + 1, 999_999] {
            let down = tick.round(value, .down)
            let up = tick.round(value, .up)
            let nearest = tick.round(value, .nearestEven)
            #expect(down % t == 0 && up % t == 0 && nearest % t == 0)
            #expect(down <= value && value <= up && up - down <= t)
            #expect(nearest == down || nearest == up)
            #expect((value - nearest).magnitude <= UInt64(t / 2))
        }
        #expect(tick.gridPrice(t - 1, .down) == nil, "below the first tick is not tradable")
        #expect(tick.gridPrice(t - 1, .up) == tick.minimumPrice)
        #expect(tick.gridPrice(1_000_000 - t + 1, .up) == nil, "above 1 − tick is not tradable")
        #expect(tick.gridPrice(1_000_000 - t + 1, .down) == tick.maximumPrice)
        #expect(tick.isOnGrid(tick.minimumPrice) && tick.isOnGrid(tick.maximumPrice))
    }

    @Test func nearestBreaksTiesToEven() {
        #expect(TickSize.hundredth.round(15_000, .nearestEven) == 20_000)
        #expect(TickSize.hundredth.round(25_000, .nearestEven) == 20_000)
        #expect(TickSize.hundredth.round(25_001, .nearestEven) == 30_000)
    }
}
