import CSystemd
import Foundation

/// The daemon's conversation with systemd through libsystemd's `sd_notify`: readiness after recovery, a
/// one-line status, watchdog pings, reload and stop announcements. Outside systemd (no `NOTIFY_SOCKET`)
/// every call is a no-op, so the same binary runs in a terminal.
public struct ServiceManager: Sendable {
    public init() {}

    /// Whether systemd is listening (`NOTIFY_SOCKET` is set).
    public var isSupervised: Bool { ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil }

    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), or `nil` when it is off.
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }

    /// Recovery is done and the control socket is up: `systemctl start` returns now.
    public func ready(status: String) { send("READY=1\nSTATUS=\(Self.oneLine(status))") }

    /// The line `systemctl status mmd` shows.
    public func status(_ text: String) { send("STATUS=\(Self.oneLine(text))") }

    /// "Still healthy": sent only while every engine keeps up.
    public func watchdog() { send("WATCHDOG=1") }

    /// A reload began; `READY=1` (``reloaded(status:)``) ends it.
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    public func reloaded(status: String) { ready(status: status) }

    /// Shutdown began: orders are being cancelled.
    public func stopping() { send("STOPPING=1\nSTATUS=stopping: cancelling every order") }

    /// Returns what `sd_notify` returned: > 0 sent, 0 not supervised, < 0 an errno.
    @discardableResult
    func send(_ state: String) -> Int32 { sd_notify(0, state) }

    static func oneLine(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
}
