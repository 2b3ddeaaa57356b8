import Foundation
import MMCore
import Testing
@testable import Polymarket

@Suite struct ChannelDecoderTests {
    let decoder = ChannelDecoder()
    static let yes = "65818619657568813474341868652308942079804919287380422192892211131408793125422"
    static let no = "52114319501245915516055106046884209969926127482827954674443846427813813222426"

    @Test func bookSnapshotSortsBestFirst() throws {
        let frame = """
            {"event_type":"book","asset_id":"\(Self.yes)","market":"0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af","bids":[{"price":"0.48","size":"30"},{"price":"0.49","size":"20"},{"price":"0.50","size":"15"}],"asks":[{"price":"0.54","size":"10"},{"price":"0.53","size":"60"},{"price":"0.52","size":"25"}],"timestamp":"1757908892351","hash":"0xabc","tick_size":"0.01","last_trade_price":"0.51"}
            """
        guard case .book(let book) = try #require(decoder.decode(frame).first) else { Issue.record("not a book"); return }
        #expect(book.assetID == Self.yes)
        #expect(book.timestamp?.milliseconds == 1_757_908_892_351)
        #expect(book.tickSize?.tickSize == .hundredth)
        let ob = book.orderBook
        let bid = BookLevel(price: try Price("0.50"), size: try Quantity("15"))
        let ask = BookLevel(price: try Price("0.52"), size: try Quantity("25"))
        #expect(ob.bestBid == bid && ob.bestAsk == ask)
    }

    @Test func priceChangeCarriesBothTokens() throws {
        let frame = """
            {"event_type":"price_change","market":"0x5f65","price_changes":[{"asset_id":"\(Self.yes)","price":"0.5","size":"200","side":"BUY","hash":"56621a","best_bid":"0.5","best_ask":"1"},{"asset_id":"\(Self.no)","price":"0.5","size":"0","side":"SELL","hash":"1895","best_bid":"0","best_ask":"0.5"}],"timestamp":"1757908892351"}
            """
        guard case .priceChange(let change) = try #require(decoder.decode(frame).first) else { Issue.record("not a price_change"); return }
        #expect(change.changes.count == 2)
        #expect(change.changes[0].side == .buy && change.changes[0].size.quantity == Quantity(shares: 200))
        #expect(change.changes[0].bestAsk?.price == nil, "\"1\" means no ask, not a price")
        #expect(change.changes[1].size.quantity == .zero)
    }

