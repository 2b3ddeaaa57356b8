import MMCore
import Testing
@testable import Polymarket

/// GTD orders on the client side: the official client's GTD vectors, the unsigned expiration, and the
/// expiration arithmetic with the venue's one-minute security threshold.
@Suite struct GoodTillDateTests {
    static var gtdVectors: [VectorCase] {
        Vectors.cases(.v2, kind: "order_v2").filter { $0.json.object("inputs").text("order_type") == "GTD" }
    }

    @Test func theVectorsCoverGTDOrders() {
        #expect(Self.gtdVectors.count >= 3, "GTD cases in \(Vectors.File.v2.path)")
        #expect(Self.gtdVectors.allSatisfy { UInt64($0.json.object("inputs").text("expiration") ?? "0") ?? 0 > 0 })
    }

    /// The GTD vectors' bodies (`"expiration":"<s>"`, `"orderType":"GTD"`) are compared byte for byte by
    /// ``OrderVectorTests``; here: the expiration travels in the body and nowhere in what is signed.
    @Test(arguments: gtdVectors)
    func expirationIsSentButNotSigned(vector: VectorCase) throws {
        let inputs = try OrderVectorTests.OrderInputs(vector.json.object("inputs"))
        let gtd = try inputs.sign()
        var gtcInputs = inputs
        gtcInputs.expiration = 0
        let gtc = try gtcInputs.sign()
        #expect(gtd.order.expiration == inputs.expiration && gtd.order.expiration > 0)
        #expect(gtd.orderIDHex == gtc.orderIDHex && gtd.signature == gtc.signature, "\(vector.id): the expiration is not signed")
        let owner = vector.json.object("inputs").text("api_key_owner")!
        let gtdBody = OrderBody.postOrder(
            gtd, owner: owner, orderType: OrderType.resting(expiration: gtd.order.expiration), postOnly: inputs.postOnly, deferExec: inputs.deferExec)
        #expect(gtdBody == vector.json.object("expected").object("http").text("body"), "\(vector.id): body bytes")
        #expect(gtdBody.contains("\"expiration\":\"\(inputs.expiration)\"") && gtdBody.contains("\"orderType\":\"GTD\""))
    }

    @Test func expirationAddsTheThresholdAndTheLifetimeToTheNextWholeSecond() {
        #expect(GoodTillDate.expiration(lifetimeSeconds: 30, nowMilliseconds: 1_780_000_000_000) == 1_780_000_090, "the docs' now + 1 minute + 30 seconds")
        #expect(GoodTillDate.expiration(lifetimeSeconds: 30, nowMilliseconds: 1_780_000_000_001) == 1_780_000_091, "never shorter than asked")
        #expect(GoodTillDate.endMilliseconds(expiration: 1_780_000_090) == 1_780_000_030_000)
        #expect(GoodTillDate.endMilliseconds(expiration: 0) == nil)
    }

    @Test func theVenuesMinimumIsNowPlusAMinuteInWholeSeconds() {
        let now: Int64 = 1_780_000_000_999
        #expect(!GoodTillDate.isAccepted(expiration: 0, nowMilliseconds: now), "GTD needs an expiration")
        #expect(!GoodTillDate.isAccepted(expiration: 1_780_000_059, nowMilliseconds: now))
        #expect(GoodTillDate.isAccepted(expiration: 1_780_000_060, nowMilliseconds: now), "the boundary is accepted")
        #expect(GoodTillDate.isAccepted(expiration: UInt64.max, nowMilliseconds: now))
    }

    @Test func shortBytes32FieldsAreLeftPaddedForSigningAsTheOfficialClientDoes() throws {
        let signer = try OrderSigner(key: PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), chain: .polygon, signatureType: .eoa)
        func order(metadata: [UInt8]) -> SignedOrder {
            signer.makeOrder(
                tokenID: UInt256(7), side: .buy, amounts: OrderAmounts(maker: 4_800_000, taker: 10_000_000), salt: UInt256(1), timestampMilliseconds: 1,
                exchange: .standard, metadata: metadata)
        }
        #expect(order(metadata: [0xAB]).orderIDHex == order(metadata: [UInt8](repeating: 0, count: 31) + [0xAB]).orderIDHex)
        #expect(order(metadata: [0xAB]).orderIDHex != order(metadata: OrderV2.zeroBytes32).orderIDHex)
    }
}
