import MMCore

/// Balances of one funder address: pUSD and outcome tokens, each with the part reserved by resting orders.
public struct SimBalance: Sendable, Hashable {
    public var collateral: Int64 = 0
    public var reservedCollateral: Int64 = 0
    public var tokens: [String: Int64] = [:]
    public var reservedTokens: [String: Int64] = [:]

    public init(collateral: Int64 = 0, tokens: [String: Int64] = [:]) {
        self.collateral = collateral
        self.tokens = tokens
    }

    public var availableCollateral: Int64 { collateral - reservedCollateral }
    public func availableTokens(_ token: String) -> Int64 { tokens[token, default: 0] - reservedTokens[token, default: 0] }
}

/// An API key the simulator issued: derived deterministically from the address and nonce, like the venue's.
public struct SimAPIKey: Sendable, Hashable {
    public var key: String
    public var secret: String
    public var passphrase: String
    /// The EOA the key is bound to (L1/L2 `POLY_ADDRESS`).
    public var address: String
}

/// What an address approved the exchanges to move: pUSD (`approve`, base units; `Int64.max` stands for an
/// unlimited approval) and its outcome tokens (`setApprovalForAll`). One value for both V2 exchanges and
/// the neg-risk adapter: the venue refuses an order whose funder has not approved the one it trades on.
public struct SimApprovals: Sendable, Hashable {
    public var collateral: Int64
    public var conditional: Bool

    public init(collateral: Int64 = .max, conditional: Bool = true) {
        self.collateral = collateral
        self.conditional = conditional
    }

    /// An allowance as the venue prints it: an unlimited one is uint256's maximum, as approved by the clients.
    public var collateralText: String { collateral == .max ? Self.unlimited : String(collateral) }
    public var conditionalText: String { conditional ? Self.unlimited : "0" }
    static let unlimited = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
}
