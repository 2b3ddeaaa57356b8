import Foundation
import Logging
import MMSystemd
import Testing

@Suite(.serialized) struct SystemdTests {
    @Test func journalFieldNamesAndPriorities() {
        #expect(JournalLogHandler.fieldName("market") == "MARKET")
        #expect(JournalLogHandler.fieldName("order_id") == "ORDER_ID")
        #expect(JournalLogHandler.fieldName("risk-state") == "RISK_STATE")
        #expect(JournalLogHandler.fieldName("_hidden") == "HIDDEN")
        #expect(JournalLogHandler.fieldName("9lives") == nil)
        #expect(JournalLogHandler.fieldName("") == nil)
        #expect(JournalLogHandler.fieldName("message") == "MMD_MESSAGE")
        #expect(JournalLogHandler.fieldName(String(repeating: "a", count: 100))?.count == 64)
        #expect(JournalLogHandler.priority(.critical) == 2)
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.warning) == 4)
        #expect(JournalLogHandler.priority(.notice) == 5)
        #expect(JournalLogHandler.priority(.info) == 6)
        #expect(JournalLogHandler.priority(.trace) == 7)
    }

    /// sd_notify really sends: a datagram socket stands in for systemd's notification socket.
    @Test func notificationsReachTheNotifySocket() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notify").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let manager = ServiceManager()
        #expect(!manager.isSupervised || ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil)
        setenv("NOTIFY_SOCKET", path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(manager.isSupervised)

        func receive() -> String {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
        }
        manager.ready(status: "quoting 1/1 markets\nP&L 0")
        #expect(receive() == "READY=1\nSTATUS=quoting 1/1 markets P&L 0")
        manager.watchdog()
        #expect(receive() == "WATCHDOG=1")
        manager.reloading()
        let reloading = receive()
        #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(UInt64(reloading.split(separator: "=").last ?? "") != nil)
        manager.stopping()
        #expect(receive().hasPrefix("STOPPING=1"))
    }
}
