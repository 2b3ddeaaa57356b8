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

/// The CTF Exchange V2 contracts; the neg-risk exchange signs orders of `neg_risk` markets.
public enum Exchange: Sendable, Hashable, CaseIterable {
    case standard
    case negRisk

    /// Same addresses on Polygon and Amoy.
    public var address: Address {
        switch self {
        case .standard: Address("0xE111180000d2663C0091e4f400237545B87B996B")!
        case .negRisk: Address("0xe2222d279d744050d28e00520010520000310F59")!
        }
    }

    public init(negRisk: Bool) { self = negRisk ? .negRisk : .standard }

    /// The order domain: "Polymarket CTF Exchange", version "2", the chain and this contract.
    public func domainSeparator(chain: Chain) -> [UInt8] {
        switch (self, chain) {
        case (.standard, .polygon): Self.cache.standardPolygon
        case (.negRisk, .polygon): Self.cache.negRiskPolygon
        case (.standard, .amoy): Self.cache.standardAmoy
        case (.negRisk, .amoy): Self.cache.negRiskAmoy
        }
    }

    private struct Cache {
        let standardPolygon = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 137, verifyingContract: Exchange.standard.address)
        let negRiskPolygon = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 137, verifyingContract: Exchange.negRisk.address)
        let standardAmoy = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 80002, verifyingContract: Exchange.standard.address)
        let negRiskAmoy = EIP712.domainSeparator(name: Exchange.domainName, version: "2", chainID: 80002, verifyingContract: Exchange.negRisk.address)
    }

    private static let cache = Cache()
    public static let domainName = "Polymarket CTF Exchange"
}
