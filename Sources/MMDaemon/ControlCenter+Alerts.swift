import MMControl

extension ControlCenter {
    /// Wires the alert sender in (`alerts.test`).
    public func register(alerts: AlertService) { self.alerts = alerts }

    /// `alerts.test`: one test alert to every destination; per destination whether it was taken, or why not
    /// (the reason is redacted: no URL or token in it).
    func alertsTest() async throws(ControlError) -> JSONValue {
        guard let alerts else { throw ControlError(.unavailable, "alerts.test: no alert destinations are configured (alerts.destinations in mmd.yaml)") }
        let results = await alerts.sendTest()
        return .object([
            "destinations": .array(results.map { result in
                .object(["name": .string(result.destination), "kind": .string(result.kind), "sent": .bool(result.isSent), "detail": .string(result.detail)])
            }),
            "sent": .integer(Int64(results.count { $0.isSent })), "failed": .integer(Int64(results.count { !$0.isSent })),
        ])
    }
}
