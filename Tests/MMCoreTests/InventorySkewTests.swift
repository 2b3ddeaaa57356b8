import Testing
@testable import MMCore

@Suite struct InventorySkewTests {
    static let settings = SkewSettings(isEnabled: true, factor: Ratio(micros: 500_000), startAt: Ratio(micros: 300_000))

    /// Roadmap Phase 2's table (limit 10, base 2.0c, factor 0.5), in tenths of a cent; nil = blocked.
    @Test(arguments: [
        (0, 20, 20), (-2, 20, 20), (-3, 17, 23), (-7, 13, 27), (-10, 10, nil), (-20, 10, nil),
        (2, 20, 20), (3, 23, 17), (7, 27, 13), (10, nil, 10), (20, nil, 10),
    ] as [(Int64, Int64?, Int64?)])
    func roadmapTable(net: Int64, yesTenths: Int64?, noTenths: Int64?) {
        let offsets = SkewedOffsets.compute(base: cents(2), net: Quantity(shares: net), limit: Quantity(shares: 10), settings: Self.settings)
        #expect(offsets.bid == yesTenths.map { $0 * 1_000 })
        #expect(offsets.ask == noTenths.map { $0 * 1_000 })
    }

    @Test func disabledSkewStillBlocksAtTheLimit() {
        var settings = Self.settings
        settings.isEnabled = false
        let atLimit = SkewedOffsets.compute(base: cents(2), net: Quantity(shares: -10), limit: Quantity(shares: 10), settings: settings)
        #expect(atLimit.bid == cents(2) && atLimit.ask == nil)
        let inside = SkewedOffsets.compute(base: cents(2), net: Quantity(shares: -7), limit: Quantity(shares: 10), settings: settings)
        #expect(inside.bid == cents(2) && inside.ask == cents(2))
    }
}
