/// The funder wallets of signature types 1 and 2, derived from the owner EOA by CREATE2 exactly as the
/// exchange checks them (`getProxyWalletAddress` / `getSafeWalletAddress` in `Signatures.sol`): an order
/// of those types whose maker is not the wallet its signer owns has an invalid signature on-chain.
public enum FunderWallet {
    /// Polymarket's proxy wallet factory (POLY_PROXY, Magic/email accounts) and its proxy init code hash.
    static let proxyFactory = Address("0xaB45c5A4B0c941a2F231C04C3f49182e1A254052")!
    static let proxyInitCodeHash = Hex.decode("0xd21df8dc65880a8606f09fe0ce3df9b8869287ab0b058be05aa9e8af6330a00b")!
    /// Polymarket's Gnosis Safe factory (POLY_GNOSIS_SAFE, browser-wallet accounts) and its init code hash.
    static let safeFactory = Address("0xaacFeEa03eb1561C4e67d661e40682Bd20E3541b")!
    static let safeInitCodeHash = Hex.decode("0x2bce2127ff07fb632d16c8347c4ebf501f4841168bed00d9e6ef715ddb6fcecf")!

    /// The POLY_PROXY wallet of `owner`: salt = keccak256(encodePacked(owner)).
    public static func proxy(of owner: Address) -> Address {
        create2(factory: proxyFactory, salt: Keccak256.hash(owner.bytes), initCodeHash: proxyInitCodeHash)
    }

    /// The POLY_GNOSIS_SAFE wallet of `owner`: salt = keccak256(abi.encode(owner)).
    public static func safe(of owner: Address) -> Address {
        create2(factory: safeFactory, salt: Keccak256.hash([UInt8](repeating: 0, count: 12) + owner.bytes), initCodeHash: safeInitCodeHash)
    }

    /// The wallet that funds orders of `type` signed by `owner`: the EOA itself for type 0, the derived
    /// proxy or Safe for types 1 and 2; `nil` for type 3, whose deposit wallet is registered, not derived.
    public static func funder(of owner: Address, signatureType type: SignatureType) -> Address? {
        switch type {
        case .eoa: owner
        case .polyProxy: proxy(of: owner)
        case .polyGnosisSafe: safe(of: owner)
        case .poly1271: nil
        }
    }

    /// keccak256(0xff ‖ factory ‖ salt ‖ initCodeHash)[12...].
    static func create2(factory: Address, salt: [UInt8], initCodeHash: [UInt8]) -> Address {
        Address(bytes: Array(Keccak256.hash([0xFF] + factory.bytes + salt + initCodeHash).suffix(20)))!
    }
}
