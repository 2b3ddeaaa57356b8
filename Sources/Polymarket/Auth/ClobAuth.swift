/// L1 authentication: the EIP-712 "ClobAuth" proof that we control the key, used to create or derive
/// API credentials.
public enum ClobAuth {
    public static let message = "This message attests that I control the given wallet"
    static let typeHash = Keccak256.hash(utf8: "ClobAuth(address address,string timestamp,uint256 nonce,string message)")
    static let messageHash = Keccak256.hash(utf8: message)

    /// Domain "ClobAuthDomain", version "1", the chain id, and no verifying contract.
    public static func domainSeparator(chain: Chain) -> [UInt8] {
        EIP712.domainSeparator(name: "ClobAuthDomain", version: "1", chainID: chain.rawValue, verifyingContract: nil)
    }

    /// hash(ClobAuth{address, timestamp (as a decimal *string*), nonce, message}).
    public static func structHash(address: Address, timestampSeconds: UInt64, nonce: UInt64) -> [UInt8] {
        var state = Keccak256.State()
        state.absorb(typeHash)
        state.absorb(address.word)
        state.absorb(Keccak256.hash(utf8: String(timestampSeconds)))
        state.absorb(UInt256(nonce).bigEndianBytes)
        state.absorb(messageHash)
        return state.finalize()
    }

    public static func digest(address: Address, chain: Chain, timestampSeconds: UInt64, nonce: UInt64) -> [UInt8] {
        EIP712.digest(domainSeparator: domainSeparator(chain: chain), structHash: structHash(address: address, timestampSeconds: timestampSeconds, nonce: nonce))
    }

    /// The four L1 headers: POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_NONCE.
    public static func headers(key: PrivateKey, chain: Chain, timestampSeconds: UInt64, nonce: UInt64 = 0) -> [(String, String)] {
        let signature = key.sign(digest: digest(address: key.address, chain: chain, timestampSeconds: timestampSeconds, nonce: nonce))
        return [
            ("POLY_ADDRESS", key.address.checksummed),
            ("POLY_SIGNATURE", signature.description),
            ("POLY_TIMESTAMP", String(timestampSeconds)),
            ("POLY_NONCE", String(nonce)),
        ]
    }
}
