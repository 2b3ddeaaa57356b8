/// Ethereum's Keccak-256: Keccak-f[1600] with rate 136 bytes and the original `0x01` padding.
///
/// This is *not* FIPS SHA3-256 (which pads with `0x06`); swift-crypto only ships the latter, so the
/// sponge and the permutation (``KeccakF1600``) are implemented here and checked against the golden
/// vectors and known answers.
public enum Keccak256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var state = State()
        state.absorb(bytes)
        return state.finalize()
    }

    /// Hashes the UTF-8 bytes of `text`.
    public static func hash(utf8 text: String) -> [UInt8] {
        var state = State()
        var text = text
        text.withUTF8 { state.absorb(UnsafeRawBufferPointer($0)) }
        return state.finalize()
    }

    /// The digest of `bytes` as lanes, for the signing path.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> Bytes32 {
        var state = State()
        state.absorb(bytes)
        return state.finalizeWord()
    }

    /// An incremental hasher, so multi-part inputs (EIP-712 encodings) need no concatenation buffer.
    ///
    /// Input is XORed into the state lanes directly: whole 8-byte lanes at a time when aligned, single
    /// bytes only at the edges. The state is 25 lanes inline (no heap).
    public struct State: Sendable {
        private var lanes = KeccakF1600.zero
        /// Bytes absorbed into the current block, 0 ..< 136.
        private var filled = 0
        static let rate = 136

        public init() {}

        public mutating func absorb(_ bytes: some Collection<UInt8>) {
            if bytes.withContiguousStorageIfAvailable({ absorb(UnsafeRawBufferPointer($0)) }) != nil { return }
            Array(bytes).withUnsafeBytes { absorb($0) }
        }

        mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
            var offset = 0
            let count = bytes.count
            // Leading bytes up to a lane boundary.
            while offset < count, filled & 7 != 0 {
                xorByte(bytes[offset])
                offset += 1
            }
            while count - offset >= 8 {
                absorb(lane: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            while offset < count {
                xorByte(bytes[offset])
                offset += 1
            }
        }

        /// Absorbs 8 bytes given as their little-endian lane; the state must be at a lane boundary.
        @inline(__always)
        mutating func absorb(lane: UInt64) {
            assert(filled & 7 == 0, "lane absorption at a lane boundary")
            xor(lane, at: filled &>> 3)
            filled &+= 8
            if filled == Self.rate {
                KeccakF1600.permute(&lanes)
                filled = 0
            }
        }

        /// Absorbs a 32-byte word as four lanes; the state must be at a lane boundary.
        @inline(__always)
        mutating func absorb(word: Bytes32) {
            absorb(lane: word.lanes.0)
            absorb(lane: word.lanes.1)
            absorb(lane: word.lanes.2)
            absorb(lane: word.lanes.3)
        }

        /// Absorbs the low `count` (< 8) bytes of `lane`; the state must be at a lane boundary. Only the
        /// last input of a message may be partial.
        mutating func absorb(partialLane lane: UInt64, count: Int) {
            assert(filled & 7 == 0 && count < 8, "a partial lane ends the input")
            xor(lane, at: filled &>> 3)
            filled &+= count
        }

        private mutating func xorByte(_ byte: UInt8) {
            xor(UInt64(byte) &<< UInt64((filled & 7) &* 8), at: filled &>> 3)
            filled &+= 1
            if filled == Self.rate {
                KeccakF1600.permute(&lanes)
                filled = 0
            }
        }

        @inline(__always)
        private mutating func xor(_ value: UInt64, at index: Int) {
            withUnsafeMutableBytes(of: &lanes) { raw in
                let offset = index &* 8
                raw.storeBytes(of: raw.load(fromByteOffset: offset, as: UInt64.self) ^ value, toByteOffset: offset, as: UInt64.self)
            }
        }

        /// Pads (`0x01 … 0x80`), permutes and returns the digest as lanes.
        mutating func finalizeWord() -> Bytes32 {
            xor(UInt64(0x01) &<< UInt64((filled & 7) &* 8), at: filled &>> 3)
            xor(UInt64(0x80) &<< 56, at: Self.rate / 8 - 1)
            KeccakF1600.permute(&lanes)
            filled = 0
            return Bytes32(lanes: (lanes.0, lanes.1, lanes.2, lanes.3))
        }

        public mutating func finalize() -> [UInt8] { finalizeWord().bytes }
    }
}
