import Testing
@testable import MMCore

@Suite struct PositionLedgerTests {
    static let t0: Int64 = 1_768_570_208_000  // 2026-01-16 13:30:08 UTC

    static func fill(_ trade: String, order: String = "o1", _ outcome: Outcome, _ side: Side, _ p: String, _ size: String, at t: Int64 = t0, _ status: TradeStatus = .matched) -> Fill {
        Fill(key: FillKey(tradeID: trade, orderID: order), outcome: outcome, side: side, price: price(p), size: shares(size), timestampMilliseconds: t, status: status)
    }

    /// The roadmap's example: BUY 20 NO @ 0.52.
    @Test func roadmapExampleBuy20NoAt052() {
        var ledger = PositionLedger()
        let f = Self.fill("t1", .no, .buy, "0.52", "20")
        #expect(ledger.apply(f) == .applied)
        #expect(ledger.no.position == shares("20") && ledger.yes.position == .zero)
        #expect(ledger.inventory.net == shares("-20"))
        #expect(ledger.no.averageCost == price("0.52") && ledger.yes.averageCost == nil)
        #expect(ledger.unrealized(mid: price("0.48")) == .zero, "NO marked at 1 − 0.48 = 0.52")
        #expect(ledger.realized == .zero)
        let report = PnLReport(ledger: ledger, mid: price("0.48"))
        #expect(PnLReport.fillLine(f) == "Fill: BUY 20 NO @ $0.5200")
        #expect(report.lines == [
            "Position: YES=0, NO=20 | Net: -20.00",
            "Avg Cost: YES=N/A, NO=$0.5200",
            "P&L: Unrealized=$0.00, Realized=$0.00, Total=$0.00",
        ])
        #expect(ledger.unrealized(mid: price("0.5")) == money("-0.4"), "mark drops to 0.50: 20 × (0.50 − 0.52)")
    }

    @Test func sellsRealizeAgainstAverageCost() {
        var ledger = PositionLedger()
        ledger.apply(Self.fill("t1", .yes, .buy, "0.40", "10", at: Self.t0))
        ledger.apply(Self.fill("t2", .yes, .buy, "0.50", "10", at: Self.t0 + 1))
        #expect(ledger.yes.averageCost == price("0.45"))
        ledger.apply(Self.fill("t3", .yes, .sell, "0.55", "5", at: Self.t0 + 2))
        #expect(ledger.realized == money("0.5"))
        #expect(ledger.yes.position == shares("15"))
        #expect(ledger.yes.averageCost == price("0.45"))
        #expect(ledger.unrealized(mid: price("0.55")) == money("1.5"))
        #expect(ledger.total(mid: price("0.55")) == money("2"))
    }

    @Test func redeliveryChangesNothingAndStatusOnlyMovesForward() {
        var ledger = PositionLedger()
        let f = Self.fill("t1", .no, .buy, "0.52", "20")
        ledger.apply(f)
        let before = ledger
        #expect(ledger.apply(f) == .duplicate)
        #expect(ledger.apply(f) == .duplicate, "delivered three times, stored once")
        var mined = f
        mined.status = .mined
        #expect(ledger.apply(mined) == .statusAdvanced(from: .matched, to: .mined))
        #expect(ledger.apply(f) == .duplicate, "a late MATCHED after MINED changes nothing")
        #expect(ledger.yes == before.yes && ledger.no == before.no)
        #expect(ledger.status(of: f.key) == .mined)
    }

    @Test func failedTradeReversesExactlyItsFill() {
        var ledger = PositionLedger()
        ledger.apply(Self.fill("t1", .yes, .buy, "0.40", "10", at: Self.t0))
        let reference = ledger
        ledger.apply(Self.fill("t2", .yes, .buy, "0.60", "10", at: Self.t0 + 1))
        ledger.apply(Self.fill("t3", .yes, .sell, "0.55", "5", at: Self.t0 + 2))
        #expect(ledger.apply(Self.fill("t2", .yes, .buy, "0.60", "10", at: Self.t0 + 1, .failed)) == .reversed)
        #expect(ledger.apply(Self.fill("t3", .yes, .sell, "0.55", "5", at: Self.t0 + 2, .failed)) == .reversed)
        #expect(ledger.yes == reference.yes)
        #expect(ledger.realized == .zero)
        #expect(ledger.apply(Self.fill("t2", .yes, .buy, "0.60", "10", at: Self.t0 + 1, .confirmed)) == .duplicate, "a failed trade stays failed")
        var fresh = PositionLedger()
        #expect(fresh.apply(Self.fill("t9", .yes, .buy, "0.5", "1", .failed)) == .recordedFailed)
        #expect(fresh.yes.position == .zero)
        #expect(fresh.apply(Self.fill("t9", .yes, .buy, "0.5", "1", .matched)) == .duplicate)
    }

    @Test func severalOfOurOrdersInOneTradeAreSeveralFills() {
        var ledger = PositionLedger()
        #expect(ledger.apply(Self.fill("t1", order: "a", .yes, .buy, "0.48", "5")) == .applied)
        #expect(ledger.apply(Self.fill("t1", order: "b", .no, .buy, "0.50", "5")) == .applied)
        #expect(ledger.yes.position == shares("5") && ledger.no.position == shares("5"))
    }

    @Test func mergeTurnsPairsIntoCollateralAndRealizes() {
        var ledger = PositionLedger()
        ledger.apply(Self.fill("t1", .yes, .buy, "0.48", "10"))
        ledger.apply(Self.fill("t2", .no, .buy, "0.49", "6", at: Self.t0 + 1))
        #expect(ledger.apply(Merge(id: "m1", size: shares("6"), timestampMilliseconds: Self.t0 + 2)) == .applied)
        #expect(ledger.apply(Merge(id: "m1", size: shares("6"), timestampMilliseconds: Self.t0 + 2)) == .duplicate)
        #expect(ledger.yes.position == shares("4") && ledger.no.position == .zero)
        // 6 pairs cost 6 × (0.48 + 0.49) = 5.82 and redeem for 6.
        #expect(ledger.realized == money("0.18"))
        #expect(ledger.yes.averageCost == price("0.48"))
        #expect(ledger.yes.merged == shares("6") && ledger.no.merged == shares("6"))
    }

    @Test func dailyFiguresRollOverAtUTCMidnight() {
        let midnight: Int64 = 1_768_608_000_000  // 2026-01-17 00:00:00 UTC
        var ledger = PositionLedger()
        ledger.apply(Self.fill("t1", .yes, .buy, "0.40", "10", at: midnight - 2_000))
        ledger.apply(Self.fill("t2", .yes, .sell, "0.50", "5", at: midnight - 1))
        ledger.apply(Self.fill("t3", .yes, .sell, "0.30", "5", at: midnight))
        ledger.apply(Credit(id: "r1", kind: .reward, amount: money("1.25"), timestampMilliseconds: midnight + 5))
        let day1 = UTCDay(epochMilliseconds: midnight - 1)
        let day2 = UTCDay(epochMilliseconds: midnight)
        #expect(day1.description == "2026-01-16" && day2.description == "2026-01-17")
        #expect(ledger.figures(on: day1).realized == money("0.5") && ledger.figures(on: day1).fills == 2)
        #expect(ledger.figures(on: day2).realized == money("-0.5") && ledger.figures(on: day2).rewards == money("1.25"))
        #expect(ledger.realized == .zero, "rewards are credited apart from trading P&L")
        #expect(ledger.rewards == money("1.25"))
        #expect(UTCDay(epochMilliseconds: -1).description == "1969-12-31")
    }

    /// Property: any permutation of a fill sequence, with duplicates and status updates mixed in, gives
    /// the same ledger; and position = bought − sold − merged for each outcome.
    @Test(arguments: 0..<10)
    func permutationsWithDuplicatesGiveTheSameLedger(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var events: [Fill] = []
        var held: [Outcome: Int64] = [.yes: 0, .no: 0]
        for i in 0..<40 {
            let outcome: Outcome = Bool.random(using: &rng) ? .yes : .no
            let size = Int64.random(in: 1...20, using: &rng)
            let side: Side = held[outcome]! >= size && Bool.random(using: &rng) ? .sell : .buy
            held[outcome]! += side == .buy ? size : -size
            let p = Price(micros: Int64.random(in: 1...99, using: &rng) * 10_000)!
            events.append(Fill(key: FillKey(tradeID: "t\(i)", orderID: "o\(i % 3)"), outcome: outcome, side: side, price: p, size: Quantity(shares: size),
                timestampMilliseconds: Self.t0 + Int64(i) * 1_000, status: .matched))
        }
        // Merges of pairs we hold, mixed into the same history.
        let mergeSize = min(held[.yes]!, held[.no]!) / 2
        let merges = mergeSize > 0 ? [Merge(id: "m1", size: Quantity(shares: mergeSize), timestampMilliseconds: Self.t0 + 40_000)] : []
        var reference = PositionLedger()
        for event in events { reference.apply(event) }
        for merge in merges { reference.apply(merge) }
        var noisy = events + events.shuffled(using: &rng).prefix(15)
        noisy += events.prefix(10).map { var e = $0; e.status = .confirmed; return e }
        for _ in 0..<5 {
            var ledger = PositionLedger()
            var inputs: [Either] = noisy.map(Either.fill) + merges.map(Either.merge) + merges.map(Either.merge)
            inputs.shuffle(using: &rng)
            for input in inputs {
                switch input {
                case .fill(let f): ledger.apply(f)
                case .merge(let m): ledger.apply(m)
                }
            }
            #expect(ledger.yes == reference.yes && ledger.no == reference.no && ledger.daily == reference.daily)
            #expect(ledger.realized == reference.realized)
            for leg in [ledger.yes, ledger.no] { #expect(leg.position == leg.bought - leg.sold - leg.merged) }
        }
        #expect(reference.yes.position.micros == (held[.yes]! - mergeSize) * 1_000_000 && reference.no.position.micros == (held[.no]! - mergeSize) * 1_000_000)
    }

    enum Either { case fill(Fill), merge(Merge) }
}
