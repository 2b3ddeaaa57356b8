import Foundation
import Logging
import MMCore
import MMPersistence
import Polymarket
import Testing
@testable import MMDaemon

/// ``PaperVenue``: signed orders in, paper fills out as the venue's user channel would send them.
struct PaperVenueTests {
    static let quiet = Logger(label: "paper-test", factory: { _ in SwiftLogNoOpLogHandler() })

    func order(_ token: String, _ side: Side, _ price: String, _ size: Int64, salt: UInt64) throws -> SignedOrder {
        let signer = try OrderSigner(key: DoctorTests.funded, chain: .polygon, signatureType: .eoa)
        let amounts = try ExactAmounts.limit(side: side, price: Price(price), size: Quantity(shares: size), tick: .hundredth)
        return signer.makeOrder(tokenID: UInt256(decimal: token)!, side: side, amounts: amounts, salt: UInt256(salt), timestampMilliseconds: 1, exchange: .standard)
    }

    func message(_ json: String) throws -> ChannelMessage {
        try #require(ChannelDecoder().decode(json).first)
    }

    @Test func aPrintThatReachesAPaperOrderArrivesAsOurTradeMatchedThenConfirmed() async throws {
        let venue = PaperVenue(logger: Self.quiet)
        venue.register(tokens: ["11": ("m", .yes), "22": ("m", .no)])
        let delivered = Delivered()
        venue.connect { market, message in delivered.append(market, message) }
        venue.observe(try message(#"{"event_type":"book","asset_id":"11","market":"m","bids":[{"price":"0.45","size":"3"}],"asks":[{"price":"0.55","size":"2"}]}"#), nowMilliseconds: 1)
        let bid = try order("11", .buy, "0.45", 10, salt: 1)
        let answers = try await venue.postOrders([(bid, .gtc)], postOnly: true)
        #expect((try? answers[0].get())?.status == "live")
        // A post-only order crossing the shown ask is refused as the venue refuses it.
        let crossing = try await venue.postOrders([(try order("11", .buy, "0.56", 1, salt: 2), .gtc)], postOnly: true)
        #expect(throws: ClobError.self) { try crossing[0].get() }
        #expect((try? crossing[0].get()) == nil)
        if case .failure(let error) = crossing[0] { #expect(error.code == .postOnlyWouldCross) }

        // 7 sold at 0.45: 3 were ahead of us, 4 are ours.
        venue.observe(try message(#"{"event_type":"last_trade_price","asset_id":"11","market":"m","price":"0.45","size":"7","side":"SELL","timestamp":"1700000000000"}"#), nowMilliseconds: 1_700_000_000_000)
        let messages = delivered.messages
        #expect(messages.count == 2)
        let trades = messages.compactMap { market, message -> TradeMessage? in
            guard market == "m", case .trade(let trade) = message else { return nil }
            return trade
        }
        #expect(trades.map(\.status) == ["MATCHED", "CONFIRMED"])
        let fills = try #require(trades.first).fills(ownedBy: venue.apiKey)
        #expect(fills.count == 1)
        #expect(fills.first?.orderID == bid.orderIDHex && fills.first?.side == .buy && fills.first?.size == Quantity(shares: 4))
        #expect(fills.first?.price == (try Price("0.45")) && fills.first?.isTaker == false && fills.first?.assetID == "11")
        // The same trade printed on the NO token (at 0.55, the other side) is not counted twice.
        venue.observe(try message(#"{"event_type":"last_trade_price","asset_id":"22","market":"m","price":"0.55","size":"7","side":"BUY","timestamp":"1700000000000"}"#), nowMilliseconds: 1_700_000_000_000)
        #expect(delivered.messages.count == 2)

        // The venue's side of the story agrees: the trade listed, the order open with 6 left.
        #expect(try await venue.trades(market: "m", assetID: nil, afterSeconds: nil).map(\.id) == [trades[0].id])
        let open = try await venue.openOrders(market: "m", assetID: nil)
        #expect(open.map(\.id) == [bid.orderIDHex] && open.first?.sizeMatched.quantity == Quantity(shares: 4))
        let cancelled = try await venue.cancel(orderIDs: [bid.orderIDHex, "0xunknown"])
        #expect(cancelled.canceled == [bid.orderIDHex] && cancelled.notCanceled.keys.sorted() == ["0xunknown"])
        #expect(venue.tally == PaperVenue.Tally(posts: 1, cancels: 1, refused: 1, fills: 1, filledShares: Quantity(shares: 4)))
    }

    @Test func aTakingOrderFillsAtOnceAsOurTakerTrade() async throws {
        let venue = PaperVenue(logger: Self.quiet)
        venue.register(tokens: ["11": ("m", .yes), "22": ("m", .no)])
        let delivered = Delivered()
        venue.connect { market, message in delivered.append(market, message) }
        venue.observe(try message(#"{"event_type":"book","asset_id":"11","market":"m","bids":[{"price":"0.45","size":"30"}],"asks":[]}"#), nowMilliseconds: 1)
        // Selling NO at 0.50 mirrors buying YES at 0.50: no YES ask to meet, refused as FOK.
        let refused = try await venue.postOrders([(try order("22", .sell, "0.50", 5, salt: 3), .fok)], postOnly: false)
        if case .failure(let error) = refused[0] { #expect(error.code == .fokNotFilled) } else { Issue.record("FOK filled against nothing") }
        // Buying NO at 0.60 mirrors selling YES at 0.40: it hits the 0.45 YES bid, paying 0.55 for NO.
        let taken = try await venue.postOrders([(try order("22", .buy, "0.60", 5, salt: 4), .fok)], postOnly: false)
        #expect((try? taken[0].get())?.status == "matched")
        let trade = try #require(delivered.messages.compactMap { _, message -> TradeMessage? in if case .trade(let t) = message { t } else { nil } }.first)
        let fills = trade.fills(ownedBy: venue.apiKey)
        #expect(fills.count == 1 && fills.first?.isTaker == true && fills.first?.side == .buy && fills.first?.assetID == "22")
        #expect(fills.first?.price == (try Price("0.55")) && fills.first?.size == Quantity(shares: 5))
    }

    @Test func aPaperDatabaseTagsEveryFillAndRefusesToBeTakenForLive() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paper-\(UUID().uuidString).sqlite").path
        let database = try AppDatabase(path: path)
        #expect(try await database.ledgerKind() == nil)
        try await database.claim(.paper)
        let fill = Fill(
            key: FillKey(tradeID: "paper-1", orderID: "o"), outcome: .yes, side: .buy, price: try Price("0.45"), size: Quantity(shares: 4), timestampMilliseconds: 1,
            status: .matched)
        _ = try await database.record([StoredFill(fill: fill, market: "m", assetID: "11", isTaker: false, raw: nil)], nowMilliseconds: 1)
        #expect(try await database.paperFillCount() == 1)
        #expect(try await AppDatabase(path: path).ledgerKind() == .paper)
        // A database from before the claim, with fills in it, is a live one; its fills are not paper.
        let live = try AppDatabase.inMemory()
        _ = try await live.record([StoredFill(fill: fill, market: "m", assetID: "11", isTaker: false, raw: nil)], nowMilliseconds: 1)
        #expect(try await live.ledgerKind() == .live)
        #expect(try await live.paperFillCount() == 0)
    }
}

/// What the paper venue delivered, in order (its handler runs synchronously on the caller's thread).
final class Delivered: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(String, ChannelMessage)] = []
    func append(_ market: String, _ message: ChannelMessage) { lock.withLock { list.append((market, message)) } }
    var messages: [(String, ChannelMessage)] { lock.withLock { list } }
}
