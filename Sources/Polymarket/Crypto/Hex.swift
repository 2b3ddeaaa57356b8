/// Lower-case `0x` hex encoding and tolerant decoding of byte strings.
public enum Hex {
    /// `0x`-prefixed lower-case hex.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0), prefix: prefix) }) { return text }
        return Array(bytes).withUnsafeBytes { encode($0, prefix: prefix) }
    }

    /// `0x` and 64 lower-case hex digits (an order id), written straight into the string's storage.
    static func encode(_ word: Bytes32) -> String { word.withUnsafeBytes { encode($0, prefix: true) } }

    static func encode(_ bytes: UnsafeRawBufferPointer, prefix: Bool) -> String {
        let length = bytes.count * 2 + (prefix ? 2 : 0)
        return String(unsafeUninitializedCapacity: length) { out in
            var index = 0
            if prefix {
                out[0] = UInt8(ascii: "0")
                out[1] = UInt8(ascii: "x")
                index = 2
            }
            for byte in bytes {
                out[index] = digit(byte &>> 4)
                out[index &+ 1] = digit(byte & 0x0F)
                index &+= 2
            }
            return length
        }
    }

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? nibble &+ 48 : nibble &+ 87 }

    /// Decodes hex with or without `0x`; `nil` on an odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var utf8 = Substring(text).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"), let x = utf8.dropFirst().first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for char in utf8 {
            guard let nibble = Self.nibble(char) else { return nil }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
