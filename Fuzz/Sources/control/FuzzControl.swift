// The control protocol as a client's bytes reach it: framing, strict JSON, the request, the typed command.
// Besides "never traps", it checks what the protocol promises (docs/control-protocol.md):
// framing does not depend on how the stream is chunked, a parsed value written back parses to itself,
// and every answer is one line of valid JSON.
import MMControl

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControl(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    // A small maximum so `tooLong` and the discarding after it are reached by short inputs too.
    let maximum = 1 + Int(bytes.first ?? 0) % 64
    var whole = LineFramer(maximumBytes: maximum)
    let frames = whole.append(bytes) + whole.finish()
    // The same stream in chunks cut at offsets drawn from the input itself.
    var chunked = LineFramer(maximumBytes: maximum)
    var chunkedFrames: [LineFramer.Frame] = []
    var start = 0
    var step = 1 + Int(bytes.last ?? 0) % 7
    while start < bytes.count {
        let end = min(bytes.count, start + step)
        chunkedFrames += chunked.append(bytes[start..<end])
        start = end
        step = step % 7 + 1
    }
    chunkedFrames += chunked.finish()
    guard frames == chunkedFrames else { fatalError("framing depends on chunking: \(frames) vs \(chunkedFrames)") }
    for frame in frames {
        if case .line(let line) = frame, line.count > maximum { fatalError("a line of \(line.count) bytes passed a maximum of \(maximum)") }
    }
    // The whole input as one request line, as the server reads it (lines up to 64 KiB).
    handle(bytes)
    return 0
}

private func handle(_ line: [UInt8]) {
    if let value = try? JSONParser.parse(line) {
        let written = value.json
        guard let again = try? JSONParser.parse(Array(written.utf8)), again == value else { fatalError("\(written) does not parse back to the value it was written from") }
    }
    let response: ControlResponse
    switch ControlRequest.parse(line) {
    case .success(let request):
        guard (try? JSONParser.parse(Array(request.line.utf8))) != nil else { fatalError("request line \(request.line) is not JSON") }
        do {
            let command = try ControlCommand.parse(request)
            response = ControlResponse(id: request.id, outcome: .success(.string("\(command) \(command.isMutating)")))
        } catch {
            response = ControlResponse(id: request.id, outcome: .failure(error))
        }
    case .failure(let refusal):
        response = ControlResponse(id: refusal.id, outcome: .failure(refusal.error))
    }
    let answer = response.line
    guard !answer.utf8.contains(0x0A), let parsed = try? ControlResponse.parse(Array(answer.utf8)), parsed.id == response.id else {
        fatalError("answer \(answer) is not one line of JSON with the request's id")
    }
    // The client side reads whatever the daemon (or an impostor on the socket) answers.
    _ = try? ControlResponse.parse(line)
}
