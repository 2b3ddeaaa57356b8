/// Arithmetic modulo a 256-bit prime, enough for the alt_bn128 point decompression the Conditional
/// Tokens Framework uses in `getCollectionId`. Not constant-time: it only ever sees public data.
struct PrimeField {
    let modulus: UInt256

    func add(_ a: UInt256, _ b: UInt256) -> UInt256 {
        var out = [UInt64](repeating: 0, count: 5)
        var carry: UInt64 = 0
        let x = a.array, y = b.array
        for i in 0..<4 {
            let (s1, o1) = x[i].addingReportingOverflow(y[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        out[4] = carry
        return reduce(out)
    }

    func multiply(_ a: UInt256, _ b: UInt256) -> UInt256 {
        var out = [UInt64](repeating: 0, count: 8)
        let x = a.array, y = b.array
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = x[i].multipliedFullWidth(by: y[j])
                let (s1, o1) = out[i + j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            out[i + 4] = carry
        }
        return reduce(out)
    }

    func power(_ base: UInt256, _ exponent: UInt256) -> UInt256 {
        var result = UInt256(1)
        let e = exponent.array
        for i in stride(from: 3, through: 0, by: -1) {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = multiply(result, result)
                if (e[i] >> UInt64(bit)) & 1 == 1 { result = multiply(result, base) }
            }
        }
        return result
    }

    /// Reduces a little-endian multi-limb value modulo `modulus` by shift-and-subtract.
    func reduce(_ value: [UInt64]) -> UInt256 {
        var remainder = [UInt64](repeating: 0, count: 5)
        let m = modulus.array + [0]
        for limb in stride(from: value.count - 1, through: 0, by: -1) {
            for bit in stride(from: 63, through: 0, by: -1) {
                // remainder = remainder << 1 | bit
                var carry = (value[limb] >> UInt64(bit)) & 1
                for i in 0..<5 {
                    let next = remainder[i] >> 63
                    remainder[i] = remainder[i] << 1 | carry
                    carry = next
                }
                if !Self.less(remainder, m) { Self.subtract(&remainder, m) }
            }
        }
        return UInt256(array: Array(remainder[0..<4]))
    }

    private static func less(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    private static func subtract(_ a: inout [UInt64], _ b: [UInt64]) {
        var borrow: UInt64 = 0
        for i in 0..<a.count {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            a[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }
}
