/// Ethereum's Keccak-256: Keccak-f[1600] with rate 136 bytes and the original `0x01` padding.
///
/// This is *not* FIPS SHA3-256 (which pads with `0x06`); swift-crypto only ships the latter, so the
/// permutation is implemented here and checked against the golden vectors and known answers.
public enum Keccak256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var state = State()
        state.absorb(bytes)
        return state.finalize()
    }

    /// Hashes the UTF-8 bytes of `text`.
    public static func hash(utf8 text: String) -> [UInt8] { hash(Array(text.utf8)) }

    /// An incremental hasher, so multi-part inputs (EIP-712 encodings) need no concatenation buffer.
    public struct State: Sendable {
        private var lanes = [UInt64](repeating: 0, count: 25)
        private var buffer = [UInt8](repeating: 0, count: 136)
        private var filled = 0
        static let rate = 136

        public init() {}

        public mutating func absorb(_ bytes: some Collection<UInt8>) {
            for byte in bytes {
                buffer[filled] = byte
                filled += 1
                if filled == Self.rate {
                    absorbBlock()
                    filled = 0
                }
            }
        }

        public mutating func finalize() -> [UInt8] {
            for index in filled..<Self.rate { buffer[index] = 0 }
            buffer[filled] ^= 0x01
            buffer[Self.rate - 1] ^= 0x80
            absorbBlock()
            var out = [UInt8]()
            out.reserveCapacity(32)
            for lane in 0..<4 {
                var value = lanes[lane]
                for _ in 0..<8 {
                    out.append(UInt8(truncatingIfNeeded: value))
                    value >>= 8
                }
            }
            return out
        }

        private mutating func absorbBlock() {
            buffer.withUnsafeBytes { raw in
                for lane in 0..<(Self.rate / 8) {
                    lanes[lane] ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self))
                }
            }
            lanes.withUnsafeMutableBufferPointer { Self.permute($0) }
        }

        private static let roundConstants: [UInt64] = [
            0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
            0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
            0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
            0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
            0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
            0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
        ]
        /// Rotation offsets and destination lanes of the combined ρ and π steps, following lane 1's orbit.
        private static let rotations: [UInt64] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
        private static let piLanes: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]

        private static func permute(_ a: UnsafeMutableBufferPointer<UInt64>) {
            var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            for round in 0..<24 {
                // θ
                c.0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
                c.1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
                c.2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
                c.3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
                c.4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
                let d0 = c.4 ^ rotl(c.1, 1)
                let d1 = c.0 ^ rotl(c.2, 1)
                let d2 = c.1 ^ rotl(c.3, 1)
                let d3 = c.2 ^ rotl(c.4, 1)
                let d4 = c.3 ^ rotl(c.0, 1)
                for row in stride(from: 0, to: 25, by: 5) {
                    a[row] ^= d0
                    a[row + 1] ^= d1
                    a[row + 2] ^= d2
                    a[row + 3] ^= d3
                    a[row + 4] ^= d4
                }
                // ρ and π
                var current = a[1]
                for step in 0..<24 {
                    let target = piLanes[step]
                    let next = a[target]
                    a[target] = rotl(current, rotations[step])
                    current = next
                }
                // χ
                for row in stride(from: 0, to: 25, by: 5) {
                    let b0 = a[row], b1 = a[row + 1], b2 = a[row + 2], b3 = a[row + 3], b4 = a[row + 4]
                    a[row] = b0 ^ (~b1 & b2)
                    a[row + 1] = b1 ^ (~b2 & b3)
                    a[row + 2] = b2 ^ (~b3 & b4)
                    a[row + 3] = b3 ^ (~b4 & b0)
                    a[row + 4] = b4 ^ (~b0 & b1)
                }
                // ι
                a[0] ^= roundConstants[round]
            }
        }

        @inline(__always)
        private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }
    }
}
