import ArgumentParser
import Foundation
import MMControl

/// mmctl: the operator CLI for mmd over its control socket.
@main
struct MMCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmctl", abstract: "Operate a running mmd: status, P&L, stats, pause, resume, liquidate, halt and more.",
        discussion: """
            Talks to mmd over its control socket (line-delimited JSON, docs/control-protocol.md).
            Exit codes: 0 success; 1 the daemon refused or failed the command; 64 bad usage;
            69 mmd is not running (no socket); 77 permission denied (join the mmd group); 74 I/O error.
            Shell completions: mmctl --generate-completion-script bash|zsh|fish.
            """,
        subcommands: [
            Status.self, PnL.self, Markets.self, Orders.self, Fills.self, Pause.self, Resume.self, Liquidate.self, Halt.self, Config.self, Reload.self,
            LogLevel.self, Rewards.self, Stats.self, Alerts.self, Version.self,
        ])
}

/// Options every command takes.
struct Connection: ParsableArguments {
    @Option(help: "The control socket (default: $MMD_SOCKET, else /run/mmd/mmd.sock).") var socket: String?
    @Flag(help: "Print the daemon's JSON result instead of a table.") var json = false

    var path: String { socket ?? ProcessInfo.processInfo.environment["MMD_SOCKET"] ?? "/run/mmd/mmd.sock" }

    /// Sends one command and prints the result; failures exit with the documented codes.
    func run(_ command: String, _ arguments: [String: JSONValue] = [:], render: (JSONValue) -> String) throws {
        let client: ControlClient
        do { client = try ControlClient(path: path) } catch { throw Self.exit(error) }
        let outcome: Result<JSONValue, ControlError>
        do { outcome = try client.call(command, arguments) } catch { throw Self.exit(error) }
        switch outcome {
        case .success(let result):
            print(json ? result.json : render(result))
        case .failure(let error):
            if json {
                print(JSONValue.object(["error": .object(["code": .string(error.code.rawValue), "message": .string(error.message)])]).json)
            } else {
                FileHandle.standardError.write(Data("mmctl: \(error.message) [\(error.code.rawValue)]\n".utf8))
            }
            throw ExitCode(1)
        }
    }

    static func exit(_ failure: ControlClient.Failure) -> ExitCode {
        FileHandle.standardError.write(Data("mmctl: \(failure.description)\n".utf8))
        switch failure {
        case .notRunning: return ExitCode(69)
        case .accessDenied: return ExitCode(77)
        case .io: return ExitCode(74)
        }
    }
}

/// A market argument or `--all`, for the commands that act on markets.
struct MarketChoice: ParsableArguments {
    @Argument(help: "A market's condition id (or a unique prefix of at least 6 characters).") var market: String?
    @Flag(help: "Every market.") var all = false

    func validate() throws {
        if market == nil && !all { throw ValidationError("name a market or pass --all") }
        if market != nil && all { throw ValidationError("give a market or --all, not both") }
    }

    var arguments: [String: JSONValue] { market.map { ["market": .string($0)] } ?? ["all": .bool(true)] }
}
