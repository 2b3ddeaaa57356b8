import ArgumentParser
import MMControl

struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Alert destinations (alerts: in mmd.yaml).", subcommands: [Test.self])

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test alert to every destination and say, per destination, whether it was taken.",
            discussion: "Each destination gets one request (no retry, outside the rate limit); a failure names the HTTP status or the error, never the URL or token. Exits 1 when any destination failed.")
        @OptionGroup var connection: Connection

        func run() throws {
            var failed = 0
            try connection.run("alerts.test") { result in
                failed = Int(result["failed"]?.int64 ?? 0)
                let rows = (result["destinations"]?.array ?? []).map { row -> JSONValue in
                    guard case .object(var fields) = row else { return row }
                    fields["result"] = .string(row["sent"]?.bool == true ? "sent" : "FAILED")
                    return .object(fields)
                }
                return Table.render(rows, columns: [("DESTINATION", "name"), ("KIND", "kind"), ("RESULT", "result"), ("DETAIL", "detail")])
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
