import Benchmark
import CSecp256k1
import MMCore
import Polymarket

/// The venue client's hot path, measured in one run so the figures compare: the raw libsecp256k1
/// signature of a digest (the floor), Keccak-256 at the sizes signing uses, and the full
/// `OrderSigner.makeOrder` the engine calls. Order build + sign overhead = makeOrder − raw sign.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(2))

    // The Hardhat #0 test key, as in the golden vectors; never a real key.
    let keyHex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    let key = try! PrivateKey(hex: keyHex)
    let tokenID = UInt256(decimal: "26855971193053989228179607315247738157829858592881640495955213239105416682604")!

    Benchmark("secp256k1: raw recoverable sign of a 32-byte digest") { benchmark in
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        defer { secp256k1_context_destroy(context) }
        let secret = Hex.decode(keyHex)!
        var digest = Keccak256.hash(utf8: "digest")
        var signature = secp256k1_ecdsa_recoverable_signature()
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        for i in benchmark.scaledIterations {
            digest[0] = UInt8(truncatingIfNeeded: i)
            precondition(secp256k1_ecdsa_sign_recoverable(context, &signature, digest, secret, nil, nil) == 1)
            secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recoveryID, &signature)
            blackHole(compact[0] &+ UInt8(recoveryID))
        }
    }

    for size in [32, 64, 136, 300] {
        Benchmark("keccak256: \(size) bytes") { benchmark in
            var bytes = [UInt8](repeating: 7, count: size)
            for i in benchmark.scaledIterations {
                bytes[0] = UInt8(truncatingIfNeeded: i)
                blackHole(Keccak256.hash(bytes))
            }
        }
    }

    Benchmark("order: OrderSigner.makeOrder V2 (EOA)") { benchmark in
        let signer = try! OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        let amounts = try! ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 100), tick: .hundredth)
        for i in benchmark.scaledIterations {
            blackHole(signer.makeOrder(
                tokenID: tokenID, side: .buy, amounts: amounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i),
                exchange: .standard))
        }
    }

    Benchmark("order: exact amounts + makeOrder V2 (EOA)") { benchmark in
        let signer = try! OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        for i in benchmark.scaledIterations {
            let amounts = try! ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 100), tick: .hundredth)
            blackHole(signer.makeOrder(
                tokenID: tokenID, side: .buy, amounts: amounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i),
                exchange: .standard))
        }
    }

    Benchmark("order: build + sign + POST body (EOA)") { benchmark in
        let signer = try! OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        for i in benchmark.scaledIterations {
            let amounts = try! ExactAmounts.limit(side: .sell, price: Price(micros: 520_000)!, size: Quantity(shares: 100), tick: .hundredth)
            let signed = signer.makeOrder(
                tokenID: tokenID, side: .sell, amounts: amounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i),
                exchange: .standard)
            blackHole(OrderBody.postOrder(signed, owner: "5f0c8a1e-3b7d-4c2a-9e61-0d4b2f7a8c93", orderType: .gtc, postOnly: true))
        }
    }
}
