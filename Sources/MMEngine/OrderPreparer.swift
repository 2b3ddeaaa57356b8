import MMCore
import MMDecision
import MMPersistence
import Polymarket

/// Turns the machine's order requests into signed orders, their exact `POST` bodies and their intents:
/// the engine and the latency benchmark sign through the same code.
public struct OrderPreparer: Sendable {
    public struct Prepared: Sendable {
        public var request: OrderRequest
        public var order: SignedOrder
        public var type: OrderType
        public var intent: OrderIntent
    }

    /// One request signed, or the answer it gets instead of being sent.
    public enum Outcome: Sendable {
        case signed(Prepared)
        case refused(PostResult)
    }

    public let market: EngineMarket
    public let signer: OrderSigner
    public let apiKey: String
    /// The market's token ids as signed into orders, parsed once.
    let tokenIDs: (yes: UInt256?, no: UInt256?)

    public init(market: EngineMarket, signer: OrderSigner, apiKey: String) {
        self.market = market
        self.signer = signer
        self.apiKey = apiKey
        tokenIDs = (UInt256(decimal: market.yesToken), UInt256(decimal: market.noToken))
    }

    /// Signs every request (salts `firstSalt`, `firstSalt + 1`, …); a request off the market's grid comes
    /// back as a `notSent` answer instead. Sequential on purpose: signing a requote's two legs in a task
    /// group was measured slower on this machine kind (the thread hand-offs cost more than a signature).
    public func prepare(_ requests: [OrderRequest], tick: TickSize, firstSalt: UInt64, nowMilliseconds now: Int64) -> [Outcome] {
        requests.enumerated().map { prepare($1, tick: tick, salt: firstSalt &+ UInt64($0), now: now) }
    }

    func prepare(_ request: OrderRequest, tick: TickSize, salt: UInt64, now: Int64) -> Outcome {
        let (type, expiration) = Self.orderType(request.timeInForce)
        guard let amounts = try? ExactAmounts.limit(side: request.side, price: request.price, size: request.size, tick: tick),
            let token = request.outcome == .yes ? tokenIDs.yes : tokenIDs.no
        else { return .refused(PostResult(clientID: request.clientID, orderID: nil, outcome: .notSent(message: "price or size off the market's grid"))) }
        let order = signer.makeOrder(
            tokenID: token, side: request.side, amounts: amounts, salt: UInt256(salt), timestampMilliseconds: UInt64(now), expiration: expiration,
            exchange: Exchange(negRisk: market.negRisk))
        let intent = OrderIntent(
            orderID: order.orderIDHex, clientID: request.clientID, market: market.id, assetID: market.token(request.outcome), outcome: request.outcome,
            side: request.side, price: request.price, size: request.size, orderType: type.rawValue, postOnly: request.postOnly,
            signedBody: OrderBody.postOrder(order, owner: apiKey, orderType: type, postOnly: request.postOnly), createdAtMilliseconds: now)
        return .signed(Prepared(request: request, order: order, type: type, intent: intent))
    }

    static func orderType(_ timeInForce: OrderRequest.TimeInForce) -> (OrderType, UInt64) {
        switch timeInForce {
        case .goodTillCancelled: (.gtc, 0)
        case .goodTillDate(let expiration): (.gtd, UInt64(max(expiration, 0)))
        case .fillAndKill: (.fak, 0)
        }
    }
}
