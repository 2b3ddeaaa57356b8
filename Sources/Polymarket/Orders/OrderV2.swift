import MMCore

/// How an order is signed and whose funds it uses (CLOB V2 signature types).
public enum SignatureType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A plain EOA: maker = signer = the key's address.
    case eoa = 0
    /// A Polymarket proxy wallet (email accounts): maker = proxy, signer = EOA.
    case polyProxy = 1
    /// A Polymarket Gnosis Safe (browser wallets): maker = safe, signer = EOA.
    case polyGnosisSafe = 2
    /// A deposit wallet (ERC-1271): maker = signer = the wallet; the EOA signs an ERC-7739 wrapper.
    case poly1271 = 3

    public var description: String {
        switch self {
        case .eoa: "EOA"
        case .polyProxy: "POLY_PROXY"
        case .polyGnosisSafe: "POLY_GNOSIS_SAFE"
        case .poly1271: "POLY_1271"
        }
    }
}

/// The 11 signed fields of a CLOB V2 order, plus the unsigned `expiration` that travels with it.
public struct OrderV2: Sendable, Hashable {
    public var salt: UInt256
    public var maker: Address
    public var signer: Address
    public var tokenID: UInt256
    /// Base units: pUSD for a BUY, shares for a SELL.
    public var makerAmount: UInt64
    /// Base units: shares for a BUY, pUSD for a SELL.
    public var takerAmount: UInt64
    public var side: Side
    public var signatureType: SignatureType
    /// Creation time, Unix milliseconds (uniqueness, not expiry).
    public var timestampMilliseconds: UInt64
    public var metadata: [UInt8]
    public var builder: [UInt8]
    /// GTD expiry, Unix seconds; 0 = none. Sent in the body, not signed.
    public var expiration: UInt64

    public init(
        salt: UInt256, maker: Address, signer: Address, tokenID: UInt256, makerAmount: UInt64, takerAmount: UInt64, side: Side,
        signatureType: SignatureType, timestampMilliseconds: UInt64, metadata: [UInt8] = OrderV2.zeroBytes32,
        builder: [UInt8] = OrderV2.zeroBytes32, expiration: UInt64 = 0
    ) {
        self.salt = salt
        self.maker = maker
        self.signer = signer
        self.tokenID = tokenID
        self.makerAmount = makerAmount
        self.takerAmount = takerAmount
        self.side = side
        self.signatureType = signatureType
        self.timestampMilliseconds = timestampMilliseconds
        self.metadata = metadata
        self.builder = builder
        self.expiration = expiration
    }

    public static let zeroBytes32 = [UInt8](repeating: 0, count: 32)
    public static let typeString =
        "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"
    static let typeHash = Keccak256.hash(utf8: typeString)
    static let typeHashWord = Bytes32(typeHash)

    /// keccak256(ORDER_TYPEHASH ‖ the eleven fields as 32-byte words).
    public var structHash: [UInt8] { structHashWord.bytes }

    /// The struct hash on lanes: twelve words, 48 lanes, three permutations, no buffer. metadata and builder
    /// are bytes32: shorter input is left-padded as the official client does.
    var structHashWord: Bytes32 {
        var state = Keccak256.State()
        state.absorb(word: Self.typeHashWord)
        state.absorb(word: Bytes32(word: salt))
        state.absorb(word: Bytes32(address: maker))
        state.absorb(word: Bytes32(address: signer))
        state.absorb(word: Bytes32(word: tokenID))
        state.absorb(word: Bytes32(word: makerAmount))
        state.absorb(word: Bytes32(word: takerAmount))
        state.absorb(word: Bytes32(word: side == .buy ? 0 : 1))
        state.absorb(word: Bytes32(word: UInt64(signatureType.rawValue)))
        state.absorb(word: Bytes32(word: timestampMilliseconds))
        state.absorb(word: Bytes32(metadata))
        state.absorb(word: Bytes32(builder))
        return state.finalizeWord()
    }

    /// The EIP-712 digest under `exchange` on `chain`: what types 0–2 sign and the CLOB's order id.
    public func digest(exchange: Exchange, chain: Chain) -> [UInt8] { digestWord(exchange: exchange, chain: chain).bytes }

    func digestWord(exchange: Exchange, chain: Chain) -> Bytes32 {
        EIP712.digest(domainSeparator: exchange.domainSeparatorWord(chain: chain), structHash: structHashWord)
    }
}
