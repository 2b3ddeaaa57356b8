import Foundation
import MMCore
import Polymarket
import Testing

/// Inputs the fuzzers (Fuzz/, docs/fuzzing.md) found to crash a decoder, kept so `scripts/test` replays them
/// without libFuzzer. Each must now decode to a typed outcome (malformed, an error, `nil`), never trap.
@Suite struct PolymarketFuzzRegressionTests {
    /// `WireTimestamp`: a negative count of seconds times 1000 overflowed `Int64`.
    @Test(arguments: ["-9999999999999999", "-9223372036854775808"])
    func aTimestampTooFarFromTheEpochIsMalformed(timestamp: String) {
        let frame = #"{"event_type":"book","asset_id":"1","market":"m","bids":[],"asks":[],"timestamp":"\#(timestamp)"}"#
        let messages = ChannelDecoder().decode(frame)
        #expect(messages.map(\.kind) == ["malformed:book"])
        let number = #"{"event_type":"book","asset_id":"1","market":"m","bids":[],"asks":[],"timestamp":\#(timestamp)}"#
        #expect(ChannelDecoder().decode(number).map(\.kind) == ["malformed:book"])
    }

    @Test func aTimestampInSecondsStillCountsInMilliseconds() throws {
        let frame = #"{"event_type":"book","asset_id":"1","market":"m","bids":[],"asks":[],"timestamp":"-5"}"#
        guard case .book(let book) = try #require(ChannelDecoder().decode(frame).first) else { Issue.record("not a book"); return }
        #expect(book.timestamp?.milliseconds == -5_000)
    }

    /// `matchtime` with a long fraction of a second: ICU's date parser (behind ISO8601DateFormatter) died with
    /// SIGFPE. The fuzzer's input, shortened: a hundred fraction digits.
    @Test func aLongFractionOfASecondIsReadNotACrash() throws {
        let time = "2026-01-16T15:30:08." + String(repeating: "0", count: 100) + "250Z"
        let frame = #"{"event_type":"trade","id":"t","taker_order_id":"0xt","market":"0xm","asset_id":"1","side":"SELL","size":"5","price":"0.5","status":"MATCHED","matchtime":"\#(time)"}"#
        guard case .trade(let trade) = try #require(ChannelDecoder().decode(frame).first) else { Issue.record("not a trade"); return }
        #expect(trade.matchTime?.milliseconds == 1_768_577_408_000)
        #expect(RFC3339.milliseconds("2026-01-16T15:30:08." + String(repeating: "4", count: 80) + "Z") == 1_768_577_408_444)
    }

    @Test(arguments: [
        ("2026-01-16T15:30:08Z", 1_768_577_408_000), ("2026-01-16T15:30:08.250Z", 1_768_577_408_250), ("2026-01-16T15:30:08.2Z", 1_768_577_408_200),
        ("2026-01-16T15:30:08.2505Z", 1_768_577_408_251), ("2026-01-16T17:30:08+02:00", 1_768_577_408_000), ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T23:59:59Z", 1_709_251_199_000), ("1969-12-31T23:59:59Z", -1_000), ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59Z", 253_402_300_799_000),
    ] as [(String, Int64)])
    func rfc3339AsTheVenueWritesIt(text: String, milliseconds: Int64) {
        #expect(RFC3339.milliseconds(text) == milliseconds)
    }

    @Test(arguments: ["2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-16T24:00:00Z", "2026-01-16T15:30:08", "2026-01-16T15:30:08.Z",
        "2026-01-16 15:30:08Z", "2026-01-16T15:30:08+0200", "+2026-01-16T15:30:08Z", "2026-01-16T15:30:08Zjunk", ""])
    func notRFC3339(text: String) {
        #expect(RFC3339.milliseconds(text) == nil)
    }

    /// `GammaMarket.rewardParameters`: daily rates summing past `Int64` trapped; now there are no parameters.
    @Test func rewardPoolsThatOverflowGiveNoRewardParameters() throws {
        let json = #"{"id":"1","conditionId":"0xc","clobTokenIds":["1","2"],"rewardsMaxSpread":3.5,"rewardsMinSize":50,"clobRewards":[{"rewardsDailyRate":"9000000000000"},{"rewardsDailyRate":"9000000000000"}]}"#
        let market = try ClobClient.decodeAnswer(GammaMarket.self, from: Array(json.utf8), context: "GET /markets")
        #expect(market.rewardParameters == nil)
        let fine = json.replacingOccurrences(of: "9000000000000", with: "25")
        let parameters = try #require(try ClobClient.decodeAnswer(GammaMarket.self, from: Array(fine.utf8), context: "GET /markets").rewardParameters)
        #expect(parameters.dailyRate == Money(micros: 50_000_000))
    }

    @Test func anUnreadableAnswerIsUnexpectedResponse() {
        #expect(throws: ClobError.self) { try ClobClient.decodeAnswer(CancelResponse.self, from: Array("[".utf8), context: "DELETE /order") }
        let error = ClobClient.httpError(status: 429, body: Array(#"{"error":"#.utf8), retryAfterHeader: "x")
        #expect(error.code == .rateLimited && error.retryAfterSeconds == nil)
    }
}
