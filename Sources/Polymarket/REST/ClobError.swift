/// A typed venue or transport error the daemon can act on.
///
/// `code` says what to do about it; `message` keeps the venue's own words for the log. Every error
/// string in the V2 spec maps to a code; anything else is `.rejected` with the text kept.
public struct ClobError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Order rejections: fix the order, do not retry it unchanged.
        case insufficientBalance, invalidTick, belowMinimumSize, postOnlyWouldCross, invalidSignature, makerNotAllowed
        case signerNotAPIKey, ownerNotAPIKey, duplicateOrder, invalidExpiration, invalidPayload, invalidPostOnlyOrderType
        case fokNotFilled, fakNoMatch, batchTooLarge, orderVersionMismatch, marketNotReady, orderDelayed
        // Account state.
        case banned, closedOnly, unauthorized, invalidHeartbeat
        // Venue state: back off, then retry.
        case tradingDisabled, cancelOnly, postOnlyMode, notReady, rateLimited, serverError
        // Transport.
        /// The request never reached the venue: safe to retry.
        case notSent
        /// The request was sent and no answer came: an order **may exist**; ask the venue before acting.
        case ambiguous
        /// The venue answered with something we could not read.
        case unexpectedResponse
        case notFound
        /// Any other rejection; `message` has the venue's text.
        case rejected
    }

    public var code: Code
    public var message: String
    public var httpStatus: Int?
    /// From `Retry-After` or `retry_after_seconds`, when the venue gives one.
    public var retryAfterSeconds: Int?
    /// For `.invalidHeartbeat`: the id the venue expects next.
    public var expectedHeartbeatID: String?

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, retryAfterSeconds: Int? = nil, expectedHeartbeatID: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
        self.expectedHeartbeatID = expectedHeartbeatID
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let retryAfterSeconds { text += ", retry after \(retryAfterSeconds) s" }
        return text
    }

    /// Whether the same request may simply be sent again after a pause.
    public var isTransient: Bool {
        switch code {
        case .notSent, .notReady, .rateLimited, .serverError, .tradingDisabled, .postOnlyMode, .marketNotReady: true
        default: false
        }
    }

    /// Maps a venue error text (from `error`, `errorMsg` or an error code) and HTTP status to a code.
    public static func classify(message: String, httpStatus: Int?) -> Code {
        let text = message.lowercased()
        let table: [(String, Code)] = [
            ("not enough balance", .insufficientBalance), ("insufficient", .insufficientBalance), ("invalid_order_not_enough_balance", .insufficientBalance),
            ("breaks minimum tick size", .invalidTick), ("invalid_order_min_tick_size", .invalidTick),
            ("lower than the minimum", .belowMinimumSize), ("invalid_order_min_size", .belowMinimumSize),
            ("invalid post-only order", .postOnlyWouldCross), ("crosses the book", .postOnlyWouldCross), ("invalid_post_only_order_type", .invalidPostOnlyOrderType),
            ("invalid_post_only_order", .postOnlyWouldCross), ("post_only is not supported", .invalidPostOnlyOrderType),
            ("maker address not allowed", .makerNotAllowed),
            ("signer address has to be the address of the api key", .signerNotAPIKey),
            ("owner has to be the owner of the api key", .ownerNotAPIKey),
            ("invalid signature", .invalidSignature),
            ("duplicated", .duplicateOrder), ("invalid_order_duplicated", .duplicateOrder),
            ("invalid expiration", .invalidExpiration), ("invalid_order_expiration", .invalidExpiration),
            ("invalid order payload", .invalidPayload),
            ("fok orders are", .fokNotFilled), ("fok_order_not_filled", .fokNotFilled),
            ("no orders found to match with fak", .fakNoMatch),
            ("too many orders in payload", .batchTooLarge),
            ("order_version_mismatch", .orderVersionMismatch),
            ("not yet ready to process new orders", .marketNotReady), ("market_not_ready", .marketNotReady),
            ("order match delayed", .orderDelayed), ("order_delayed", .orderDelayed),
            ("address banned", .banned), ("closed only mode", .closedOnly),
            ("invalid heartbeat id", .invalidHeartbeat),
            ("trading is currently disabled", .tradingDisabled), ("cancel-only", .cancelOnly), ("post-only mode", .postOnlyMode), ("post_only_mode", .postOnlyMode),
            ("unauthorized", .unauthorized), ("invalid api key", .unauthorized), ("invalid l1 request headers", .unauthorized),
            ("not found", .notFound),
        ]
        for (needle, code) in table where text.contains(needle) { return code }
        switch httpStatus {
        case 425: return .notReady
        case 429: return .rateLimited
        case 401, 403: return .unauthorized
        case 404: return .notFound
        case .some(let status) where status >= 500: return .serverError
        default: return .rejected
        }
    }
}
