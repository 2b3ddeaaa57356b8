import MMCore

/// Runs a scenario in accelerated virtual time against an in-process exchange.
public struct ScenarioRunner: Sendable {
    public var engine: ScenarioEngine
    public var exchange: SimExchange
    public private(set) var now: Int64
    public private(set) var eventCount = 0

    public init(scenario: Scenario, settings: SimExchangeSettings = SimExchangeSettings(), startMilliseconds: Int64 = 1_780_000_000_000) {
        var settings = settings
        settings.seed = scenario.seed
        var exchange = SimExchange(settings: settings, markets: [])
        let engine = ScenarioEngine(scenario: scenario, startMilliseconds: startMilliseconds)
        engine.install(on: &exchange)
        self.engine = engine
        self.exchange = exchange
        now = startMilliseconds
    }

    /// Advances one scenario step; `between` runs after the scenario acts (e.g. the participants under test).
    public mutating func step() {
        now += engine.scenario.stepMilliseconds
        engine.step(exchange: &exchange, nowMilliseconds: now)
        eventCount += exchange.drainEvents().count
    }

    /// Runs to the end of the scenario.
    public mutating func runToEnd() {
        let end = engine.startMilliseconds + engine.scenario.durationMilliseconds
        while now < end { step() }
    }
}
