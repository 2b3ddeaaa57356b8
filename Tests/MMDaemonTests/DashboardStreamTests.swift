import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import MMDaemon

/// The Server-Sent Events body on its own, written to a client that does not read for a while: the
/// producer never waits for it, the client's buffer keeps only the newest events, and the stream ends
/// when its producer does.
@Suite struct DashboardStreamTests {
    /// A response body writer whose first write waits until `release` is signalled (a stalled client).
    final class Record: Sendable {
        let received = Mutex<[String]>([])
        let finished = Mutex(false)
    }

    struct StalledClient: ResponseBodyWriter {
        let record: Record
        let release: AsyncStream<Void>
        var first = true

        mutating func write(_ buffer: ByteBuffer) async throws {
            if first {
                first = false
                for await _ in release { break }
            }
            record.received.withLock { $0.append(String(buffer: buffer)) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws { record.finished.withLock { $0 = true } }
    }

    @Test(.timeLimit(.minutes(1))) func aStalledClientGetsTheNewestEventsOnlyAndTheStreamEnds() async throws {
        let (release, signal) = AsyncStream.makeStream(of: Void.self)
        let response = DashboardEvents.stream { emit in
            for index in 0..<100 { emit(DashboardEvents.event("tick", Data("{\"n\":\(index)}".utf8))) }
            signal.yield()  // everything is emitted while the client has not read anything
        }
        let record = Record()
        try await response.body.write(StalledClient(record: record, release: release))
        let chunks = record.received.withLock { $0 }
        #expect(chunks.first == "retry: 2000\n: mmd dashboard stream\n\n")
        let numbers = chunks.dropFirst().map { chunk -> Int in
            #expect(chunk.hasPrefix("event: tick\ndata: {\"n\":") && chunk.hasSuffix("}\n\n"))
            return Int(chunk.dropFirst("event: tick\ndata: {\"n\":".count).dropLast(3)) ?? -1
        }
        // Only the newest events survive the stall, in order, ending with the last one.
        #expect(numbers == Array((100 - DashboardEvents.buffer)..<100))
        #expect(record.finished.withLock { $0 })
    }
}
