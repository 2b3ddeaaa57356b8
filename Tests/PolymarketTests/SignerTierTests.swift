import Testing
@testable import Polymarket

/// The per-signer order and cancel buckets, as the client paces itself by them.
struct SignerTierTests {
    @Test func everyTiersBurstIsOneAndAHalfSecondsOfItsRate() {
        for tier in SignerTier.allCases {
            for rate in [tier.orders, tier.cancels] {
                #expect(rate.burst * 2 == rate.perSecond * 3 || rate.burst * 2 == rate.perSecond * 3 - 1, "\(tier): \(rate)")
            }
        }
        #expect(SignerTier.standard.headerValue == "Standard")
    }

    @Test func theClientTakesABurstThenPacesOrdersAtNineTenthsOfTheTiersRateWithCancelsApart() async {
        let limiter = RateLimiter(tier: .standard)
        // The client keeps a tenth of headroom: a burst of 54 of the venue's 60, refilled at 36 a second.
        // 3 batches of 15 and one of 9 at once.
        for _ in 0..<3 { #expect(await limiter.reserve(.postOrders, cost: 15, nowMilliseconds: 1_000) == 0) }
        #expect(await limiter.reserve(.postOrders, cost: 9, nowMilliseconds: 1_000) == 0)
        // The next waits for 15 tokens at 36 a second: 417 ms, and takes nothing meanwhile.
        #expect(await limiter.reserve(.postOrders, cost: 15, nowMilliseconds: 1_000) == 417)
        #expect(await limiter.reserve(.postOrder, nowMilliseconds: 1_000) == 28)
        // Cancels draw on their own bucket: an order burst never delays a cancel.
        #expect(await limiter.reserve(.cancelOrders, cost: 100, nowMilliseconds: 1_000) == 0)
        #expect(await limiter.reserve(.postOrders, cost: 15, nowMilliseconds: 1_417) == 0)
        // Whatever the tier, the client's pace stays within the venue's bucket.
        for tier in SignerTier.allCases {
            for rate in [tier.orders, tier.cancels] {
                var paced = SignerTier.pacedBucket(rate)
                var venue = SignerTier.bucket(rate)
                #expect(paced.available(nowMilliseconds: 0) < venue.available(nowMilliseconds: 0), "\(tier)")
            }
        }
        // Without a tier only the per-endpoint limits apply.
        let unpaced = RateLimiter(tier: nil)
        for _ in 0..<10 { #expect(await unpaced.reserve(.postOrders, cost: 15, nowMilliseconds: 1_000) == 0) }
    }

    @Test func aBucketChargedAfterTheFactGoesBelowZeroAndRefillsFromThere() {
        var bucket = SignerTier.bucket(SignerTier.standard.cancels)
        #expect(bucket.available(nowMilliseconds: 0) == 120)
        bucket.charge(200, nowMilliseconds: 0)
        #expect(bucket.available(nowMilliseconds: 0) == -80)
        #expect(bucket.wait(1, nowMilliseconds: 0) == 1_013)
        #expect(bucket.available(nowMilliseconds: 1_000) == 0)
        #expect(bucket.millisecondsToFull() == 1_500)
    }
}
