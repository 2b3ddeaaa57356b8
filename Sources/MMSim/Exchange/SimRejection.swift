/// A refusal with the venue's HTTP status and error text, so clients see what the real venue would say.
public struct SimRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var extraJSON: String?

    public init(status: Int = 400, _ message: String, extraJSON: String? = nil) {
        self.status = status
        self.message = message
        self.extraJSON = extraJSON
    }

    public var description: String { "\(status) \(message)" }

    static let notEnoughBalance = SimRejection("not enough balance / allowance")
    static let crossesBook = SimRejection("invalid post-only order: order crosses book")
    static let signerNotKey = SimRejection("the order signer address has to be the address of the API KEY")
    static let ownerNotKey = SimRejection("the order owner has to be the owner of the API KEY")
    static let invalidSignature = SimRejection("invalid signature")
    static let invalidPayload = SimRejection("Invalid order payload")
    /// An order signed for the V1 exchange (struct or domain); clients re-query `GET /version` on it.
    static let versionMismatch = SimRejection("order_version_mismatch: the order is signed for the CTF Exchange V1, this venue runs V2 (GET /version)")
    /// A GTD order without an expiration, or one earlier than now + the one-minute security threshold.
    static let invalidExpiration = SimRejection("invalid expiration")
}
