import MMCore

/// One maker order inside a trade, in that order's own token and price space.
public struct MakerOrderFill: Decodable, Sendable, Hashable {
    public var orderID: String
    /// The API key that owns the maker order.
    public var owner: String
    public var makerAddress: String?
    public var matchedAmount: WireDecimal
    public var price: WireDecimal
    public var assetID: String
    public var outcome: String?
    /// Present since V2; older messages need the complementary-match rule.
    public var side: Side?
    public var feeRateBps: WireDecimal?

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id", owner, makerAddress = "maker_address", matchedAmount = "matched_amount", price
        case assetID = "asset_id", outcome, side, feeRateBps = "fee_rate_bps"
    }
}

/// A `trade` on the user channel, or a trade from `/data/trades`.
///
/// The top-level fields describe the **taker's** order; our maker fills are in ``makerOrders``.
public struct TradeMessage: Decodable, Sendable, Hashable {
    public var id: String
    public var takerOrderID: String
    public var market: String
    public var assetID: String
    public var side: Side
    public var size: WireDecimal
    public var price: WireDecimal
    public var status: String
    public var matchTime: WireTimestamp?
    public var lastUpdate: WireTimestamp?
    public var outcome: String?
    /// The taker's API key.
    public var owner: String?
    public var makerAddress: String?
    public var transactionHash: String?
    /// "TAKER" or "MAKER": which side the subscriber was on.
    public var traderSide: String?
    public var makerOrders: [MakerOrderFill]
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey {
        case id, takerOrderID = "taker_order_id", market, assetID = "asset_id", side, size, price, status
        case matchTime = "match_time", matchtime, lastUpdate = "last_update", outcome, owner, makerAddress = "maker_address"
        case transactionHash = "transaction_hash", traderSide = "trader_side", makerOrders = "maker_orders", timestamp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        takerOrderID = try c.decodeIfPresent(String.self, forKey: .takerOrderID) ?? ""
        market = try c.decode(String.self, forKey: .market)
        assetID = try c.decode(String.self, forKey: .assetID)
        side = try c.decode(Side.self, forKey: .side)
        size = try c.decode(WireDecimal.self, forKey: .size)
        price = try c.decode(WireDecimal.self, forKey: .price)
        status = try c.decode(String.self, forKey: .status)
        // The docs spell it `matchtime`, the SDKs `match_time`: accept both.
        matchTime = try c.decodeIfPresent(WireTimestamp.self, forKey: .matchTime) ?? c.decodeIfPresent(WireTimestamp.self, forKey: .matchtime)
        lastUpdate = try c.decodeIfPresent(WireTimestamp.self, forKey: .lastUpdate)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        owner = try c.decodeIfPresent(String.self, forKey: .owner)
        makerAddress = try c.decodeIfPresent(String.self, forKey: .makerAddress)
        transactionHash = try c.decodeIfPresent(String.self, forKey: .transactionHash)
        traderSide = try c.decodeIfPresent(String.self, forKey: .traderSide)
        makerOrders = try c.decodeIfPresent([MakerOrderFill].self, forKey: .makerOrders) ?? []
        timestamp = try c.decodeIfPresent(WireTimestamp.self, forKey: .timestamp)
    }

    /// The settlement status, parsed from plain or `TRADE_STATUS_`-prefixed forms.
    public var tradeStatus: TradeStatus? { TradeStatus(venue: status) }
}

/// What an `order` event says happened.
public enum OrderEventType: String, Decodable, Sendable, Hashable {
    case placement = "PLACEMENT"
    case update = "UPDATE"
    case cancellation = "CANCELLATION"
}

/// An `order` on the user channel (placement, fill update, cancellation), or an open order from `/data/orders`.
public struct OrderMessage: Decodable, Sendable, Hashable {
    public var id: String
    public var type: OrderEventType?
    public var owner: String?
    public var market: String
    public var assetID: String
    public var side: Side
    public var price: WireDecimal
    public var originalSize: WireDecimal
    public var sizeMatched: WireDecimal
    public var outcome: String?
    public var status: String?
    public var orderType: String?
    public var expiration: String?
    public var createdAt: WireTimestamp?
    public var makerAddress: String?
    public var timestamp: WireTimestamp?

    enum CodingKeys: String, CodingKey {
        case id, type, owner, market, assetID = "asset_id", side, price, originalSize = "original_size", sizeMatched = "size_matched"
        case outcome, status, orderType = "order_type", expiration, createdAt = "created_at", makerAddress = "maker_address", timestamp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decodeIfPresent(OrderEventType.self, forKey: .type)
        owner = try c.decodeIfPresent(String.self, forKey: .owner)
        market = try c.decode(String.self, forKey: .market)
        assetID = try c.decode(String.self, forKey: .assetID)
        side = try c.decode(Side.self, forKey: .side)
        price = try c.decode(WireDecimal.self, forKey: .price)
        originalSize = try c.decode(WireDecimal.self, forKey: .originalSize)
        sizeMatched = try c.decodeIfPresent(WireDecimal.self, forKey: .sizeMatched) ?? WireDecimal("0")
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        orderType = try c.decodeIfPresent(String.self, forKey: .orderType)
        // `expiration` arrives as null, "0", a number or a string of seconds.
        expiration = (try? c.decodeIfPresent(WireDecimal.self, forKey: .expiration))?.map(\.text) ?? nil
        createdAt = try? c.decodeIfPresent(WireTimestamp.self, forKey: .createdAt)
        makerAddress = try c.decodeIfPresent(String.self, forKey: .makerAddress)
        timestamp = try c.decodeIfPresent(WireTimestamp.self, forKey: .timestamp)
    }

    /// The status without an `ORDER_STATUS_` prefix; `CANCELED_<reason>` forms keep their reason.
    public var normalizedStatus: String? {
        guard let status else { return nil }
        let upper = status.hasPrefix("ORDER_STATUS_") ? String(status.dropFirst("ORDER_STATUS_".count)) : status
        return upper
    }

    /// Whether the order can no longer fill.
    public var isTerminal: Bool {
        guard let status = normalizedStatus?.uppercased() else { return type == .cancellation }
        return status.hasPrefix("CANCELED") || status == "MATCHED" || status == "INVALID" || type == .cancellation
    }
}
