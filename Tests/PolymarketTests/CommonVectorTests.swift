import Foundation
import Testing
@testable import Polymarket

@Suite struct CommonVectorTests {
    @Test(arguments: Vectors.cases(.common, kind: "ctf_condition_id"))
    func conditionIDs(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        let id = ConditionalTokens.conditionID(
            oracle: try #require(Address(inputs.text("oracle")!)), questionID: Hex.decode(inputs.text("question_id")!)!,
            outcomeSlotCount: UInt64(inputs.text("outcome_slot_count")!)!)
        #expect(Hex.encode(id) == vector.json.text("condition_id"), "\(vector.id)")
    }

    /// The official client has no CTF helper, so these cases are not in the repository's fixtures: they come from the
    /// research file beside the repository (ids checked against a real market's Gamma token ids) when it is there.
    @Test(
        .enabled(if: Vectors.File.sharedCommon.isPresent, "skipped: CTF position-id vectors need ../shared/vectors/ (absent or MM_NO_SHARED=1)"),
        arguments: Vectors.cases(.sharedCommon, kind: "ctf_position_ids"))
    func positionIDs(vector: VectorCase) throws {
        let inputs = vector.json.object("inputs")
        let condition = Hex.decode(inputs.text("condition_id")!)!
        let collateral = try #require(Address(inputs.text("collateral")!))
        for (indexSet, key) in [(UInt64(1), "index_set_1"), (2, "index_set_2")] {
            let expected = vector.json.object(key)
            let collection = ConditionalTokens.collectionID(conditionID: condition, indexSet: indexSet)
            #expect(Hex.encode(collection) == expected.text("collection_id"), "\(vector.id) \(key): collection id")
            #expect(ConditionalTokens.positionID(collateral: collateral, collectionID: collection).description == expected.text("position_id"), "\(vector.id) \(key)")
        }
    }

    @Test(arguments: Vectors.cases(.common, kind: "orderbook_hash"))
    func bookHashes(vector: VectorCase) throws {
        let text = vector.json.text("hashed_json")!
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        func levels(_ key: String) -> [BookSummaryHash.Level] {
            summary.objects(key).map { BookSummaryHash.Level(price: $0.text("price")!, size: $0.text("size")!) }
        }
        let rebuilt = BookSummaryHash.json(
            market: summary.text("market")!, assetID: summary.text("asset_id")!, timestamp: summary.text("timestamp")!, bids: levels("bids"),
            asks: levels("asks"), minOrderSize: summary.text("min_order_size")!, tickSize: summary.text("tick_size")!,
            negRisk: summary.bool("neg_risk"), lastTradePrice: summary.text("last_trade_price")!)
        #expect(rebuilt == text, "\(vector.id): JSON bytes")
        #expect(BookSummaryHash.hash(json: rebuilt) == vector.json.text("sha1_hex"), "\(vector.id)")
    }

    @Test func uint256RoundTripsDecimalAndBytes() {
        let text = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let max = UInt256(decimal: text)
        #expect(max?.description == text)
        #expect(max?.bigEndianBytes == [UInt8](repeating: 0xFF, count: 32))
        #expect(UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil, "2²⁵⁶ overflows")
        #expect(UInt256(decimal: "12a") == nil)
        #expect(UInt256(decimal: "10000000000000000000")?.description == "10000000000000000000")
        #expect(UInt256(decimal: "0")?.description == "0")
    }
}
