import CSecp256k1

/// A secp256k1 private key. It never prints, logs or serialises itself: `description` and
/// `debugDescription` are redacted, so a key cannot leak through string interpolation or a log line.
public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: [UInt8]
    /// The EOA address derived from the key.
    public let address: Address

    /// Loads a key from 64 hex digits (with or without `0x`).
    public init(hex: String) throws(SigningError) {
        let trimmed = hex.trimmingWhitespace
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else { throw .malformedPrivateKey }
        try self.init(bytes: bytes)
    }

    public init(bytes: [UInt8]) throws(SigningError) {
        guard bytes.count == 32, Secp256k1.shared.isValidSecretKey(bytes) else { throw .malformedPrivateKey }
        secret = bytes
        address = Secp256k1.shared.address(ofSecretKey: bytes)
    }

    public var description: String { "PrivateKey(\(address), secret redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["address": address]) }

    /// Signs a 32-byte digest: 65 bytes r ‖ s ‖ v with v ∈ {27, 28}, RFC 6979 deterministic, low-s.
    public func sign(digest: [UInt8]) -> Signature {
        Secp256k1.shared.sign(digest: digest, secretKey: secret)
    }

    /// The 65 signature bytes over a digest held as lanes (the order path).
    func signatureBytes(digest: Bytes32) -> [UInt8] {
        Secp256k1.shared.sign(digest: digest, secretKey: secret)
    }
}

/// A 65-byte recoverable ECDSA signature as Ethereum encodes it.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 65 else { return nil }
        self.bytes = bytes
    }

    /// 65 bytes produced by ``Secp256k1``.
    init(validated bytes: [UInt8]) { self.bytes = bytes }

    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    public var v: UInt8 { bytes[64] }
    public var description: String { Hex.encode(bytes) }

    /// The address that produced this signature over `digest`, or `nil` if it does not recover.
    public func recoverAddress(digest: [UInt8]) -> Address? {
        Secp256k1.shared.recover(signature: bytes, digest: digest)
    }
}

/// Why signing material was refused.
public enum SigningError: Error, Hashable, CustomStringConvertible {
    case malformedPrivateKey
    case malformedAddress(String)
    case malformedTokenID(String)
    case malformedBytes32(String)

    public var description: String {
        switch self {
        case .malformedPrivateKey: "the private key is not 32 bytes of hex in secp256k1's range (value not shown)"
        case .malformedAddress(let text): "'\(text)' is not an address: expected 0x and 40 hex digits (with a valid EIP-55 checksum if mixed-case)"
        case .malformedTokenID(let text): "'\(text)' is not a token id: expected the decimal digits of a 256-bit number"
        case .malformedBytes32(let text): "'\(text)' is not a bytes32 value: expected 0x and up to 64 hex digits"
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
