import AsyncHTTPClient
import Foundation
import Logging
import MMCore
import Polymarket
import Testing
@testable import MMSim

/// GTD end to end: the venue client posts through the simulator's REST, the venue's clock passes the
/// order's end, and the user channel reports the expiry the way the engine will see it.
@Suite(.serialized) struct SimGTDServerTests {
    @Test func anExpiredGTDOrderArrivesAsATerminalCancellation() async throws {
        let clock = SharedBox<Int64>(Int64(Date().timeIntervalSince1970 * 1_000))
        try await SimServerTests.withSimulator(now: { clock.value }) { url, venue in
            let client = try await SimServerTests.client(url, SimServerTests.maker)
            let orders = SharedBox<[OrderMessage]>([])
            let connected = SharedBox(false)
            let feed = ChannelFeed(
                configuration: ChannelFeedConfiguration(baseURL: url.replacingOccurrences(of: "http://", with: "ws://"), pingInterval: .milliseconds(200)),
                subscription: .user(credentials: client.credentials!, markets: [SimServerTests.market.conditionID]), logger: Logger(label: "feed"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await feed.run { event in
                        if case .connected = event { connected.set(true) }
                        if case .message(.order(let order)) = event { orders.update { $0.append(order) } }
                    }
                }
                try await waitUntil { connected.value }

                // Less than a minute ahead: refused with the venue's words, typed for the caller.
                let early = try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.40", 10, salt: 1, expiration: UInt64(clock.value / 1_000 + 59))
                do {
                    _ = try await client.postOrder(early, type: .gtd, postOnly: true)
                    Issue.record("an expiration 59 s ahead was accepted")
                } catch let error as ClobError {
                    #expect(error.code == .invalidExpiration)
                }

                let expiration = GoodTillDate.expiration(lifetimeSeconds: 120, nowMilliseconds: clock.value)
                let signed = try SimServerTests.order(SimServerTests.maker, .yes, .buy, "0.40", 10, salt: 2, expiration: expiration)
                let posted = try await client.postOrder(signed, type: OrderType.resting(expiration: expiration), postOnly: true)
                #expect(posted.orderID == signed.orderIDHex && posted.status == "live")
                try await waitUntil { orders.value.contains { $0.type == .placement } }
                let placement = try #require(orders.value.first { $0.type == .placement })
                #expect(placement.orderType == "GTD" && placement.expiration == String(expiration) && !placement.isTerminal)
                #expect(try await client.openOrders().map(\.id) == [signed.orderIDHex])
                #expect(await venue.exchange.balance(of: SimServerTests.maker.address.checksummed).reservedCollateral == 4_000_000)

                clock.set(try #require(GoodTillDate.endMilliseconds(expiration: expiration)))
                await venue.tick()
                try await waitUntil { orders.value.contains { $0.type == .cancellation } }
                let expiry = try #require(orders.value.first { $0.type == .cancellation })
                #expect(expiry.id == signed.orderIDHex && expiry.status == "CANCELED_EXPIRED_ORDER" && expiry.isTerminal)
                #expect(expiry.orderType == "GTD" && expiry.expiration == String(expiration))
                #expect(try await client.openOrders().isEmpty)
                #expect(await venue.exchange.balance(of: SimServerTests.maker.address.checksummed).reservedCollateral == 0)
                group.cancelAll()
            }
        }
    }
}
