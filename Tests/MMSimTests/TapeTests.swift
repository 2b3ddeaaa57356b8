import Foundation
import MMCore
import Polymarket
import Testing
@testable import MMSim

/// A scenario market replaying a tape (`tape:`): recorded trades fill our resting orders only once the
/// recorded depth ahead of them is gone, by price-time priority, the same way every run. Tapes here are
/// written by the tests themselves (a few seconds of a book with trades) or by `scripts/make-tape`.
@Suite struct TapeTests {
    static let us = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// A tape line with a book: levels as (price, size) text.
    static func book(_ t: Int64, bids: [(String, String)] = [], asks: [(String, String)] = []) -> String {
        func levels(_ list: [(String, String)]) -> String { "[" + list.map { "[\"\($0.0)\",\"\($0.1)\"]" }.joined(separator: ",") + "]" }
        return "{\"t\":\(t),\"book\":{\"bids\":\(levels(bids)),\"asks\":\(levels(asks))}}"
    }

    static func trade(_ t: Int64, _ side: String, _ price: String, _ size: String) -> String {
        "{\"t\":\(t),\"trade\":{\"side\":\"\(side)\",\"price\":\"\(price)\",\"size\":\"\(size)\"}}"
    }

    /// A scenario with one tape market, loaded from files in a fresh temporary folder (the tape path is
    /// relative to the scenario file, as in `etc/scenarios/`).
    static func scenario(_ lines: [String], extra: String = "") throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tapes"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("tapes/t.jsonl"), atomically: true, encoding: .utf8)
        let yaml = """
            markets:
              - tick: 0.01
                tape: {file: tapes/t.jsonl}
            \(extra)accounts:
              - {address: "\(us)", collateral: 1000, yes: 100}
            """
        return try Scenario.load(yaml: yaml, source: folder.appendingPathComponent("s.yaml").path)
    }

    /// Steps until `elapsed` milliseconds of the scenario have run.
    static func run(_ runner: inout ScenarioRunner, to elapsed: Int64) {
        while runner.now - runner.engine.startMilliseconds < elapsed { runner.step() }
    }

    /// Places an order of ours (a resting GTC) and returns its id.
    static func place(_ runner: inout ScenarioRunner, _ side: Side, _ price: String, _ size: Int64) throws -> String {
        let market = runner.engine.scenario.markets[0].spec.conditionID
        let result = runner.exchange.placeAgentOrder(
            owner: "us", maker: us, market: market, outcome: .yes, side: side, price: try Price(price), size: Quantity(shares: size), orderType: .gtc,
            postOnly: true, nowMilliseconds: runner.now)
        guard case .success(let ack) = result else { throw TapeTestError("our order was refused: \(result)") }
        return ack.orderID
    }

    /// Shares of order `id` filled so far.
    static func filled(_ runner: ScenarioRunner, _ id: String) -> Int64 {
        runner.exchange.trades.flatMap(\.makers).filter { $0.orderID == id }.reduce(0) { $0 + $1.size.micros } / 1_000_000
    }

    /// The YES book's size at a price.
    static func depth(_ runner: ScenarioRunner, _ side: Side, _ price: String) throws -> Int64 {
        let book = try #require(runner.exchange.book(token: runner.engine.scenario.markets[0].spec.yesToken))
        let levels = side == .buy ? book.bids : book.asks
        return (levels.first { $0.price.micros == (try? FixedPoint.parseMicros(price)) }?.size.micros ?? 0) / 1_000_000
    }

    @Test func recordedTradesReachOurOrderOnlyAfterTheDepthAheadOfIt() throws {
        var runner = ScenarioRunner(scenario: try Self.scenario([
            Self.book(0, bids: [("0.48", "100"), ("0.47", "200")], asks: [("0.52", "100")]),
            Self.trade(1_000, "SELL", "0.48", "60"),
            Self.book(1_500, bids: [("0.48", "40"), ("0.47", "200")], asks: [("0.52", "100")]),
            Self.book(2_000, bids: [("0.48", "240"), ("0.47", "200")], asks: [("0.52", "100")]),
            Self.trade(3_000, "SELL", "0.48", "45"),
            Self.trade(4_000, "SELL", "0.48", "100"),
        ]))
        Self.run(&runner, to: 100)
        #expect(try Self.depth(runner, .buy, "0.48") == 100, "the recorded book is the exchange's book")
        let ours = try Self.place(&runner, .buy, "0.48", 10)
        Self.run(&runner, to: 1_000)
        #expect(Self.filled(runner, ours) == 0, "60 of the 100 ahead of us traded")
        Self.run(&runner, to: 2_000)
        #expect(try Self.depth(runner, .buy, "0.48") == 250, "the 200 that joined after us are behind us")
        Self.run(&runner, to: 3_000)
        #expect(Self.filled(runner, ours) == 5, "the 40 left ahead of us, then 5 of ours")
        Self.run(&runner, to: 4_000)
        #expect(Self.filled(runner, ours) == 10, "then the rest of ours before anything behind")
        #expect(runner.engine.tapeTradesReplayed == 3 && runner.engine.tapeTradesUnmatched == 0)
        #expect(runner.exchange.trades.allSatisfy { $0.takerOwner == ScenarioEngine.tapeTakerOwner })
    }

    @Test func aLevelShrinkingWithoutTradesCancelsAheadAndBehindInProportion() throws {
        var runner = ScenarioRunner(scenario: try Self.scenario([
            Self.book(0, bids: [("0.48", "100")], asks: [("0.52", "100")]),
            Self.book(1_000, bids: [("0.48", "300")], asks: [("0.52", "100")]),
            Self.book(2_000, bids: [("0.48", "150")], asks: [("0.52", "100")]),
            Self.trade(3_000, "SELL", "0.48", "55"),
        ]))
        Self.run(&runner, to: 100)
        let ours = try Self.place(&runner, .buy, "0.48", 10)
        Self.run(&runner, to: 2_000)
        // 100 ahead, 200 behind; half of the recorded depth cancelled: 50 ahead, 100 behind.
        #expect(try Self.depth(runner, .buy, "0.48") == 160)
        Self.run(&runner, to: 3_000)
        #expect(Self.filled(runner, ours) == 5, "55 traded: the 50 left ahead of us, then 5 of ours")
    }

    @Test func priceThenTimePriorityAmongOurOrdersAndTheRecordedOnes() throws {
        var runner = ScenarioRunner(scenario: try Self.scenario([
            Self.book(0, bids: [("0.48", "100")], asks: [("0.52", "100")]),
            Self.trade(1_000, "SELL", "0.48", "115"),
        ]))
        Self.run(&runner, to: 100)
        let first = try Self.place(&runner, .buy, "0.48", 10)
        let second = try Self.place(&runner, .buy, "0.48", 10)
        let better = try Self.place(&runner, .buy, "0.49", 10)
        Self.run(&runner, to: 1_000)
        #expect(Self.filled(runner, better) == 10, "a better price fills first, even inside the recorded spread")
        #expect(Self.filled(runner, first) == 5, "then the recorded 100 that were there before us, then our first order")
        #expect(Self.filled(runner, second) == 0, "and our later order at the same price waits")
        let fill = try #require(runner.exchange.trades.last?.makers.first { $0.orderID == better })
        #expect(fill.price.micros == 490_000, "at our price")
    }

    @Test func aTradeShowsThatNoRecordedOrderWasRestingAtABetterPrice() throws {
        var runner = ScenarioRunner(scenario: try Self.scenario([
            Self.book(0, bids: [("0.49", "50"), ("0.48", "100")], asks: [("0.52", "100")]),
            Self.trade(1_000, "SELL", "0.48", "30"),
        ]))
        Self.run(&runner, to: 1_000)
        #expect(try Self.depth(runner, .buy, "0.49") == 0, "the stale 0.49 level is cancelled, not traded")
        #expect(try Self.depth(runner, .buy, "0.48") == 70)
        #expect(runner.exchange.trades.count == 1 && runner.exchange.trades[0].makers.allSatisfy { $0.price.micros == 480_000 })
    }

    @Test func aRecordedLevelThatCrossesOurStaleQuoteTakesIt() throws {
        var runner = ScenarioRunner(scenario: try Self.scenario([
            Self.book(0, bids: [("0.48", "100")], asks: [("0.52", "100")]),
            Self.book(1_000, bids: [("0.51", "80"), ("0.50", "100")], asks: [("0.53", "100")]),
        ]))
        Self.run(&runner, to: 100)
        let ask = try Self.place(&runner, .sell, "0.51", 10)
        Self.run(&runner, to: 1_000)
        #expect(Self.filled(runner, ask) == 10, "the bids that moved up to 0.51 traded with our ask")
        #expect(try Self.depth(runner, .buy, "0.51") == 70)
        #expect(runner.engine.fairValues[0] == 520_000, "fair value is the recorded mid (0.51 + 0.53) / 2")
    }

    @Test func aTapeReplaysTheSameWayEveryRunAndUnderEverySeed() throws {
        func replay(seed: UInt64) throws -> ([SimTrade], OrderBook?) {
            var scenario = try Scenario.load(
                yaml: try String(contentsOf: ScenarioTests.directory.appendingPathComponent("tape-example.yaml"), encoding: .utf8),
                source: ScenarioTests.directory.appendingPathComponent("tape-example.yaml").path)
            scenario.seed = seed
            var runner = ScenarioRunner(scenario: scenario)
            runner.exchange.fund(Self.us, tokens: [scenario.markets[0].spec.yesToken: 100_000_000])
            Self.run(&runner, to: 100)
            _ = try Self.place(&runner, .buy, "0.49", 10)
            _ = try Self.place(&runner, .sell, "0.51", 10)
            runner.runToEnd()
            return (runner.exchange.trades, runner.exchange.book(token: scenario.markets[0].spec.yesToken))
        }
        let (trades, book) = try replay(seed: 1)
        #expect(trades.count > 40, "the example tape's takers trade")
        #expect(trades.contains { $0.makers.contains { $0.owner == "us" } }, "and reach our orders")
        let again = try replay(seed: 1)
        #expect(again.0 == trades && again.1 == book)
        #expect(try replay(seed: 9).0 == trades, "a tape uses no randomness")
    }

    @Test func withoutOrdersOfOursTheBookIsTheRecordedBook() throws {
        let path = ScenarioTests.directory.appendingPathComponent("tape-example.yaml").path
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), source: path)
        let tape = try #require(scenario.markets[0].tape)
        #expect(scenario.durationMilliseconds > tape.spanMilliseconds && scenario.stepMilliseconds == 100, "defaults follow the tape")
        let last = try #require(tape.entries.last { if case .book = $0.event { true } else { false } })
        guard case .book(let bids, let asks) = last.event else { return }
        var runner = ScenarioRunner(scenario: scenario)
        Self.run(&runner, to: last.atMilliseconds)
        let book = try #require(runner.exchange.book(token: scenario.markets[0].spec.yesToken))
        #expect(book.bids == bids && book.asks == asks)
        #expect(runner.engine.fairValues[0] == Tape.mid(bids: bids, asks: asks))
    }

    @Test func badTapesNameTheirLines() {
        let text = [
            Self.book(0, bids: [("0.50", "10")], asks: [("0.50", "10")]),
            "{\"t\":5,\"trade\":{\"side\":\"SIDEWAYS\",\"price\":\"0.5\",\"size\":\"1\"}}",
            "{\"t\":6,\"trade\":{\"side\":\"BUY\",\"price\":0.5,\"size\":\"1\"}}",
            Self.trade(3, "BUY", "0.5", "1"),
            "{\"meta\":{\"source\":\"ignored\"}}",
        ].joined(separator: "\n")
        do {
            _ = try Tape.parse(jsonLines: text, source: "bad.jsonl")
            Issue.record("accepted a bad tape")
        } catch {
            #expect(error.problems.count == 4)
            #expect(error.problems[0].hasPrefix("line 1: the book is crossed"))
            #expect(error.problems[1] == "line 2: trade side (SIDEWAYS) must be BUY or SELL")
            #expect(error.problems[2].hasPrefix("line 3: not a tape line (decimals are strings"))
            #expect(error.problems[3] == "line 4: t 3 goes back in time (after 5)")
        }
    }

    @Test func aTapeMarketRefusesWhatTheTapeReplaces() throws {
        do {
            _ = try Self.scenario([Self.book(0, bids: [("0.485", "10")])], extra: "    background: {levels: 2}\n")
            Issue.record("accepted a tape with a background provider")
        } catch let error as ScenarioError {
            #expect(error.problems.contains { $0.hasPrefix("markets[0].background: a market with a tape") })
            #expect(error.problems.contains { $0.contains("price 0.485 is not on the market's tick 0.01") })
        }
        #expect(throws: ScenarioError.self) { try Scenario.load(yaml: "markets:\n  - tape: {file: nowhere.jsonl}\n", source: "/tmp/x.yaml") }
    }

    /// `scripts/make-tape` on two minutes of the recorded SOL 15-minute market, replayed with our quotes
    /// resting at the touch. Needs `../shared/data/polymarket/` beside the repository.
    @Test(.enabled(if: TapeTests.sharedData != nil, "skipped: needs ../shared/data/polymarket/ beside the repository (absent or MM_NO_SHARED=1)"))
    func aRecordedMarketConvertedByMakeTapeReplays() throws {
        let data = try #require(Self.sharedData)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("sol.jsonl").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("scripts/make-tape").path, "--market", "15m/sol", "--from", "0", "--to", "240", "--data", data, "--out", output]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let yaml = "markets:\n  - {tick: 0.01, tape: {file: sol.jsonl}}\naccounts:\n  - {address: \"\(Self.us)\", collateral: 1000, yes: 100}\n"
        let scenario = try Scenario.load(yaml: yaml, source: folder.appendingPathComponent("s.yaml").path)
        let tape = try #require(scenario.markets[0].tape)
        let recordedTrades = tape.entries.filter { if case .trade = $0.event { true } else { false } }.count
        #expect(recordedTrades > 10)
        var runner = ScenarioRunner(scenario: scenario)
        Self.run(&runner, to: 100)
        let book = try #require(runner.exchange.book(token: scenario.markets[0].spec.yesToken))
        let bid = try #require(book.bestBid).price, ask = try #require(book.bestAsk).price
        _ = try Self.place(&runner, .buy, bid.description, 5)
        _ = try Self.place(&runner, .sell, ask.description, 5)
        runner.runToEnd()
        #expect(runner.engine.tapeTradesReplayed + runner.engine.tapeTradesUnmatched == recordedTrades)
        // About half the recorded prints fall inside the last book's spread: liquidity that came between two
        // books (about 8 s apart here), printed but matching nothing the tape showed.
        #expect(runner.engine.tapeTradesReplayed * 4 >= recordedTrades, "the rest met the recorded depth or our quotes")
    }

    /// The recorded data folder, or `nil` when it is absent or `MM_NO_SHARED=1`.
    static var sharedData: String? {
        guard ProcessInfo.processInfo.environment["MM_NO_SHARED"] != "1" else { return nil }
        let path = root.appendingPathComponent("../shared/data/polymarket").standardized.path
        return FileManager.default.fileExists(atPath: path + "/caiooooo-polymarket-l2-collector") ? path : nil
    }
}

struct TapeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
