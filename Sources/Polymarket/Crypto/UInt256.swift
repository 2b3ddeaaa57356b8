/// An unsigned 256-bit integer: token ids, salts and EIP-712 words.
///
/// Only what the protocol needs: decimal and big-endian conversions, comparison, addition, and the
/// modular arithmetic of the CTF position-id derivation. Limbs are little-endian `UInt64`s.
public struct UInt256: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Least significant limb first.
    public var limbs: (UInt64, UInt64, UInt64, UInt64)

    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }
    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }

    public static let zero = UInt256(0)

    /// Parses a decimal string of up to 78 digits; `nil` when it is not decimal or exceeds 2²⁵⁶ − 1.
    public init?(decimal text: some StringProtocol) {
        guard !text.isEmpty else { return nil }
        var value = UInt256.zero
        for char in text.utf8 {
            guard char >= 48, char <= 57 else { return nil }
            guard let times10 = value.multipliedReportingOverflow(by: 10), let next = times10.addingReportingOverflow(UInt64(char - 48)) else { return nil }
            value = next
        }
        self = value
    }

    /// From 32 big-endian bytes (shorter input is left-padded with zeros).
    public init(bigEndian bytes: some Collection<UInt8>) {
        precondition(bytes.count <= 32, "a 256-bit value has at most 32 bytes")
        var padded = [UInt8](repeating: 0, count: 32 - bytes.count)
        padded += bytes
        func limb(_ i: Int) -> UInt64 { padded[(i * 8)..<(i * 8 + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        limbs = (limb(3), limb(2), limb(1), limb(0))
    }

    /// The 32-byte big-endian encoding (an ABI word).
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for limb in [limbs.3, limbs.2, limbs.1, limbs.0] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    var array: [UInt64] { [limbs.0, limbs.1, limbs.2, limbs.3] }
    init(array a: [UInt64]) { limbs = (a[0], a[1], a[2], a[3]) }

    public var isZero: Bool { limbs.0 == 0 && limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        (lhs.limbs.3, lhs.limbs.2, lhs.limbs.1, lhs.limbs.0) < (rhs.limbs.3, rhs.limbs.2, rhs.limbs.1, rhs.limbs.0)
    }

    public static func == (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.limbs.0 == rhs.limbs.0 && lhs.limbs.1 == rhs.limbs.1 && lhs.limbs.2 == rhs.limbs.2 && lhs.limbs.3 == rhs.limbs.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0)
        hasher.combine(limbs.1)
        hasher.combine(limbs.2)
        hasher.combine(limbs.3)
    }

    func multipliedReportingOverflow(by factor: UInt64) -> UInt256? {
        var out = [UInt64](repeating: 0, count: 4)
        var carry: UInt64 = 0
        for (i, limb) in array.enumerated() {
            let (high, low) = limb.multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            out[i] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        return carry == 0 ? UInt256(array: out) : nil
    }

    func addingReportingOverflow(_ addend: UInt64) -> UInt256? {
        var out = array
        var carry = addend
        for i in 0..<4 where carry != 0 {
            let (sum, overflow) = out[i].addingReportingOverflow(carry)
            out[i] = sum
            carry = overflow ? 1 : 0
        }
        return carry == 0 ? UInt256(array: out) : nil
    }

    /// Divides by a small divisor, returning quotient and remainder.
    func quotientAndRemainder(dividingBy divisor: UInt64) -> (UInt256, UInt64) {
        var out = [UInt64](repeating: 0, count: 4)
        var remainder: UInt64 = 0
        let a = array
        for i in stride(from: 3, through: 0, by: -1) {
            let (q, r) = divisor.dividingFullWidth((high: remainder, low: a[i]))
            out[i] = q
            remainder = r
        }
        return (UInt256(array: out), remainder)
    }

    /// The decimal digits, e.g. a token id as the venue sends it.
    public var description: String {
        if isZero { return "0" }
        var digits = [UInt8]()
        var value = self
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            var chunk = r
            let pad = q.isZero ? 0 : 19
            var written = 0
            while chunk > 0 || written < pad {
                digits.append(UInt8(chunk % 10) + 48)
                chunk /= 10
                written += 1
            }
            value = q
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
