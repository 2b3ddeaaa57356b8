/// Splits a byte stream into lines, whatever the chunking; a line longer than the maximum is reported
/// once and skipped up to its newline, so the connection stays usable.
public struct LineFramer: Sendable {
    public enum Frame: Sendable, Hashable {
        case line([UInt8])
        case tooLong
    }

    public let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    public init(maximumBytes: Int = ControlProtocol.maximumLineBytes) { self.maximumBytes = maximumBytes }

    public mutating func append(_ bytes: some Sequence<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        for byte in bytes {
            if byte == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    if buffer.last == 0x0D { buffer.removeLast() }
                    if !buffer.isEmpty { frames.append(.line(buffer)) }
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            if discarding { continue }
            buffer.append(byte)
            if buffer.count > maximumBytes {
                frames.append(.tooLong)
                discarding = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        return frames
    }

    /// The end of the stream (the peer half-closed): a final line without its newline is still a line
    /// (`printf '{…}' | socat - UNIX-CONNECT:…` sends no newline), an unfinished oversize one is dropped.
    public mutating func finish() -> [Frame] {
        defer {
            buffer.removeAll()
            discarding = false
        }
        guard !discarding else { return [] }
        if buffer.last == 0x0D { buffer.removeLast() }
        return buffer.isEmpty ? [] : [.line(buffer)]
    }
}
