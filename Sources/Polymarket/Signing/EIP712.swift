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
        var state = Keccak256.State()
        state.absorb([0x19, 0x01])
        state.absorb(domainSeparator)
        state.absorb(structHash)
        return state.finalize()
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
    public func domainSeparator(chain: Chain) -> [UInt8] {
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
        let standardPolygon = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 137, verifyingContract: Exchange.standard.address)
        let negRiskPolygon = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 137, verifyingContract: Exchange.negRisk.address)
        let standardAmoy = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 80002, verifyingContract: Exchange.standard.address)
        let negRiskAmoy = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 80002, verifyingContract: Exchange.negRisk.address)
        let v3Polygon = EIP712.domainSeparator(name: Exchange.domainName, version: "3", chainID: 137, verifyingContract: Exchange.v3.address(chain: .polygon))
        let v3Amoy = EIP712.domainSeparator(name: Exchange.domainName, version: "3", chainID: 80002, verifyingContract: Exchange.v3.address(chain: .amoy))
    }

    private static let cache = Cache()
    public static let domainName = "Polymarket CTF Exchange"
}
