import ArgumentParser
import MMControl

struct Rewards: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Liquidity rewards of a UTC day per market: the model's expectation, what the venue paid, and paid ÷ expected.",
        discussion: "Fetches the venue's figure for the day first (GET /rewards/user) and stores it beside the expectation.")
    @OptionGroup var connection: Connection
    @Option(help: "The UTC day, YYYY-MM-DD (default: today).") var day: String?

    func run() throws {
        try connection.run("rewards", day.map { ["day": .string($0)] } ?? [:]) { result in
            var text = "\(result["day"]?.string ?? "?")  expected \(result["expected"]?.string ?? "0")  paid \(result["paid"]?.string ?? "0")"
                + "  ratio \(result["ratio"]?.string ?? "-")\n"
            text += Table.render(result["markets"]?.array ?? [], columns: [("MARKET", "market"), ("EXPECTED", "expected"), ("PAID", "paid"), ("RATIO", "ratio"), ("NAME", "name")])
            return text
        }
    }
}
