/// EIP-712 hashing: domain separators, struct hashes and the `0x1901` digest.
public enum EIP712 {
    static let domainWithContractTypeHash = Keccak256.hash(utf8: "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    static let domainWithoutContractTypeHash = Keccak256.hash(utf8: "EIP712Domain(string name,string version,uint256 chainId)")

    /// keccak256(typeHash ‖ keccak(name) ‖ keccak(version) ‖ chainId [‖ verifyingContract]).
    public static func domainSeparator(name: String, version: String, chainID: UInt64, verifyingContract: Address?) -> [UInt8] {
        var state = Keccak256.State()
        state.absorb(verifyingContract == nil ? domainWithoutContractTypeHash : domainWithContractTypeHash)
        state.absorb(Keccak256.hash(utf8: name))
        state.absorb(Keccak256.hash(utf8: version))
        state.absorb(UInt256(chainID).bigEndianBytes)
        if let verifyingContract { state.absorb(verifyingContract.word) }
        return state.finalize()
    }

    /// keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash): what is signed, and for orders the order id.
    public static func digest(domainSeparator: [UInt8], structHash: [UInt8]) -> [UInt8] {
        digest(domainSeparator: Bytes32(domainSeparator), structHash: Bytes32(structHash)).bytes
    }

    /// The same digest on lanes: the 66-byte message is one block, whose lanes are the two words shifted
    /// by the two prefix bytes, so nothing is copied into a buffer.
    static func digest(domainSeparator d: Bytes32, structHash s: Bytes32) -> Bytes32 {
        var state = Keccak256.State()
        state.absorb(lane: 0x0119 | d.lanes.0 &<< 16)
        state.absorb(lane: d.lanes.0 &>> 48 | d.lanes.1 &<< 16)
        state.absorb(lane: d.lanes.1 &>> 48 | d.lanes.2 &<< 16)
        state.absorb(lane: d.lanes.2 &>> 48 | d.lanes.3 &<< 16)
        state.absorb(lane: d.lanes.3 &>> 48 | s.lanes.0 &<< 16)
        state.absorb(lane: s.lanes.0 &>> 48 | s.lanes.1 &<< 16)
        state.absorb(lane: s.lanes.1 &>> 48 | s.lanes.2 &<< 16)
        state.absorb(lane: s.lanes.2 &>> 48 | s.lanes.3 &<< 16)
        state.absorb(partialLane: s.lanes.3 &>> 48, count: 2)
        return state.finalizeWord()
    }
}

/// The chains the CLOB runs on.
public enum Chain: UInt64, Sendable, Hashable, CaseIterable {
    case polygon = 137
    case amoy = 80002
}

/// The CTF Exchange contracts; the neg-risk exchange signs orders of `neg_risk` markets, and the
/// "V3" exchange (domain version "3") orders that name a Combos `position_id`.
public enum Exchange: Sendable, Hashable, CaseIterable {
    case standard
    case negRisk
    case v3

    /// The verifying contract; V2 exchanges have the same address on Polygon and Amoy.
    public func address(chain: Chain) -> Address {
        switch (self, chain) {
        case (.standard, _): Address("0xE111180000d2663C0091e4f400237545B87B996B")!
        case (.negRisk, _): Address("0xe2222d279d744050d28e00520010520000310F59")!
        case (.v3, .polygon): Address("0xe3333700cA9d93003F00f0F71f8515005F6c00Aa")!
        case (.v3, .amoy): Address("0x9fE6e61422AdB6F610d8597F9684b16912D50C3D")!
        }
    }

    /// The Polygon address (the V2 exchanges have no other).
    public var address: Address { address(chain: .polygon) }

    /// The domain version: "2" for the V2 exchanges, "3" for the V3 exchange.
    public var domainVersion: String { self == .v3 ? "3" : "2" }

    public init(negRisk: Bool) { self = negRisk ? .negRisk : .standard }

    /// The order domain: "Polymarket CTF Exchange", the version, the chain and this contract.
    public func domainSeparator(chain: Chain) -> [UInt8] { domainSeparatorWord(chain: chain).bytes }

    /// The same, as lanes; computed once per (exchange, chain) for the life of the process.
    func domainSeparatorWord(chain: Chain) -> Bytes32 {
        switch (self, chain) {
        case (.standard, .polygon): Self.cache.standardPolygon
        case (.negRisk, .polygon): Self.cache.negRiskPolygon
        case (.standard, .amoy): Self.cache.standardAmoy
        case (.negRisk, .amoy): Self.cache.negRiskAmoy
        case (.v3, .polygon): Self.cache.v3Polygon
        case (.v3, .amoy): Self.cache.v3Amoy
        }
    }

    private struct Cache {
        let standardPolygon = Cache.separator(.standard, .polygon)
        let negRiskPolygon = Cache.separator(.negRisk, .polygon)
        let standardAmoy = Cache.separator(.standard, .amoy)
        let negRiskAmoy = Cache.separator(.negRisk, .amoy)
        let v3Polygon = Cache.separator(.v3, .polygon)
        let v3Amoy = Cache.separator(.v3, .amoy)

        static func separator(_ exchange: Exchange, _ chain: Chain) -> Bytes32 {
            Bytes32(
                EIP712.domainSeparator(
                    name: Exchange.domainName, version: exchange.domainVersion, chainID: chain.rawValue, verifyingContract: exchange.address(chain: chain)))
        }
    }

    private static let cache = Cache()
    public static let domainName = "Polymarket CTF Exchange"
}
