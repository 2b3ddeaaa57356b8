import Testing
@testable import MMCore

@Suite struct FixedPointTests {
    @Test(arguments: [
        ("0.52", 520_000), ("1", 1_000_000), ("-3.5", -3_500_000), ("0.000001", 1), ("20.0000000", 20_000_000),
        ("+7", 7_000_000), (".5", 500_000), ("5.", 5_000_000),
    ] as [(String, Int64)])
    func parsesExactDecimals(text: String, micros: Int64) throws {
        #expect(try FixedPoint.parseMicros(text) == micros)
    }

    @Test(arguments: ["", "-", ".", "1e-3", "0.1234567", "abc", "1.2.3", " 1", "nan", "99999999999999999999"])
    func refusesWhatItCannotRepresentExactly(text: String) {
        #expect(throws: FixedPointError.self) { try FixedPoint.parseMicros(text) }
    }

    @Test(arguments: [(520_000, "0.52"), (-1, "-0.000001"), (0, "0"), (20_000_000, "20"), (1_500_000, "1.5")] as [(Int64, String)])
    func printsShortestExactForm(micros: Int64, text: String) {
        #expect(FixedPoint.format(micros: micros) == text)
    }

    @Test func roundTripsRandomValues() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let micros = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &rng)
            #expect(try FixedPoint.parseMicros(FixedPoint.format(micros: micros)) == micros)
        }
    }

    @Test func multiplyDivideRoundsEachWay() {
        #expect(FixedPoint.multiplyDivide(7, 1, dividingBy: 2, rounding: .down) == 3)
        #expect(FixedPoint.multiplyDivide(7, 1, dividingBy: 2, rounding: .up) == 4)
        #expect(FixedPoint.multiplyDivide(7, 1, dividingBy: 2, rounding: .nearestEven) == 4)
        #expect(FixedPoint.multiplyDivide(5, 1, dividingBy: 2, rounding: .nearestEven) == 2)
        #expect(FixedPoint.multiplyDivide(-7, 1, dividingBy: 2, rounding: .down) == -4)
        #expect(FixedPoint.multiplyDivide(-7, 1, dividingBy: 2, rounding: .up) == -3)
        #expect(FixedPoint.multiplyDivide(-7, 1, dividingBy: 2, rounding: .towardZero) == -3)
        // The 128-bit intermediate: 9e18 × 1e6 ÷ 1e6 does not overflow.
        #expect(FixedPoint.multiplyDivide(9_000_000_000_000_000_000, 1_000_000, dividingBy: 1_000_000, rounding: .down) == 9_000_000_000_000_000_000)
        #expect(FixedPoint.multiplyDivide(Int64.max, 2, dividingBy: 1, rounding: .down) == nil)
        #expect(FixedPoint.multiplyDivide(1, 1, dividingBy: 0, rounding: .down) == nil)
    }

    @Test func notionalIsExact() {
        #expect(Money.notional(price("0.52"), shares("20")) == money("10.4"))
        #expect(Money.notional(price("0.0001"), shares("0.01")) == Money(micros: 1))
        #expect(Money.notional(price("0.333333"), shares("0.5"), rounding: .up) == Money(micros: 166_667))
    }

    @Test func integerSquareRootIsFloor() {
        var rng = SeededGenerator(seed: 3)
        for value: UInt64 in [0, 1, 2, 3, 4, 15, 16, 17, UInt64(UInt32.max) * UInt64(UInt32.max)] + (0..<500).map({ _ in UInt64.random(in: 0...(1 << 62), using: &rng) }) {
            let root = FixedPoint.integerSquareRoot(value)
            #expect(root * root <= value)
            #expect((root + 1).multipliedReportingOverflow(by: root + 1).overflow || (root + 1) * (root + 1) > value)
        }
    }

    @Test func pricesLieStrictlyInsideZeroAndOne() {
        #expect(Price(micros: 0) == nil)
        #expect(Price(micros: 1_000_000) == nil)
        #expect(Price(micros: 1) != nil)
        #expect(throws: FixedPointError.notAPrice("1.0")) { try Price("1.0") }
        #expect(price("0.3").complement == price("0.7"))
    }
}

@Suite struct NoFloatingPointTests {
    /// Money, prices, sizes and ratios hold integers only: nothing in them can be a binary float.
    @Test func coreValueTypesStoreOnlyIntegers() throws {
        let values: [Any] = [
            try Price("0.5"), Quantity(shares: 1), Money(micros: 1), Ratio(micros: 1), TickSize.hundredth, RewardScore(micros: 1),
            BookLevel(price: try Price("0.5"), size: Quantity(shares: 1)),
        ]
        for value in values {
            for child in Mirror(reflecting: value).children {
                let stored = child.value
                #expect(!(stored is Double) && !(stored is Float), "\(type(of: value)).\(child.label ?? "?") is floating point")
                if !(stored is Int64) {
                    for grandchild in Mirror(reflecting: stored).children {
                        #expect(grandchild.value is Int64, "\(type(of: value)).\(child.label ?? "?").\(grandchild.label ?? "?") is not an integer")
                    }
                }
            }
        }
    }
}
