/// The control protocol (docs/control-protocol.md): one compact JSON object per line.
///
/// Request:  `{"v":1,"id":…,"cmd":"status","args":{…}}`
/// Response: `{"v":1,"id":…,"ok":true,"result":…}` or `{"v":1,"id":…,"ok":false,"error":{"code":…,"message":…}}`
public enum ControlProtocol {
    public static let version = 1
    /// Requests longer than this (bytes, without the newline) are refused with `line_too_long`.
    public static let maximumLineBytes = 64 * 1024
    /// Default cap on concurrent connections (`control.maxConnections`).
    public static let defaultMaximumConnections = 64
    /// Default seconds a connection may go without a complete request (`control.idleTimeoutSeconds`).
    public static let defaultIdleTimeoutSeconds = 60
    /// Seconds an over-cap ("lifeline") connection has to send its one request, and a closing connection
    /// waits for the peer to finish sending before the socket is closed.
    public static let lifelineSeconds = 5
    /// Seconds a connection the server is closing waits for the peer's EOF (reading and discarding) after
    /// its last answer, so the peer reads that answer rather than a reset.
    public static let closingGraceSeconds = 2
    /// Commands answered on a lifeline connection (over the cap): what an operator needs to stop the daemon.
    public static let lifelineCommands: Set<String> = ["status", "version", "halt"]
}

/// Stable error codes: clients may switch on them.
public enum ControlErrorCode: String, Sendable, Hashable, CaseIterable {
    case invalidJSON = "invalid_json"
    case invalidRequest = "invalid_request"
    case unsupportedVersion = "unsupported_version"
    case unknownCommand = "unknown_command"
    case invalidArguments = "invalid_arguments"
    case lineTooLong = "line_too_long"
    case unknownMarket = "unknown_market"
    case permissionDenied = "permission_denied"
    /// The connection cap is reached: only `status`, `version` and `halt` are answered (docs/control-protocol.md).
    case busy
    case unavailable
    case failed
}

public struct ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ControlErrorCode
    public var message: String

    public init(_ code: ControlErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// A parsed request line.
public struct ControlRequest: Sendable, Hashable {
    /// Echoed back unchanged; `null` when the client sent none.
    public var id: JSONValue
    public var command: String
    public var arguments: [String: JSONValue]

    public init(id: JSONValue = .null, command: String, arguments: [String: JSONValue] = [:]) {
        self.id = id
        self.command = command
        self.arguments = arguments
    }

    /// The request as one line (no newline).
    public var line: String {
        JSONValue.object(["v": .integer(ControlProtocol.version), "id": id, "cmd": .string(command), "args": .object(arguments)]).json
    }

    /// A request that could not be read, with its id when one could be.
    public struct Refusal: Error, Sendable, Hashable {
        public var id: JSONValue
        public var error: ControlError
        init(_ id: JSONValue, _ error: ControlError) {
            self.id = id
            self.error = error
        }
    }

    /// Parses one line. On failure the error carries the id when one could be read.
    public static func parse(_ bytes: [UInt8]) -> Result<ControlRequest, Refusal> {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { return .failure(Refusal(.null, ControlError(.invalidJSON, "the line is not JSON: \(error)"))) }
        guard let object = value.object else { return .failure(Refusal(.null, ControlError(.invalidRequest, "a request is a JSON object"))) }
        let id = object["id"] ?? .null
        switch id {
        case .null, .string, .number: break
        default: return .failure(Refusal(.null, ControlError(.invalidRequest, "id must be a string or a number")))
        }
        guard let version = object["v"] else { return .failure(Refusal(id, ControlError(.invalidRequest, "v (the protocol version, 1) is missing"))) }
        // Only the number 1: not "1", not 1.0 (the parser already refuses 01).
        guard version == .integer(ControlProtocol.version) else {
            return .failure(Refusal(id, ControlError(.unsupportedVersion, "protocol version \(version.json) is not supported; this daemon speaks v1")))
        }
        guard let command = object["cmd"]?.string, !command.isEmpty else { return .failure(Refusal(id, ControlError(.invalidRequest, "cmd (a string) is missing"))) }
        let arguments: [String: JSONValue]
        switch object["args"] {
        case nil, .null?: arguments = [:]
        case .object(let fields)?: arguments = fields
        default: return .failure(Refusal(id, ControlError(.invalidRequest, "args must be an object")))
        }
        return .success(ControlRequest(id: id, command: command, arguments: arguments))
    }
}

/// A response line.
public struct ControlResponse: Sendable, Hashable {
    public var id: JSONValue
    public var outcome: Result<JSONValue, ControlError>

    public init(id: JSONValue, outcome: Result<JSONValue, ControlError>) {
        self.id = id
        self.outcome = outcome
    }

    public var line: String {
        switch outcome {
        case .success(let result):
            return JSONValue.object(["v": .integer(ControlProtocol.version), "id": id, "ok": .bool(true), "result": result]).json
        case .failure(let error):
            return JSONValue.object([
                "v": .integer(ControlProtocol.version), "id": id, "ok": .bool(false),
                "error": .object(["code": .string(error.code.rawValue), "message": .string(error.message)]),
            ]).json
        }
    }

    /// Parses a response line (the client side).
    public static func parse(_ bytes: [UInt8]) throws(ControlError) -> ControlResponse {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw ControlError(.invalidJSON, "the daemon's answer is not JSON: \(error)") }
        guard let object = value.object, let ok = object["ok"]?.bool else { throw ControlError(.invalidRequest, "the daemon's answer has no ok field") }
        let id = object["id"] ?? .null
        if ok { return ControlResponse(id: id, outcome: .success(object["result"] ?? .null)) }
        let code = object["error"]?["code"]?.string.flatMap(ControlErrorCode.init(rawValue:)) ?? .failed
        return ControlResponse(id: id, outcome: .failure(ControlError(code, object["error"]?["message"]?.string ?? "no message")))
    }
}
