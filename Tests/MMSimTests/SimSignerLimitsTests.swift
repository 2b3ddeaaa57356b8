import Polymarket
import Testing
@testable import MMSim

/// The simulator's per-signer buckets: 429 with Retry-After over them (enforce), a warning header (warn).
struct SimSignerLimitsTests {
    let signer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

    @Test func overTheBucketABatchIsRefusedWholeWithRetryAfter() {
        var limits = SimSignerLimits(mode: .enforce, tier: .standard)
        let first = limits.admit(.orders, cost: 15, signer: signer, nowMilliseconds: 0)
        #expect(first.admitted && first.headers["Poly-RateLimit-Remaining"] == "45" && first.headers["Poly-RateLimit-Tier"] == "Standard")
        #expect(first.headers["Poly-RateLimit-Reset"] == "1")
        for _ in 0..<3 { #expect(limits.admit(.orders, cost: 15, signer: signer, nowMilliseconds: 0).admitted) }
        let refused = limits.admit(.orders, cost: 15, signer: signer, nowMilliseconds: 0)
        #expect(!refused.admitted && refused.headers["Retry-After"] == "1" && refused.headers["Poly-RateLimit-Remaining"] == "0")
        // Another signer has its own bucket; this one's refills at 40 a second.
        #expect(limits.admit(.orders, cost: 60, signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", nowMilliseconds: 0).admitted)
        #expect(limits.admit(.orders, cost: 15, signer: signer, nowMilliseconds: 375).admitted)
        // Signers are addresses: the case of the hex digits does not matter.
        #expect(!limits.admit(.orders, cost: 1, signer: signer.lowercased(), nowMilliseconds: 375).admitted)
    }

    @Test func aCancelAllTakesItsCountAfterwardsAndMayLeaveTheBucketNegative() {
        var limits = SimSignerLimits(mode: .enforce, tier: .standard)
        #expect(limits.admit(.cancels, cost: 1, signer: signer, nowMilliseconds: 0).admitted)
        let after = limits.charge(.cancels, cost: 300, signer: signer, nowMilliseconds: 0)
        #expect(after["Poly-RateLimit-Remaining"] == "0")
        #expect(!limits.admit(.cancels, cost: 1, signer: signer, nowMilliseconds: 1_000).admitted)
        #expect(limits.admit(.cancels, cost: 1, signer: signer, nowMilliseconds: 2_300).admitted)
        // Orders are not affected.
        #expect(limits.admit(.orders, cost: 60, signer: signer, nowMilliseconds: 0).admitted)
    }

    @Test func inWarnModeTheRequestIsServedAndSaysSo() {
        var limits = SimSignerLimits(mode: .warn, tier: .standard)
        #expect(limits.admit(.orders, cost: 60, signer: signer, nowMilliseconds: 0).headers["Poly-RateLimit-Warning"] == nil)
        let over = limits.admit(.orders, cost: 15, signer: signer, nowMilliseconds: 0)
        #expect(over.admitted && over.headers["Poly-RateLimit-Warning"] == "true" && over.headers["Retry-After"] == nil)
    }
}
