/// Thirty-two bytes held in four 64-bit lanes, without a heap allocation: hashes, digests and ABI words
/// on the signing path.
///
/// Lane `i` is bytes `8i ..< 8i + 8` read little-endian, which is how Keccak reads its input, so a value
/// is absorbed as four lanes without being laid out as bytes first.
struct Bytes32: Hashable, Sendable {
    var lanes: (UInt64, UInt64, UInt64, UInt64)

    init(lanes: (UInt64, UInt64, UInt64, UInt64)) { self.lanes = lanes }

    static let zero = Bytes32(lanes: (0, 0, 0, 0))

    /// Exactly 32 bytes; shorter input is left-padded with zeros and longer input keeps its last 32 bytes,
    /// as the official client converts a bytes32 hex string (`zfill(64)`).
    init(_ bytes: [UInt8]) {
        let exact = bytes.count == 32 ? bytes : bytes.count > 32 ? Array(bytes.suffix(32)) : [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
        lanes = exact.withUnsafeBytes { raw in
            (Self.lane(raw, 0), Self.lane(raw, 8), Self.lane(raw, 16), Self.lane(raw, 24))
        }
    }

    /// The big-endian ABI word of a 256-bit integer.
    init(word value: UInt256) {
        lanes = (value.limbs.3.byteSwapped, value.limbs.2.byteSwapped, value.limbs.1.byteSwapped, value.limbs.0.byteSwapped)
    }

    /// The big-endian ABI word of a small integer (uint8 … uint64 fields).
    init(word value: UInt64) { lanes = (0, 0, 0, value.byteSwapped) }

    /// The ABI word of an address: 12 zero bytes, then the 20 address bytes.
    init(address: Address) {
        lanes = address.bytes.withUnsafeBytes { raw in
            (0, UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian) << 32, Self.lane(raw, 4), Self.lane(raw, 12))
        }
    }

    @inline(__always)
    private static func lane(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The 32 bytes in order.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with the 32 bytes in order (a stack copy; no allocation).
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let ordered = (lanes.0.littleEndian, lanes.1.littleEndian, lanes.2.littleEndian, lanes.3.littleEndian)
        return try Swift.withUnsafeBytes(of: ordered, body)
    }

    static func == (lhs: Bytes32, rhs: Bytes32) -> Bool {
        lhs.lanes.0 == rhs.lanes.0 && lhs.lanes.1 == rhs.lanes.1 && lhs.lanes.2 == rhs.lanes.2 && lhs.lanes.3 == rhs.lanes.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(lanes.0)
        hasher.combine(lanes.1)
        hasher.combine(lanes.2)
        hasher.combine(lanes.3)
    }
}
