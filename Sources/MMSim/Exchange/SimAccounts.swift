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
