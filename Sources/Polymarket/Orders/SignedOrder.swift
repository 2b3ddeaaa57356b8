import MMCore

/// Order time-in-force as the CLOB names it.
public enum OrderType: String, Sendable, Hashable, CaseIterable {
    /// Good till cancelled.
    case gtc = "GTC"
    /// Good till date: `expiration` (Unix seconds) minus the venue's one-minute security threshold.
    case gtd = "GTD"
    /// Fill or kill (market orders).
    case fok = "FOK"
    /// Fill and kill: partial fills allowed, the rest cancelled (market orders).
    case fak = "FAK"
}

/// A V2 order with its signature, ready to post.
public struct SignedOrder: Sendable, Hashable {
    public var order: OrderV2
    /// 65 bytes for types 0–2; the 317-byte ERC-7739 wrapper for type 3.
    public var signature: [UInt8]
    /// The EIP-712 order digest, as lanes.
    let orderIDWord: Bytes32
    /// `0x`-prefixed lower-case order id: the id the CLOB returns as `orderID`. Written once when the
    /// order is signed, since the engine reads it several times per order.
    public let orderIDHex: String

    init(order: OrderV2, signature: [UInt8], orderID: Bytes32) {
        self.order = order
        self.signature = signature
        orderIDWord = orderID
        orderIDHex = Hex.encode(orderID)
    }

    /// The EIP-712 order digest: the id the CLOB returns as `orderID`.
    public var orderID: [UInt8] { orderIDWord.bytes }
}

/// Signs V2 orders for one key, chain and signature type.
///
/// Maker and signer follow the signature type: type 0 uses the EOA for both; types 1 and 2 use the
/// funder (proxy or safe) as maker and the EOA as signer; type 3 uses the deposit wallet for both and
/// wraps the EOA's signature (``Poly1271``).
public struct OrderSigner: Sendable {
    public let key: PrivateKey
    public let chain: Chain
    public let signatureType: SignatureType
    /// The wallet holding the funds: the EOA for type 0, else the configured proxy, safe or deposit wallet.
    public let funder: Address

    public init(key: PrivateKey, chain: Chain, signatureType: SignatureType, funder: Address? = nil) throws(OrderBuildError) {
        if signatureType != .eoa, funder == nil { throw .funderRequired(signatureType) }
        self.key = key
        self.chain = chain
        self.signatureType = signatureType
        self.funder = signatureType == .eoa ? key.address : funder!
    }

    public var maker: Address { funder }
    public var signer: Address { signatureType == .poly1271 ? funder : key.address }

    /// Signs `order` (whose maker, signer and type must be this signer's) for `exchange`.
    ///
    /// The hashing runs on lanes with the domain separator cached per (exchange, chain); apart from the
    /// secp256k1 signature itself, the only allocations are the signature bytes and the order id string.
    public func sign(_ order: OrderV2, exchange: Exchange) -> SignedOrder {
        let domain = exchange.domainSeparatorWord(chain: chain)
        let structHash = order.structHashWord
        let digest = EIP712.digest(domainSeparator: domain, structHash: structHash)
        switch order.signatureType {
        case .poly1271:
            let innerDigest = Poly1271.innerDigest(structHash: structHash, signer: order.signer, appDomainSeparator: domain, chain: chain)
            let inner = Signature(validated: key.signatureBytes(digest: innerDigest))
            let wrapped = Poly1271.wrap(innerSignature: inner, appDomainSeparator: domain.bytes, contentsHash: structHash.bytes)
            return SignedOrder(order: order, signature: wrapped, orderID: digest)
        case .eoa, .polyProxy, .polyGnosisSafe:
            return SignedOrder(order: order, signature: key.signatureBytes(digest: digest), orderID: digest)
        }
    }

    /// Builds and signs a limit order in one step.
    public func makeOrder(
        tokenID: UInt256, side: Side, amounts: OrderAmounts, salt: UInt256, timestampMilliseconds: UInt64, expiration: UInt64 = 0,
        exchange: Exchange, metadata: [UInt8] = OrderV2.zeroBytes32, builder: [UInt8] = OrderV2.zeroBytes32
    ) -> SignedOrder {
        let order = OrderV2(
            salt: salt, maker: maker, signer: signer, tokenID: tokenID, makerAmount: amounts.maker, takerAmount: amounts.taker, side: side,
            signatureType: signatureType, timestampMilliseconds: timestampMilliseconds, metadata: metadata, builder: builder, expiration: expiration)
        return sign(order, exchange: exchange)
    }
}

/// Why an order could not be built.
public enum OrderBuildError: Error, Hashable, CustomStringConvertible {
    case funderRequired(SignatureType)
    case priceOffGrid(price: String, tick: String)
    case priceOutOfRange(price: String, tick: String)
    case sizeTooPrecise(String)
    case amountOverflow
    case postOnlyNotAllowed(OrderType)
    case batchTooLarge(Int)

    public var description: String {
        switch self {
        case .funderRequired(let type): "signature type \(type) needs a funder address (the proxy, safe or deposit wallet)"
        case .priceOffGrid(let price, let tick): "price \(price) is not on the tick grid \(tick); the venue would reject it"
        case .priceOutOfRange(let price, let tick): "invalid price (\(price)), min: \(tick) - max: 1 - \(tick)"
        case .sizeTooPrecise(let size): "size \(size) has more than 2 decimals"
        case .amountOverflow: "the order amount does not fit in 64 bits"
        case .postOnlyNotAllowed(let type): "post_only is not supported for \(type.rawValue) orders"
        case .batchTooLarge(let count): "Too many orders in payload: \(count), max allowed: 15"
        }
    }
}
