/// `POST /auth/api-key` and `GET /auth/derive-api-key`.
public struct APIKeyResponse: Decodable, Sendable {
    public var apiKey: String
    public var secret: String
    public var passphrase: String

    public func credentials() throws(AuthError) -> APICredentials {
        try APICredentials(key: apiKey, secret: secret, passphrase: passphrase)
    }
}

/// One entry of `POST /order` / `POST /orders`.
public struct PostOrderResponse: Decodable, Sendable, Hashable {
    public var success: Bool
    public var orderID: String
    /// live, matched, delayed or unmatched.
    public var status: String?
    public var errorMsg: String?
    public var tradeIDs: [String]?
    public var transactionsHashes: [String]?

    enum CodingKeys: String, CodingKey { case success, orderID, status, errorMsg, tradeIDs, transactionsHashes }

    public init(success: Bool, orderID: String, status: String?, errorMsg: String?, tradeIDs: [String]? = nil, transactionsHashes: [String]? = nil) {
        self.success = success
        self.orderID = orderID
        self.status = status
        self.errorMsg = errorMsg
        self.tradeIDs = tradeIDs
        self.transactionsHashes = transactionsHashes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try c.decodeIfPresent(Bool.self, forKey: .success) ?? false
        orderID = try c.decodeIfPresent(String.self, forKey: .orderID) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status)
        errorMsg = try c.decodeIfPresent(String.self, forKey: .errorMsg)
        tradeIDs = try c.decodeIfPresent([String].self, forKey: .tradeIDs)
        transactionsHashes = try c.decodeIfPresent([String].self, forKey: .transactionsHashes)
    }

    /// A batch leg can come back `success: true` with an empty id and an error: that is a rejection.
    public var rejection: ClobError? {
        if success, !orderID.isEmpty, (errorMsg ?? "").isEmpty { return nil }
        let message = (errorMsg ?? "").isEmpty ? "order not accepted" : errorMsg!
        return ClobError(ClobError.classify(message: message, httpStatus: nil), message)
    }
}

/// The cancel endpoints' answer.
public struct CancelResponse: Decodable, Sendable, Hashable {
    public var canceled: [String]
    /// Order id → the venue's reason.
    public var notCanceled: [String: String]

    enum CodingKeys: String, CodingKey { case canceled, notCanceled = "not_canceled" }

    public init(canceled: [String], notCanceled: [String: String]) {
        self.canceled = canceled
        self.notCanceled = notCanceled
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        canceled = try c.decodeIfPresent([String].self, forKey: .canceled) ?? []
        notCanceled = try c.decodeIfPresent([String: String].self, forKey: .notCanceled) ?? [:]
    }
}

/// A page of `/data/orders` or `/data/trades`.
public struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    public var data: [Item]
    public var nextCursor: String?
    public var count: Int?
    public var limit: Int?

    enum CodingKeys: String, CodingKey { case data, nextCursor = "next_cursor", count, limit }
}

/// `/balance-allowance`: base units (6 decimals) as decimal strings.
public struct BalanceAllowance: Decodable, Sendable, Hashable {
    public var balance: WireDecimal
    /// Spender address → allowance in base units.
    public var allowances: [String: WireDecimal]

    enum CodingKeys: String, CodingKey { case balance, allowances, allowance }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        balance = try c.decode(WireDecimal.self, forKey: .balance)
        if let map = try? c.decode([String: WireDecimal].self, forKey: .allowances) {
            allowances = map
        } else if let single = try c.decodeIfPresent(WireDecimal.self, forKey: .allowance) {
            allowances = ["": single]
        } else {
            allowances = [:]
        }
    }

    /// The balance in base units.
    public var balanceUnits: Int64? { Int64(balance.text) }
}

struct TickSizeResponse: Decodable { var minimumTickSize: WireDecimal
    enum CodingKeys: String, CodingKey { case minimumTickSize = "minimum_tick_size" }
}
struct NegRiskResponse: Decodable { var negRisk: Bool
    enum CodingKeys: String, CodingKey { case negRisk = "neg_risk" }
}
struct FeeRateResponse: Decodable { var baseFee: WireDecimal
    enum CodingKeys: String, CodingKey { case baseFee = "base_fee" }
}
/// The fee part of `GET /clob-markets/{id}`: `fd: {r: rate, e: exponent, to: takerOnly}`.
struct ClobMarketFeesResponse: Decodable {
    struct Fees: Decodable { var r: WireDecimal? }
    var fd: Fees?
}
struct MidpointResponse: Decodable { var mid: WireDecimal }
struct PriceResponse: Decodable { var price: WireDecimal }
struct ScoringResponse: Decodable { var scoring: Bool }

/// `POST /v1/heartbeats`.
public struct HeartbeatResponse: Decodable, Sendable, Hashable {
    public var heartbeatID: String?
    public var errorMsg: String?
    enum CodingKeys: String, CodingKey { case heartbeatID = "heartbeat_id", errorMsg = "error_msg" }
}

/// One row of `/rewards/user`: what a market paid us on a day.
public struct UserRewardEarning: Decodable, Sendable, Hashable {
    public var date: String
    public var conditionID: String
    public var makerAddress: String?
    public var earnings: WireDecimal
    public var assetRate: WireDecimal?

    enum CodingKeys: String, CodingKey {
        case date, conditionID = "condition_id", makerAddress = "maker_address", earnings, assetRate = "asset_rate"
    }
}

/// The venue's error body: `{"error": "..."}` or `{"error_msg": "..."}` with optional extras.
struct ErrorBody: Decodable {
    var error: String?
    var errorMsg: String?
    var code: String?
    var retryAfterSeconds: Int?
    var heartbeatID: String?

    enum CodingKeys: String, CodingKey {
        case error, errorMsg = "error_msg", code, retryAfterSeconds = "retry_after_seconds", heartbeatID = "heartbeat_id"
    }
}