    @Test func arraysOfEventsAndControlTexts() {
        let frame = """
            [{"event_type":"tick_size_change","asset_id":"1","market":"0xm","old_tick_size":"0.01","new_tick_size":"0.001","timestamp":"1757908892351"},{"event_type":"last_trade_price","asset_id":"1","market":"0xm","price":"0.456","size":"219.217767","fee_rate_bps":"0","side":"BUY","timestamp":"1750428146322"},{"event_type":"best_bid_ask","market":"0xm","asset_id":"1","best_bid":"0.73","best_ask":"0.77","spread":"0.04","timestamp":"1766789469958"}]
            """
        let messages = decoder.decode(frame)
        #expect(messages.map(\.kind) == ["tick_size_change", "last_trade_price", "best_bid_ask"])
        if case .tickSizeChange(let change) = messages[0] { #expect(change.newTickSize.tickSize == .thousandth) }
        if case .lastTradePrice(let trade) = messages[1] { #expect(trade.size?.quantity == Quantity(micros: 219_217_767)) }
        #expect(decoder.decode("PONG") == [.pong])
        #expect(decoder.decode("NO NEW ASSETS") == [.ignored("NO NEW ASSETS")])
    }

    @Test func tradeWithOurMakerOrderOnTheNoToken() throws {
        // A YES buyer (taker) minted against our resting NO bid: our fill is a BUY of NO at 0.57.
        let frame = """
            {"event_type":"trade","type":"TRADE","id":"28c4d2eb-bbea-40e7-a9f0-b2fdb56b2c2e","taker_order_id":"0x06bc","market":"0xbd31","asset_id":"21742633143463906290569050155826241533067272736897614950488156847949938836455","side":"BUY","size":"10","price":"0.43","fee_rate_bps":"0","status":"MATCHED","match_time":"1780000701","last_update":"1780000701","outcome":"Yes","owner":"b7e4d2c1","trade_owner":"5f0c8a1e","maker_address":"0x1111111111111111111111111111111111111111","transaction_hash":"","bucket_index":0,"maker_orders":[{"order_id":"0xff35","owner":"5f0c8a1e","maker_address":"0x6d2F","matched_amount":"10","price":"0.57","fee_rate_bps":"0","asset_id":"\(Self.no)","outcome":"No","side":"BUY"},{"order_id":"0xother","owner":"someone-else","maker_address":"0x2","matched_amount":"3","price":"0.57","fee_rate_bps":"0","asset_id":"\(Self.no)","outcome":"No","side":"BUY"}],"trader_side":"MAKER","timestamp":"1780000701123"}
            """
        guard case .trade(let trade) = try #require(decoder.decode(frame).first) else { Issue.record("not a trade"); return }
        #expect(trade.tradeStatus == .matched)
        #expect(trade.matchTime?.milliseconds == 1_780_000_701_000)
        let fills = trade.fills(ownedBy: "5f0c8a1e")
        #expect(fills.count == 1)
        let expectedPrice = try Price("0.57")
        #expect(fills.first?.assetID == Self.no && fills.first?.side == .buy && fills.first?.price == expectedPrice)
        #expect(fills.first?.size == Quantity(shares: 10) && fills.first?.isTaker == false)
    }

    @Test func makerSideFallsBackToTheComplementaryMatchRule() throws {
        let sameToken = """
            {"event_type":"trade","id":"t","taker_order_id":"0xt","market":"0xm","asset_id":"\(Self.yes)","side":"BUY","size":"5","price":"0.5","status":"TRADE_STATUS_CONFIRMED","matchtime":"2026-01-16T15:30:08Z","maker_orders":[{"order_id":"0xa","owner":"me","matched_amount":"5","price":"0.5","asset_id":"\(Self.yes)"}]}
            """
        guard case .trade(let trade) = try #require(decoder.decode(sameToken).first) else { Issue.record("not a trade"); return }
        #expect(trade.tradeStatus == .confirmed)
        #expect(trade.matchTime?.milliseconds == 1_768_577_408_000)
        #expect(trade.fills(ownedBy: "me").first?.side == .sell, "same token as the taker: the maker sold")
        let mint = sameToken.replacingOccurrences(of: "\"price\":\"0.5\",\"asset_id\":\"\(Self.yes)\"", with: "\"price\":\"0.5\",\"asset_id\":\"\(Self.no)\"")
        guard case .trade(let minted) = try #require(decoder.decode(mint).first) else { Issue.record("not a trade"); return }
        #expect(minted.fills(ownedBy: "me").first?.side == .buy, "different token: a mint, both bought")
        #expect(minted.fills(ownedBy: "me", takerOrderIDs: ["0xt"]).count == 2, "our taker order is a fill too")
    }

    @Test(arguments: ["PLACEMENT", "UPDATE", "CANCELLATION"])
    func orderEvents(type: String) throws {
        let frame = """
            {"event_type":"order","type":"\(type)","id":"0xff35","owner":"5f0c","order_owner":"5f0c","market":"0xbd31","asset_id":"\(Self.no)","side":"BUY","price":"0.57","original_size":"10","size_matched":"0","outcome":"No","associate_trades":null,"created_at":"1780000687","expiration":null,"order_type":"GTC","status":"\(type == "CANCELLATION" ? "CANCELED_ORDER_TIMED_OUT" : "LIVE")","maker_address":"0x6d2F","timestamp":"1780000687123"}
            """
        guard case .order(let order) = try #require(decoder.decode(frame).first) else { Issue.record("not an order"); return }
        #expect(order.type?.rawValue == type)
        #expect(order.isTerminal == (type == "CANCELLATION"))
        #expect(order.expiration == nil && order.createdAt?.milliseconds == 1_780_000_687_000)
    }

    @Test(arguments: [
        ("{not json", "malformed:frame"),
        ("[1]", "malformed:frame"),
        ("{\"foo\":1}", "malformed:frame"),
        ("{\"event_type\":\"book\",\"asset_id\":\"1\"}", "malformed:book"),
        ("{\"event_type\":\"trade\",\"id\":\"t\",\"market\":\"m\",\"asset_id\":\"1\",\"side\":\"SIDEWAYS\",\"size\":\"1\",\"price\":\"0.5\",\"status\":\"MATCHED\"}", "malformed:trade"),
        ("{\"event_type\":\"brand_new_thing\"}", "unknown:brand_new_thing"),
        ("", "ignored:empty"),
    ])
    func badFramesNeverThrow(frame: String, kind: String) {
        #expect(decoder.decode(frame).map(\.kind) == [kind])
    }
}
