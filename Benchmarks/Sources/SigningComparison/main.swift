import MMCore
import Polymarket

// Builds and signs N V2 limit orders (BUY 100 @ 0.48, tick 0.01, EOA, standard exchange) and prints
// the mean microseconds per order, the workload scripts/bench-signing-vs-python also gives Python.
let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")  // Hardhat #0, a public test key
let tokenID = UInt256(decimal: "26855971193053989228179607315247738157829858592881640495955213239105416682604")!
let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa)

func buildOne(_ i: Int) throws -> SignedOrder {
    let amounts = try ExactAmounts.limit(side: .buy, price: Price(micros: 480_000)!, size: Quantity(shares: 100), tick: .hundredth)
    return signer.makeOrder(
        tokenID: tokenID, side: .buy, amounts: amounts, salt: UInt256(UInt64(i)), timestampMilliseconds: 1_780_000_000_000 + UInt64(i), exchange: .standard)
}

var sink = 0
for i in 0..<200 { sink &+= Int(try buildOne(i).signature[0]) }
let clock = ContinuousClock()
let start = clock.now
for i in 0..<count { sink &+= Int(try buildOne(i).signature[0]) }
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("swift_us_per_order=\(seconds / Double(count) * 1e6) checksum=\(sink)")
