/// Arithmetic modulo an odd 256-bit prime in Montgomery form, enough for the alt_bn128 point
/// decompression the Conditional Tokens Framework uses in `getCollectionId`.
///
/// Elements are fixed-width (four `UInt64` limbs on the stack, no heap allocation) and products are
/// reduced word by word (CIOS Montgomery multiplication), so a square root (≈ 380 multiplications)
/// costs microseconds instead of the milliseconds a bit-by-bit reduction took; a simulator listing
/// thousands of markets derives their token ids at start. Not constant-time: it only ever sees
/// public data.
struct PrimeField: Sendable {
    /// A residue in Montgomery form (a·R mod p, R = 2²⁵⁶), always fully reduced (< p).
    struct Element: Sendable, Equatable {
        var limbs: SIMD4<UInt64>
    }

    let modulus: UInt256
    private let p: SIMD4<UInt64>
    /// −p⁻¹ mod 2⁶⁴.
    private let inverse: UInt64
    /// R² mod p, which takes a value into Montgomery form with one multiplication.
    private let rSquared: SIMD4<UInt64>

    init(modulus: UInt256) {
        precondition(modulus.limbs.0 & 1 == 1, "Montgomery arithmetic needs an odd modulus")
        self.modulus = modulus
        let p = SIMD4(modulus.limbs.0, modulus.limbs.1, modulus.limbs.2, modulus.limbs.3)
        self.p = p
        // Newton's iteration doubles the correct low bits of p⁻¹ each round: 1 → 2 → … → 64 bits.
        var inv: UInt64 = 1
        for _ in 0..<6 { inv = inv &* (2 &- p[0] &* inv) }
        inverse = 0 &- inv
        // R² mod p by doubling 1 five hundred and twelve times modulo p.
        var r = SIMD4<UInt64>(1, 0, 0, 0)
        for _ in 0..<512 {
            let (doubled, carry) = Self.add(r, r)
            r = carry || !Self.less(doubled, p) ? Self.subtract(doubled, p).0 : doubled
        }
        rSquared = r
    }

    // MARK: Conversions

    /// `value` mod p in Montgomery form (any 256-bit value is accepted).
    func element(_ value: UInt256) -> Element {
        let a = SIMD4(value.limbs.0, value.limbs.1, value.limbs.2, value.limbs.3)
        return Element(limbs: montgomeryProduct(a, rSquared))
    }

    /// The ordinary value (< p) of an element.
    func value(_ element: Element) -> UInt256 {
        let a = montgomeryProduct(element.limbs, SIMD4(1, 0, 0, 0))
        return UInt256(limbs: (a[0], a[1], a[2], a[3]))
    }

    /// `value` mod p as an ordinary value.
    func reduce(_ value: UInt256) -> UInt256 { self.value(element(value)) }

    // MARK: Field operations

    func add(_ a: Element, _ b: Element) -> Element {
        let (sum, carry) = Self.add(a.limbs, b.limbs)
        return Element(limbs: carry || !Self.less(sum, p) ? Self.subtract(sum, p).0 : sum)
    }

    func multiply(_ a: Element, _ b: Element) -> Element { Element(limbs: montgomeryProduct(a.limbs, b.limbs)) }

    /// `base` raised to `exponent` by square-and-multiply, most significant bit first.
    func power(_ base: Element, _ exponent: UInt256) -> Element {
        var result = element(UInt256(1))
        let e = [exponent.limbs.3, exponent.limbs.2, exponent.limbs.1, exponent.limbs.0]
        var started = false
        for limb in e {
            for bit in stride(from: 63, through: 0, by: -1) {
                if started { result = multiply(result, result) }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? multiply(result, base) : base
                    started = true
                }
            }
        }
        return result
    }

    // MARK: Limb arithmetic

    /// a·b·R⁻¹ mod p for a < 2²⁵⁶ and b < p (coarsely integrated operand scanning). The running sum
    /// stays below 2p, so one conditional subtraction leaves it fully reduced.
    private func montgomeryProduct(_ a: SIMD4<UInt64>, _ b: SIMD4<UInt64>) -> SIMD4<UInt64> {
        var t = SIMD4<UInt64>(0, 0, 0, 0)
        var t4: UInt64 = 0
        for i in 0..<4 {
            // t += a · b[i]
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = a[j].multipliedFullWidth(by: b[i])
                let (s1, o1) = t[j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                t[j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            let (top, topCarry) = t4.addingReportingOverflow(carry)
            t4 = top
            var t5: UInt64 = topCarry ? 1 : 0
            // t = (t + m·p) / 2⁶⁴, where m makes the lowest limb vanish.
            let m = t[0] &* inverse
            let (high0, low0) = m.multipliedFullWidth(by: p[0])
            let (_, lowCarry) = t[0].addingReportingOverflow(low0)
            carry = high0 &+ (lowCarry ? 1 : 0)
            for j in 1..<4 {
                let (high, low) = m.multipliedFullWidth(by: p[j])
                let (s1, o1) = t[j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                t[j - 1] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            let (s, o) = t4.addingReportingOverflow(carry)
            t[3] = s
            t5 &+= o ? 1 : 0
            t4 = t5
        }
        return t4 != 0 || !Self.less(t, p) ? Self.subtract(t, p).0 : t
    }

    static func less(_ a: SIMD4<UInt64>, _ b: SIMD4<UInt64>) -> Bool {
        for i in stride(from: 3, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    static func add(_ a: SIMD4<UInt64>, _ b: SIMD4<UInt64>) -> (SIMD4<UInt64>, Bool) {
        var out = SIMD4<UInt64>(0, 0, 0, 0)
        var carry = false
        for i in 0..<4 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            out[i] = s2
            carry = o1 || o2
        }
        return (out, carry)
    }

    /// a − b and whether it borrowed (wraps modulo 2²⁵⁶).
    static func subtract(_ a: SIMD4<UInt64>, _ b: SIMD4<UInt64>) -> (SIMD4<UInt64>, Bool) {
        var out = SIMD4<UInt64>(0, 0, 0, 0)
        var borrow = false
        for i in 0..<4 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            out[i] = d2
            borrow = o1 || o2
        }
        return (out, borrow)
    }
}
