import Benchmark
import MMCore
import Polymarket

/// The venue client's hot path: exact amounts, EIP-712 hashing, secp256k1 signing and the body bytes.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(2))

    // The Hardhat #0 test key, as in the golden vectors; never a real key.
    let key = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    let tokenID = UInt256(decimal: "26855971193053989228179607315247738157829858592881640495955213239105416682604")!

    Benchmark("keccak256: 64 bytes") { benchmark in
        let bytes = [UInt8](repeating: 7, count: 64)
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(bytes)) }
    }

    Benchmark("order: build + sign V2 (EOA), µs per order") { benchmark in
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
