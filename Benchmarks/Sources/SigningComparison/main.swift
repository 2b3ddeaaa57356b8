import CSecp256k1
import MMCore
import Polymarket

// Builds and signs N V2 limit orders (BUY 100 @ 0.48, tick 0.01, EOA, standard exchange) and prints
// the mean microseconds per order, the workload scripts/bench-signing-vs-python also gives Python.
// It also times, interleaved in the same run, the raw libsecp256k1 recoverable signature of a digest
// (the floor under any order signature) and `OrderSigner.makeOrder` alone, so the order build + sign
// overhead is their difference, plus the order digest alone and Keccak-256 at 32/64/136/300 bytes.
let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
let keyHex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"  // Hardhat #0, a public test key
let key = try PrivateKey(hex: keyHex)
let tokenID = UInt256(decimal: "26855971193053989228179607315247738157829858592881640495955213239105416682604")!
let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
let fixedAmounts = try ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 100), tick: .hundredth)

@MainActor func buildOne(_ i: Int) throws -> SignedOrder {
    let amounts = try ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 100), tick: .hundredth)
    return signer.makeOrder(
        tokenID: tokenID, side: .buy, amounts: amounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i), exchange: .standard)
}

@MainActor func makeOnly(_ i: Int) -> SignedOrder {
    signer.makeOrder(
        tokenID: tokenID, side: .buy, amounts: fixedAmounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i),
        exchange: .standard)
}

let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
let secret = Hex.decode(keyHex)!
var digest = Keccak256.hash(utf8: "digest")
var rawSignature = secp256k1_ecdsa_recoverable_signature()
var compact = [UInt8](repeating: 0, count: 64)
var recoveryID: Int32 = 0

@MainActor func rawSign(_ i: Int) -> Int {
    digest[0] = UInt8(truncatingIfNeeded: i)
    precondition(secp256k1_ecdsa_sign_recoverable(context, &rawSignature, digest, secret, nil, nil) == 1)
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recoveryID, &rawSignature)
    return Int(compact[0]) &+ Int(recoveryID)
}

var sink = 0
let clock = ContinuousClock()

/// Mean µs per call of `body` over `n` calls.
@MainActor func time(_ n: Int, _ body: (Int) throws -> Int) rethrows -> Double {
    let start = clock.now
    for i in 0..<n { sink &+= try body(i) }
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(n) * 1e6
}

/// The hashing alone: struct hash, cached domain separator, 0x1901 digest (the public array-returning form).
@MainActor func digestOnly(_ i: Int) -> Int {
    let order = OrderV2(
        salt: UInt256(UInt64(i)), maker: signer.maker, signer: signer.signer, tokenID: tokenID, makerAmount: fixedAmounts.maker, takerAmount: fixedAmounts.taker,
        side: .buy, signatureType: .eoa, timestampMilliseconds: 1_780_000_000_000 + UInt64(i))
    return Int(order.digest(exchange: .standard, chain: .polygon)[0])
}

for i in 0..<200 { sink &+= Int(try buildOne(i).signature[0]) &+ rawSign(i) &+ digestOnly(i) }
// Short blocks of raw signatures and of orders alternate, so both see the same machine (it is shared and
// its load drifts); the overhead is the difference of the two means over all blocks. The other figures
// are the best of 20 rounds.
let block = 50
let blocks = max(count / block, 20)
var totals = (raw: 0.0, make: 0.0)
var differences: [Double] = []
for b in 0..<blocks {
    let raw = time(block) { rawSign(b &* block &+ $0) }
    let make = time(block) { Int(makeOnly(b &* block &+ $0).signature[0]) }
    totals.raw += raw
    totals.make += make
    differences.append(make - raw)
}
let rounds = 20
let perRound = max(count / rounds, 1)
var best = (raw: totals.raw / Double(blocks), make: totals.make / Double(blocks), full: Double.infinity, digest: Double.infinity)
var keccak: [Int: Double] = [:]
for _ in 0..<rounds {
    best.full = min(best.full, try time(perRound) { Int(try buildOne($0).signature[0]) })
    best.digest = min(best.digest, time(perRound * 10) { digestOnly($0) })
    for size in [32, 64, 136, 300] {
        var bytes = [UInt8](repeating: 7, count: size)
        let us = time(perRound * 10) { i in
            bytes[0] = UInt8(truncatingIfNeeded: i)
            return Int(Keccak256.hash(bytes)[0])
        }
        keccak[size] = min(keccak[size] ?? .infinity, us)
    }
}
differences.sort()
print("swift_us_per_order=\(best.full) checksum=\(sink)")
print("raw_sign_us=\(best.raw) (mean over \(blocks) blocks of \(block))")
print("make_order_us=\(best.make) (mean, interleaved with the raw blocks)")
print("overhead_us=\(best.make - best.raw) (median block difference \(differences[differences.count / 2]))")
print("order_digest_us=\(best.digest)")
for size in [32, 64, 136, 300] { print("keccak_\(size)_us=\(keccak[size]!)") }
