/// A 20-byte Ethereum address, printed with its EIP-55 checksum as the official clients do.
public struct Address: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    /// EIP-55: upper-case each hex letter whose nibble in keccak256(lower-case hex) is ≥ 8. Computed once
    /// here, because every order body prints the maker and the signer.
    public let checksummed: String

    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
        checksummed = Self.checksum(bytes)
    }

    /// Parses `0x` + 40 hex digits. Mixed-case input must carry a valid EIP-55 checksum.
    public init?(_ text: String) {
        guard text.hasPrefix("0x"), text.count == 42, let bytes = Hex.decode(text), bytes.count == 20 else { return nil }
        self.init(bytes: bytes)
        let body = text.dropFirst(2)
        let isMixed = body.contains(where: \.isUppercase) && body.contains(where: \.isLowercase)
        if isMixed, checksummed != text { return nil }
    }

    public static let zero = Address(bytes: [UInt8](repeating: 0, count: 20))!

    private static func checksum(_ bytes: [UInt8]) -> String {
        let lower = Array(Hex.encode(bytes, prefix: false).utf8)
        let hash = Keccak256.hash(lower)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        out.reserveCapacity(42)
        for (index, char) in lower.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            out.append(char >= UInt8(ascii: "a") && nibble >= 8 ? char - 32 : char)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { checksummed }

    /// The address as a 32-byte ABI word (left-padded).
    var word: [UInt8] { [UInt8](repeating: 0, count: 12) + bytes }

    public static func == (lhs: Address, rhs: Address) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
