/// The ERC-7739 "TypedDataSign" wrapping of a deposit-wallet (signature type 3) order signature.
///
/// The wallet owner never signs the order digest itself. It signs
/// `keccak256(0x1901 ‖ appDomainSep ‖ hash(TypedDataSign(contents, "DepositWallet", "1", chainId, wallet, 0)))`
/// and the 317-byte signature carries innerSig ‖ appDomainSep ‖ contentsHash ‖ the order type string ‖
/// its length as uint16, so the wallet can rebuild and check the nested hash (ERC-1271 + ERC-7739).
public enum Poly1271 {
    static let typedDataSignTypeHash = Keccak256.hash(
        utf8: "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)" + OrderV2.typeString)
    static let walletName = Keccak256.hash(utf8: "DepositWallet")
    static let walletVersion = Keccak256.hash(utf8: "1")
    private static let typedDataSignTypeHashWord = Bytes32(typedDataSignTypeHash)
    private static let walletNameWord = Bytes32(walletName)
    private static let walletVersionWord = Bytes32(walletVersion)

    /// The digest the owner key signs.
    public static func innerDigest(order: OrderV2, appDomainSeparator: [UInt8], chain: Chain) -> [UInt8] {
        innerDigest(structHash: order.structHashWord, signer: order.signer, appDomainSeparator: Bytes32(appDomainSeparator), chain: chain).bytes
    }

    static func innerDigest(structHash: Bytes32, signer: Address, appDomainSeparator: Bytes32, chain: Chain) -> Bytes32 {
        var state = Keccak256.State()
        state.absorb(word: typedDataSignTypeHashWord)
        state.absorb(word: structHash)
        state.absorb(word: walletNameWord)
        state.absorb(word: walletVersionWord)
        state.absorb(word: Bytes32(word: chain.rawValue))
        state.absorb(word: Bytes32(address: signer))
        state.absorb(word: .zero)
        return EIP712.digest(domainSeparator: appDomainSeparator, structHash: state.finalizeWord())
    }

    /// innerSig(65) ‖ appDomainSep(32) ‖ contentsHash(32) ‖ type string(186) ‖ uint16_be(186).
    public static func wrap(innerSignature: Signature, appDomainSeparator: [UInt8], contentsHash: [UInt8]) -> [UInt8] {
        let typeBytes = Array(OrderV2.typeString.utf8)
        var out = innerSignature.bytes
        out.reserveCapacity(65 + 32 + 32 + typeBytes.count + 2)
        out += appDomainSeparator
        out += contentsHash
        out += typeBytes
        out += [UInt8(typeBytes.count >> 8), UInt8(typeBytes.count & 0xFF)]
        return out
    }

    /// Splits a wrapped signature back into its parts (the simulator verifies type-3 orders with this).
    public static func unwrap(_ bytes: [UInt8]) -> (inner: Signature, appDomainSeparator: [UInt8], contentsHash: [UInt8], typeString: String)? {
        guard bytes.count >= 65 + 64 + 2 else { return nil }
        let length = Int(bytes[bytes.count - 2]) << 8 | Int(bytes[bytes.count - 1])
        guard bytes.count == 65 + 64 + length + 2, let inner = Signature(bytes: Array(bytes[0..<65])) else { return nil }
        let typeString = String(decoding: bytes[129..<(129 + length)], as: UTF8.self)
        return (inner, Array(bytes[65..<97]), Array(bytes[97..<129]), typeString)
    }
}
