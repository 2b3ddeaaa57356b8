import MMCore

/// One order in the intent log: what we asked for, the exact signed body, and its state.
public struct OrderIntent: Sendable, Hashable {
    public var orderID: String
    /// Our own id for the order, unique, chosen before signing.
    public var clientID: String
    public var market: String
    public var assetID: String
    public var outcome: Outcome
    public var side: Side
    public var price: Price
    public var size: Quantity
    public var orderType: String
    public var postOnly: Bool
    /// The exact `POST /order` body, so a crash never loses what was signed.
    public var signedBody: String
    public var state: OrderState
    public var matched: Quantity
    public var createdAtMilliseconds: Int64

    public init(
        orderID: String, clientID: String, market: String, assetID: String, outcome: Outcome, side: Side, price: Price, size: Quantity, orderType: String,
        postOnly: Bool, signedBody: String, state: OrderState = .signed, matched: Quantity = .zero, createdAtMilliseconds: Int64
    ) {
        self.orderID = orderID
        self.clientID = clientID
        self.market = market
        self.assetID = assetID
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
        self.orderType = orderType
        self.postOnly = postOnly
        self.signedBody = signedBody
        self.state = state
        self.matched = matched
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}

/// One change of an order's state, for ``AppDatabase/apply(_:)``: the new state and what came with it.
public struct OrderTransition: Sendable, Hashable {
    public var orderID: String
    /// The state the order moves to.
    public var state: OrderState
    /// The quantity matched so far, when the venue said (kept unchanged when nil).
    public var matched: Quantity?
    /// Why (a venue error, "adopted at startup", a trade id); a rejection's detail is also its `last_error`.
    public var detail: String?
    /// When it happened (UTC epoch milliseconds).
    public var atMilliseconds: Int64

    /// - Parameters:
    ///   - orderID: The venue's order id (the hex hash of the signed order).
    ///   - state: The state the order moves to.
    ///   - matched: The quantity matched so far, if known.
    ///   - detail: Why, for the transition log.
    ///   - atMilliseconds: When (UTC epoch milliseconds).
    public init(orderID: String, state: OrderState, matched: Quantity? = nil, detail: String? = nil, atMilliseconds: Int64) {
        self.orderID = orderID
        self.state = state
        self.matched = matched
        self.detail = detail
        self.atMilliseconds = atMilliseconds
    }
}
