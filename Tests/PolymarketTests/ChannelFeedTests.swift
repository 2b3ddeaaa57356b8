import Foundation
import Logging
import Synchronization
import Testing
@testable import Polymarket

@Suite(.serialized) struct ChannelFeedTests {
    static let book = #"[{"event_type":"book","asset_id":"1","market":"0xm","bids":[{"price":"0.48","size":"30"}],"asks":[{"price":"0.52","size":"25"}],"timestamp":"1757908892351","hash":"0x1"}]"#

    /// Runs `feed` until `done` says the collected events suffice (or 10 s pass), then cancels it.
    static func collect(_ feed: ChannelFeed, until done: @escaping @Sendable ([FeedEvent]) -> Bool) async -> [FeedEvent] {
        let events = SharedState<[FeedEvent]>([])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await feed.run { event in events.withLock { $0.append(event) } }
            }
            group.addTask {
                for _ in 0..<1_000 {
                    if done(events.withLock { $0 }) { return }
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            await group.next()
            group.cancelAll()
        }
        return events.withLock { $0 }
    }

    static func feed(_ url: String, _ subscription: ChannelSubscription, freeze: Int64? = nil, maxAssets: Int = 500) -> ChannelFeed {
        ChannelFeed(
            configuration: ChannelFeedConfiguration(
                baseURL: url, pingInterval: .milliseconds(50), freezeTimeoutMilliseconds: freeze, pongTimeoutMilliseconds: 5_000,
                backoff: ReconnectBackoff(initialMilliseconds: 20, maximumMilliseconds: 100), maxAssetsPerConnection: maxAssets),
            subscription: subscription, logger: Logger(label: "test"))
    }

    @Test func subscribesDecodesPingsAndResubscribesAfterADrop() async throws {
        let server = TestWebSocketServer { connection, text in
            if text == "PING" { return .reply(["PONG"]) }
            // The first connection drops right after its snapshot.
            return connection == 0 ? .replyAndClose([Self.book]) : .reply([Self.book])
        }
        let events = try await server.run { url in
            await Self.collect(Self.feed(url, .market(assetIDs: ["1", "2"]))) { events in
                events.filter { if case .message(.book) = $0 { true } else { false } }.count >= 2
                    && events.contains { if case .connected(_, true) = $0 { true } else { false } }
            }
        }
        let connects = events.compactMap { if case .connected(_, let again) = $0 { again } else { nil } }
        #expect(connects.prefix(2) == [false, true], "first connect, then a reconnect the caller must resync after")
        #expect(events.contains { if case .disconnected = $0 { true } else { false } })
        let subscribe = #"{"assets_ids":["1","2"],"type":"market","custom_feature_enabled":true}"#
        #expect(server.connections.prefix(2).allSatisfy { $0.first == subscribe }, "every connection subscribes first")
    }

    @Test func aFrozenFeedIsReportedAndReconnected() async throws {
        // Answers PONG forever but never sends data after the first connection's snapshot.
        let server = TestWebSocketServer { _, text in text == "PING" ? .reply(["PONG"]) : .ignore }
        let events = try await server.run { url in
            await Self.collect(Self.feed(url, .market(assetIDs: ["1"]), freeze: 200)) { events in
                events.contains { if case .connected(_, true) = $0 { true } else { false } }
            }
        }
        #expect(events.contains { if case .frozen(0, let silent) = $0 { silent > 200 } else { false } })
        #expect(server.connections.count >= 2)
    }

    @Test func moreThanMaxAssetsAreSharded() async throws {
        let server = TestWebSocketServer { _, text in text == "PING" ? .reply(["PONG"]) : .reply([Self.book]) }
        _ = try await server.run { url in
            _ = await Self.collect(Self.feed(url, .market(assetIDs: ["1", "2", "3"]), maxAssets: 2)) { events in
                events.filter { if case .connected = $0 { true } else { false } }.count >= 2
            }
            // A shard reports itself connected before the server has read its subscription: wait for both.
            for _ in 0..<250 where Set(server.connections.compactMap(\.first)).count < 2 { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let subscriptions = Set(server.connections.compactMap(\.first))
        #expect(subscriptions == [
            #"{"assets_ids":["1","2"],"type":"market","custom_feature_enabled":true}"#,
            #"{"assets_ids":["3"],"type":"market","custom_feature_enabled":true}"#,
        ])
    }

    @Test func userChannelAuthenticatesAndUnreadableMessagesAreCountedNotThrown() async throws {
        let credentials = try APICredentials(key: "key-1", secret: "c2VjcmV0", passphrase: "phrase")
        let server = TestWebSocketServer { _, text in
            text == "PING" ? .reply(["PONG"]) : .reply(["{broken", #"{"event_type":"mystery"}"#, "{also broken", Self.book])
        }
        let userFeed = try await server.run { url in
            let feed = Self.feed(url, .user(credentials: credentials, markets: ["0xm"]))
            _ = await Self.collect(feed) { events in events.contains { if case .message(.book) = $0 { true } else { false } } }
            return feed
        }
        #expect(server.connections.first?.first == #"{"auth":{"apiKey":"key-1","secret":"c2VjcmV0","passphrase":"phrase"},"markets":["0xm"],"type":"user"}"#)
        #expect(userFeed.anomalyCounts == ["malformed:frame": 2, "unknown:mystery": 1])
        #expect(!ChannelSubscription.user(credentials: credentials, markets: []).summary.contains("c2VjcmV0"))
    }

    @Test func backoffGrowsWithJitterAndResets() {
        var backoff = ReconnectBackoff(initialMilliseconds: 500, maximumMilliseconds: 4_000)
        #expect(backoff.nextDelay(randomMillionths: 0) == 250)
        #expect(backoff.nextDelay(randomMillionths: 1_000_000) == 1_000)
        #expect(backoff.nextDelay(randomMillionths: 500_000) == 1_500)
        #expect(backoff.nextDelay(randomMillionths: 1_000_000) == 4_000)
        #expect(backoff.nextDelay(randomMillionths: 1_000_000) == 4_000, "capped")
        backoff.reset()
        #expect(backoff.nextDelay(randomMillionths: 1_000_000) == 500)
    }

    @Test func freezeNeedsSilentDataWithLivePongs() {
        var detector = FreezeDetector(timeoutMilliseconds: 1_000, pongTimeoutMilliseconds: 3_000, nowMilliseconds: 0)
        detector.sawPong(nowMilliseconds: 900)
        #expect(detector.verdict(nowMilliseconds: 1_000) == .healthy)
        detector.sawPong(nowMilliseconds: 1_400)
        #expect(detector.verdict(nowMilliseconds: 1_500) == .frozen(silentMilliseconds: 1_500))
        detector.sawData(nowMilliseconds: 1_600)
        #expect(detector.verdict(nowMilliseconds: 1_700) == .healthy)
        #expect(detector.verdict(nowMilliseconds: 4_500) == .dead(silentMilliseconds: 3_100))
    }
}
