import CSystemd
import Foundation
import Logging
import Synchronization

/// A swift-log handler writing to the systemd journal with `sd_journal_sendv`: the level becomes
/// `PRIORITY`, the message `MESSAGE`, and every metadata key a structured field (`market` → `MARKET`,
/// `order_id` → `ORDER_ID`), so `journalctl -u mmd MARKET=0x…` filters by market.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    /// The process-wide level, changed at runtime (`mmctl log-level`); it overrides `logLevel` when set.
    let sharedLevel: SharedLogLevel?

    public init(label: String, level: Logger.Level = .info, sharedLevel: SharedLogLevel? = nil) {
        self.label = label
        logLevel = level
        self.sharedLevel = sharedLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        if let sharedLevel, event.level < sharedLevel.level { return }
        var fields = [
            "MESSAGE=\(event.message)", "PRIORITY=\(Self.priority(event.level))", "SYSLOG_IDENTIFIER=mmd", "MMD_LOGGER=\(label)",
            "CODE_FILE=\(event.file)", "CODE_LINE=\(event.line)", "CODE_FUNC=\(event.function)",
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            guard let name = Self.fieldName(key) else { continue }
            fields.append("\(name)=\(value)")
        }
        Self.send(fields)
    }

    /// syslog priorities: critical 2, error 3, warning 4, notice 5, info 6, debug and trace 7.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }

    /// Journal field names are upper-case letters, digits and underscores, not starting with `_` or a
    /// digit, at most 64 bytes; anything else is mapped or dropped.
    public static func fieldName(_ key: String) -> String? {
        var name = String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }.prefix(64))
        while name.first == "_" { name.removeFirst() }
        guard let first = name.first, !first.isNumber else { return nil }
        if ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC"].contains(name) { name = "MMD_" + name }
        return name
    }

    static func send(_ fields: [String]) {
        var buffers = fields.map { Array($0.utf8) }
        var vectors: [iovec] = []
        vectors.reserveCapacity(buffers.count)
        for index in buffers.indices {
            buffers[index].withUnsafeMutableBytes { bytes in
                vectors.append(iovec(iov_base: bytes.baseAddress, iov_len: bytes.count))
            }
        }
        // The pointers stay valid: `buffers` is not mutated again before the call returns.
        withExtendedLifetime(buffers) { _ = sd_journal_sendv(vectors, Int32(vectors.count)) }
    }
}

/// A log level shared by every handler and changeable while running.
public final class SharedLogLevel: Sendable {
    private let value: Mutex<Logger.Level>
    public init(_ level: Logger.Level) { value = Mutex(level) }
    public var level: Logger.Level {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// Chooses where logs go: the journal when stderr is connected to it (systemd sets `JOURNAL_STREAM` to
/// the device and inode of that stream), readable lines on stderr otherwise.
public enum LogDestination {
    public static var stderrIsJournal: Bool {
        guard let stream = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Bootstraps swift-log once for the process.
    public static func bootstrap(level: SharedLogLevel) {
        let journal = stderrIsJournal
        LoggingSystem.bootstrap { label in
            if journal { return JournalLogHandler(label: label, level: .trace, sharedLevel: level) }
            return FilteredLogHandler(base: StreamLogHandler.standardError(label: label), sharedLevel: level)
        }
    }
}

/// Any handler, filtered by the process-wide runtime level (so `mmctl log-level` works in a terminal too).
public struct FilteredLogHandler<Base: LogHandler>: LogHandler {
    var base: Base
    let sharedLevel: SharedLogLevel

    public init(base: Base, sharedLevel: SharedLogLevel) {
        var base = base
        base.logLevel = .trace
        self.base = base
        self.sharedLevel = sharedLevel
    }

    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    /// Loggers may lower their own level further; the shared level is applied on top.
    public var logLevel: Logger.Level = .trace

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        guard event.level >= sharedLevel.level else { return }
        base.log(event: event)
    }
}
