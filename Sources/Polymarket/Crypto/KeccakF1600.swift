/// Keccak-f[1600], the permutation under Keccak-256.
///
/// Written for speed without leaving Swift: the 25 lanes live in locals for the whole permutation (no
/// array, no bounds checks, no heap). Each round computes θ, then ρ, π, χ and ι one output row at a time
/// (five lanes in flight rather than twenty-five), from `a` into `e` and back, two rounds per iteration.
/// Lanes 1, 2, 8, 12, 17 and 20 are kept complemented inside the permutation (the Keccak team's "lane
/// complementing" transform), which turns most of χ's `~b & c` into a plain `&` or `|`: one NOT per row
/// instead of five.
/// The code is generated from the textbook definition (rotation offsets r[x][y], π: (x, y) → (y, 2x + 3y))
/// and checked by the keccak golden vectors and known answers across block boundaries.
enum KeccakF1600 {
    /// The state: lane x + 5y holds A[x, y], each lane the little-endian reading of its 8 bytes.
    typealias Lanes = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    static let zero: Lanes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The 24 round constants of ι.
    private static let roundConstants: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    ) = (
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    )

    /// Applies the 24 rounds to `lanes` in place.
    static func permute(_ lanes: inout Lanes) {
        var a0 = lanes.0
        var a1 = ~lanes.1
        var a2 = ~lanes.2
        var a3 = lanes.3
        var a4 = lanes.4
        var a5 = lanes.5
        var a6 = lanes.6
        var a7 = lanes.7
        var a8 = ~lanes.8
        var a9 = lanes.9
        var a10 = lanes.10
        var a11 = lanes.11
        var a12 = ~lanes.12
        var a13 = lanes.13
        var a14 = lanes.14
        var a15 = lanes.15
        var a16 = lanes.16
        var a17 = ~lanes.17
        var a18 = lanes.18
        var a19 = lanes.19
        var a20 = ~lanes.20
        var a21 = lanes.21
        var a22 = lanes.22
        var a23 = lanes.23
        var a24 = lanes.24
        var (e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15, e16, e17, e18, e19, e20, e21, e22, e23, e24) = zero
        withUnsafeBytes(of: roundConstants) { constants in
            for round in stride(from: 0, to: 24, by: 2) {
                var c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
                var c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
                var c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
                var c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
                var c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
                var d0 = c4 ^ rotl(c1, 1)
                var d1 = c0 ^ rotl(c2, 1)
                var d2 = c1 ^ rotl(c3, 1)
                var d3 = c2 ^ rotl(c4, 1)
                var d4 = c3 ^ rotl(c0, 1)
                var b0 = a0 ^ d0
                var b1 = rotl(a6 ^ d1, 44)
                var b2 = rotl(a12 ^ d2, 43)
                var b3 = rotl(a18 ^ d3, 21)
                var b4 = rotl(a24 ^ d4, 14)
                e0 = b0 ^ (b1 | b2) ^ constants.load(fromByteOffset: round &* 8, as: UInt64.self)
                e1 = b1 ^ (~b2 | b3)
                e2 = b2 ^ (b3 & b4)
                e3 = b3 ^ (b4 | b0)
                e4 = b4 ^ (b0 & b1)
                b0 = rotl(a3 ^ d3, 28)
                b1 = rotl(a9 ^ d4, 20)
                b2 = rotl(a10 ^ d0, 3)
                b3 = rotl(a16 ^ d1, 45)
                b4 = rotl(a22 ^ d2, 61)
                e5 = b0 ^ (b1 | b2)
                e6 = b1 ^ (b2 & b3)
                e7 = b2 ^ (b3 | ~b4)
                e8 = b3 ^ (b4 | b0)
                e9 = b4 ^ (b0 & b1)
                b0 = rotl(a1 ^ d1, 1)
                b1 = rotl(a7 ^ d2, 6)
                b2 = rotl(a13 ^ d3, 25)
                b3 = rotl(a19 ^ d4, 8)
                b4 = rotl(a20 ^ d0, 18)
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (~b3 & b4)
                e13 = ~b3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
                b0 = rotl(a4 ^ d4, 27)
                b1 = rotl(a5 ^ d0, 36)
                b2 = rotl(a11 ^ d1, 10)
                b3 = rotl(a17 ^ d2, 15)
                b4 = rotl(a23 ^ d3, 56)
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (~b3 | b4)
                e18 = ~b3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
                b0 = rotl(a2 ^ d2, 62)
                b1 = rotl(a8 ^ d3, 55)
                b2 = rotl(a14 ^ d4, 39)
                b3 = rotl(a15 ^ d0, 41)
                b4 = rotl(a21 ^ d1, 2)
                e20 = b0 ^ (~b1 & b2)
                e21 = ~b1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
                c0 = e0 ^ e5 ^ e10 ^ e15 ^ e20
                c1 = e1 ^ e6 ^ e11 ^ e16 ^ e21
                c2 = e2 ^ e7 ^ e12 ^ e17 ^ e22
                c3 = e3 ^ e8 ^ e13 ^ e18 ^ e23
                c4 = e4 ^ e9 ^ e14 ^ e19 ^ e24
                d0 = c4 ^ rotl(c1, 1)
                d1 = c0 ^ rotl(c2, 1)
                d2 = c1 ^ rotl(c3, 1)
                d3 = c2 ^ rotl(c4, 1)
                d4 = c3 ^ rotl(c0, 1)
                b0 = e0 ^ d0
                b1 = rotl(e6 ^ d1, 44)
                b2 = rotl(e12 ^ d2, 43)
                b3 = rotl(e18 ^ d3, 21)
                b4 = rotl(e24 ^ d4, 14)
                a0 = b0 ^ (b1 | b2) ^ constants.load(fromByteOffset: round &* 8 &+ 8, as: UInt64.self)
                a1 = b1 ^ (~b2 | b3)
                a2 = b2 ^ (b3 & b4)
                a3 = b3 ^ (b4 | b0)
                a4 = b4 ^ (b0 & b1)
                b0 = rotl(e3 ^ d3, 28)
                b1 = rotl(e9 ^ d4, 20)
                b2 = rotl(e10 ^ d0, 3)
                b3 = rotl(e16 ^ d1, 45)
                b4 = rotl(e22 ^ d2, 61)
                a5 = b0 ^ (b1 | b2)
                a6 = b1 ^ (b2 & b3)
                a7 = b2 ^ (b3 | ~b4)
                a8 = b3 ^ (b4 | b0)
                a9 = b4 ^ (b0 & b1)
                b0 = rotl(e1 ^ d1, 1)
                b1 = rotl(e7 ^ d2, 6)
                b2 = rotl(e13 ^ d3, 25)
                b3 = rotl(e19 ^ d4, 8)
                b4 = rotl(e20 ^ d0, 18)
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (~b3 & b4)
                a13 = ~b3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
                b0 = rotl(e4 ^ d4, 27)
                b1 = rotl(e5 ^ d0, 36)
                b2 = rotl(e11 ^ d1, 10)
                b3 = rotl(e17 ^ d2, 15)
                b4 = rotl(e23 ^ d3, 56)
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (~b3 | b4)
                a18 = ~b3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
                b0 = rotl(e2 ^ d2, 62)
                b1 = rotl(e8 ^ d3, 55)
                b2 = rotl(e14 ^ d4, 39)
                b3 = rotl(e15 ^ d0, 41)
                b4 = rotl(e21 ^ d1, 2)
                a20 = b0 ^ (~b1 & b2)
                a21 = ~b1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        lanes = (a0, ~a1, ~a2, a3, a4, a5, a6, a7, ~a8, a9, a10, a11, ~a12, a13, a14, a15, a16, ~a17, a18, a19, ~a20, a21, a22, a23, a24)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> (64 &- n)) }
}
