import Foundation
import Logging
import MMControl
import MMCore
import Testing

@Suite struct ControlProtocolTests {
    /// A handler that reports what it was asked, so tests see the parsed command.
    static let server = ControlServer(path: "/unused", logger: Logger(label: "test")) { command, peer in
        .success(.object(["command": .string("\(command)"), "uid": .integer(peer.uid)]))
    }
    static let peer = PeerCredentials(pid: 1, uid: 1000, gid: 1000)

    static func respond(_ line: String) async -> ControlResponse {
        await server.respond(to: .line(Array(line.utf8)), peer: peer)
    }

    static func code(_ response: ControlResponse) -> ControlErrorCode? {
        if case .failure(let error) = response.outcome { error.code } else { nil }
    }

    @Test func aValidRequestIsAnsweredWithItsID() async {
        let response = await Self.respond(#"{"v":1,"id":"abc","cmd":"pause","args":{"market":"0x01"}}"#)
        #expect(response.id == .string("abc"))
        #expect(response.line.hasPrefix(#"{"id":"abc","ok":true,"result":{"command":"pause(MMControl.MarketSelector.market(\"0x01\"))""#))
        let numeric = await Self.respond(#"{"v":1,"id":42,"cmd":"liquidate","args":{"mode":"limit","all":true}}"#)
        #expect(numeric.id == .number("42"))
        #expect(Self.code(numeric) == nil)
    }

    @Test(arguments: [
        ("{not json", ControlErrorCode.invalidJSON),
        ("[1,2]", .invalidRequest),
        (#"{"id":1,"cmd":"status"}"#, .invalidRequest),
        (#"{"v":2,"id":1,"cmd":"status"}"#, .unsupportedVersion),
        (#"{"v":1,"id":1}"#, .invalidRequest),
        (#"{"v":1,"id":{"x":1},"cmd":"status"}"#, .invalidRequest),
        (#"{"v":1,"id":1,"cmd":"status","args":[1]}"#, .invalidRequest),
        (#"{"v":1,"id":1,"cmd":"explode"}"#, .unknownCommand),
        (#"{"v":1,"id":1,"cmd":"status","args":{"verbose":true}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"pause"}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"pause","args":{"market":"0x1","all":true}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"liquidate","args":{"mode":"panic","all":true}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"fills","args":{"limit":"many"}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"fills","args":{"limit":0}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"config.set","args":{"key":"strategy.orderSize"}}"#, .invalidArguments),
        (#"{"v":1,"id":1,"cmd":"pnl","args":{"market":7}}"#, .invalidArguments),
    ])
    func badRequestsGetTheirErrorCode(line: String, expected: ControlErrorCode) async {
        let response = await Self.respond(line)
        #expect(Self.code(response) == expected, "\(line) → \(response.line)")
        #expect(response.line.contains(#""ok":false"#))
    }

    @Test func theIDIsEchoedEvenWhenTheCommandIsBad() async {
        let response = await Self.respond(#"{"v":1,"id":"x-9","cmd":"nope"}"#)
        #expect(response.id == .string("x-9"))
    }

    @Test func everyChunkingGivesTheSameLines() {
        let stream = Array(#"{"v":1,"id":1,"cmd":"status"}"#.utf8) + [0x0A] + Array(#"{"v":1,"id":2,"cmd":"pnl"}"#.utf8) + [0x0D, 0x0A, 0x0A]
        var whole = LineFramer()
        let expected = whole.append(stream)
        #expect(expected.count == 2)
        var random = SystemRandomNumberGenerator()
        for split in 0...stream.count {
            var framer = LineFramer()
            #expect(framer.append(stream[..<split]) + framer.append(stream[split...]) == expected)
        }
        for _ in 0..<200 {
            var framer = LineFramer()
            var frames: [LineFramer.Frame] = []
            var offset = 0
            while offset < stream.count {
                let size = Int.random(in: 1...7, using: &random)
                frames += framer.append(stream[offset..<min(offset + size, stream.count)])
                offset += size
            }
            #expect(frames == expected)
        }
    }

    @Test func anOversizeLineIsReportedOnceAndTheNextLineStillWorks() {
        var framer = LineFramer(maximumBytes: 16)
        var frames = framer.append(Array(repeating: UInt8(ascii: "a"), count: 40))
        frames += framer.append(Array(repeating: UInt8(ascii: "b"), count: 40) + [0x0A] + Array("short".utf8) + [0x0A])
        #expect(frames == [.tooLong, .line(Array("short".utf8))])
    }

    @Test func fuzzedInputNeverCrashesAndEveryLineGetsOneAnswer() async {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,0123456789.-eE tfnrulasv\idcmgp"#.utf8) + [0x0A, 0x00, 0xFF, 0xC3]
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...120, using: &random)
            var bytes = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            if Bool.random(using: &random) { bytes = Array(#"{"v":1,"id":3,"cmd":"#.utf8) + bytes }
            var framer = LineFramer(maximumBytes: 64)
            for frame in framer.append(bytes + [0x0A]) {
                let response = await Self.server.respond(to: frame, peer: Self.peer)
                let line = Array(response.line.utf8)
                #expect(!line.contains(0x0A))
                #expect((try? ControlResponse.parse(line)) != nil)
            }
        }
    }

    @Test func jsonRoundTripsWithoutFloatingPoint() throws {
        let text = #"{"a":[1,-2.50,3e2,true,false,null],"b":"q\"\\\n\u00e9","c":{}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"]?.array?[1] == .number("-2.50"))
        #expect(value["b"]?.string == "q\"\\\né")
        #expect(try JSONParser.parse(Array(value.json.utf8)) == value)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("[1,]".utf8)) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(String(repeating: "[", count: 40).utf8)) }
    }
}
