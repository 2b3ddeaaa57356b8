import AsyncHTTPClient
public import CoreMetrics
import Foundation
import Logging
public import MMConfig
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
import Synchronization

/// Sends alerts: one service of the daemon's group. It runs the pure ``AlertPolicy`` on its own task and
/// performs each send as a child task, so nothing the daemon does waits on a destination; incidents
/// arrive through ``sink`` without blocking.
///
/// Secrets (webhook URLs, tokens) come from systemd credentials and never reach a log line: logs name the
/// destination, and error text is passed through ``AlertSecret/redact(_:)``.
public final class AlertService: Service, Sendable {
    public let configuration: AlertsConfiguration
    let secrets: [AlertSecret]
    let http: HTTPClient
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64
    /// How often the policy looks at the time (repeats, back-offs, rate limits).
    let tickInterval: Duration
    /// The longest one send may take. AsyncHTTPClient keeps retrying a refused connection until then,
    /// so a destination that is down costs one timeout per attempt.
    let requestTimeout: Duration
    /// `/readyz`'s checks, sampled every second for the not-ready alert; `nil`: not watched.
    let readiness: (@Sendable () async -> [ReadinessCheck])?
    public let sink: AlertSink
    /// Where the alert counters go (`docs/metrics.md`); `nil`: not exported.
    let metrics: (any MetricsFactory)?
    let inputs: AsyncStream<AlertSink.Input>
    let snapshot = Mutex(AlertStatus())

    public init(
        configuration: AlertsConfiguration, secrets: [AlertSecret], http: HTTPClient = .shared, logger: Logger,
        readiness: (@Sendable () async -> [ReadinessCheck])? = nil, tickInterval: Duration = .milliseconds(200),
        requestTimeout: Duration = .seconds(10), metrics: (any MetricsFactory)? = nil, nowMilliseconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }
    ) {
        precondition(secrets.count == configuration.destinations.count, "one secret per destination")
        self.configuration = configuration
        self.secrets = secrets
        self.http = http
        self.logger = logger
        self.readiness = readiness
        self.tickInterval = tickInterval
        self.requestTimeout = requestTimeout
        self.metrics = metrics
        self.nowMilliseconds = nowMilliseconds
        let (stream, continuation) = AsyncStream<AlertSink.Input>.makeStream(bufferingPolicy: .bufferingNewest(4_096))
        inputs = stream
        sink = AlertSink(continuation: continuation)
    }

    /// Every destination's secret from `$CREDENTIALS_DIRECTORY/<credential>`.
    /// - Throws: ``DaemonError`` naming the missing credential (never its content).
    public static func loadSecrets(for configuration: AlertsConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DaemonError) -> [AlertSecret] {
        var secrets: [AlertSecret] = []
        for destination in configuration.destinations {
            guard let directory = environment["CREDENTIALS_DIRECTORY"], let text = try? String(contentsOfFile: directory + "/" + destination.credential, encoding: .utf8),
                !Daemon.isUnset(text)
            else {
                throw DaemonError(
                    "alerts destination \(destination.name): the credential \(destination.credential) is missing: add LoadCredential=\(destination.credential):/etc/mmd/credentials/\(destination.credential) to the unit (a file holding the \(destination.kind == .telegram ? "bot token" : "webhook URL"))")
            }
            secrets.append(AlertSecret(text))
        }
        return secrets
    }

    public func run() async throws {
        let settings = AlertPolicy.Settings(
            repeatIntervalMilliseconds: Int64(configuration.repeatIntervalSeconds) * 1_000, retryWindowMilliseconds: Int64(configuration.retryWindowSeconds) * 1_000)
        var policy = AlertPolicy(settings: settings, ratesPerMinute: configuration.destinations.map(\.ratePerMinute), now: nowMilliseconds())
        logger.notice("alerts on", metadata: ["destinations": "\(configuration.destinations.map(\.name).joined(separator: ","))"])
        await withDiscardingTaskGroup { group in
            let sink = self.sink
            let tick = tickInterval
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: tick)
                    sink.continuation.yield(.tick)
                }
            }
            if let readiness { group.addTask { await self.watchReadiness(readiness) } }
            for await input in inputs.cancelOnGracefulShutdown() {
                let now = nowMilliseconds()
                let actions: [AlertPolicy.Action]
                switch input {
                case .report(let incident): actions = policy.report(incident, now: now)
                case .resolve(let event, let market): actions = policy.resolve(event, market: market, now: now)
                case .completed(let destination, let id, let outcome):
                    log(outcome, destination: destination, notification: id)
                    actions = policy.completed(destination: destination, notification: id, outcome: outcome, now: now)
                case .tick: actions = policy.tick(now: now)
                }
                for action in actions {
                    switch action {
                    case .notified(let notification):
                        logger.notice(
                            "alert", metadata: ["alert": "\(notification.incident.event.alertName)", "status": "\(notification.status.rawValue)", "market": "\(notification.incident.market ?? "")", "summary": "\(notification.incident.summary)"])
                        count("mmd_alerts_notified_total", [("alertname", notification.incident.event.alertName), ("status", notification.status.rawValue)])
                    case .send(let send):
                        group.addTask { await self.perform(send) }
                    case .dropped(let destination, let notification, let reason):
                        logger.warning(
                            "alert dropped", metadata: ["destination": "\(configuration.destinations[destination].name)", "alert": "\(notification.incident.event.rawValue)", "reason": "\(reason)"])
                        count("mmd_alerts_dropped_total", [("destination", configuration.destinations[destination].name), ("reason", reason.label)])
                    }
                }
                let counters = policy.counters
                let firing = policy.firing
                let suppressed = policy.suppressed
                let before = snapshot.withLock { $0.suppressed }
                if suppressed > before { count("mmd_alerts_suppressed_total", [], by: suppressed - before) }
                snapshot.withLock {
                    $0.counters = counters
                    $0.firing = firing
                    $0.suppressed = suppressed
                }
            }
            group.cancelAll()
        }
    }

    /// What the policy has done so far (for `status` and tests).
    public var status: AlertStatus { snapshot.withLock { $0 } }

    private func perform(_ send: AlertSend) async {
        let destination = configuration.destinations[send.destination]
        let request = AlertPayload.request(send.notification, to: destination, secret: secrets[send.destination])
        let outcome = await deliver(request, secret: secrets[send.destination], kind: destination.kind)
        sink.continuation.yield(.completed(destination: send.destination, notification: send.notification.id, outcome: outcome))
    }

    private func count(_ name: String, _ dimensions: [(String, String)], by amount: Int = 1) {
        guard let metrics else { return }
        CoreMetrics.Counter(label: name, dimensions: dimensions, factory: metrics).increment(by: Int64(amount))
    }

    private func log(_ outcome: AlertPolicy.Outcome, destination: Int, notification: UInt64) {
        let name = configuration.destinations[destination].name
        switch outcome {
        case .delivered:
            logger.debug("alert delivered", metadata: ["destination": "\(name)", "notification": "\(notification)"])
            count("mmd_alerts_delivered_total", [("destination", name)])
        case .retry(let after, let reason):
            count("mmd_alert_send_failures_total", [("destination", name)])
            logger.warning("alert send failed; retrying", metadata: ["destination": "\(name)", "reason": "\(reason)", "retry_after_ms": "\(after.map(String.init) ?? "backoff")"])
        case .rejected(let reason):
            count("mmd_alert_send_failures_total", [("destination", name)])
            logger.error("alert refused by the destination", metadata: ["destination": "\(name)", "reason": "\(reason)"])
        }
    }

    /// One POST; the outcome the policy needs. Error text is redacted: AsyncHTTPClient's errors can name the URL.
    func deliver(_ request: AlertRequest, secret: AlertSecret, kind: AlertDestinationConfiguration.Kind) async -> AlertPolicy.Outcome {
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "User-Agent", value: "mmd/\(ControlCenter.version)")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await self.http.execute(http, timeout: .init(requestTimeout))
            let header = response.headers.first(name: "Retry-After")
            let body = (try? await response.body.collect(upTo: 65_536)).map { String(buffer: $0) } ?? ""
            let code = Int(response.status.code)
            switch code {
            case 200..<300: return .delivered
            case 408, 425, 429, 500...:
                let after = RetryAfter.milliseconds(header, now: nowMilliseconds()) ?? Self.bodyRetryAfter(body)
                return .retry(afterMilliseconds: after, reason: "HTTP \(code)")
            default:
                return .rejected(reason: "HTTP \(code): \(secret.redact(String(body.prefix(200))))")
            }
        } catch {
            return .retry(afterMilliseconds: nil, reason: secret.redact("\(error)"))
        }
    }

    /// Telegram and Discord say how long to wait in the body of a 429 (`"retry_after": 3`, seconds;
    /// Discord may give a fraction, rounded up here).
    static func bodyRetryAfter(_ body: String) -> Int64? {
        guard let range = body.range(of: "\"retry_after\"") else { return nil }
        let rest = body[range.upperBound...].drop { $0 == ":" || $0 == " " }
        let digits = rest.prefix { $0.isNumber }
        guard let whole = Int64(digits), whole <= 86_400 else { return nil }
        let fraction = rest.dropFirst(digits.count).first == "." && rest.dropFirst(digits.count + 1).first?.isNumber == true
        return (whole + (fraction ? 1 : 0)) * 1_000
    }

    private func watchReadiness(_ readiness: @Sendable () async -> [ReadinessCheck]) async {
        var watch = NotReadyWatch(thresholdMilliseconds: Int64(configuration.notReadySeconds) * 1_000)
        while !Task.isCancelled {
            let checks = await readiness()
            let failing = checks.filter { !$0.passes }.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")
            switch watch.observe(ready: failing.isEmpty, failing: failing, now: nowMilliseconds()) {
            case .fire(let failing, let milliseconds)?:
                sink.report(AlertIncident(.notReady, summary: "mmd not ready for \(milliseconds / 1_000) s", description: failing))
            case .resolve?: sink.resolve(.notReady)
            case nil: break
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// `mmctl alerts test`: one test notification to every destination, once each, outside the queue and
    /// its rate limit; the answer says per destination whether it was taken.
    public func sendTest() async -> [AlertTestResult] {
        let now = nowMilliseconds()
        let incident = AlertIncident(.test, summary: "test alert from mmd", description: "sent by mmctl alerts test; nothing is wrong")
        let notification = AlertNotification(id: 0, incident: incident, status: .firing, startsAtMilliseconds: now, endsAtMilliseconds: nil)
        return await withTaskGroup(of: (Int, AlertTestResult).self) { group in
            for (index, destination) in configuration.destinations.enumerated() {
                let secret = secrets[index]
                group.addTask {
                    let outcome = await self.deliver(AlertPayload.request(notification, to: destination, secret: secret), secret: secret, kind: destination.kind)
                    let detail: String
                    switch outcome {
                    case .delivered: detail = "sent"
                    case .retry(_, let reason), .rejected(let reason): detail = reason
                    }
                    return (index, AlertTestResult(destination: destination.name, kind: destination.kind.rawValue, isSent: outcome == .delivered, detail: detail))
                }
            }
            var results: [(Int, AlertTestResult)] = []
            for await result in group { results.append(result) }
            let answers = results.sorted { $0.0 < $1.0 }.map(\.1)
            for answer in answers {
                logger.notice("alert test", metadata: ["destination": "\(answer.destination)", "sent": "\(answer.isSent)", "detail": "\(answer.detail)"])
            }
            return answers
        }
    }
}

/// What `mmctl alerts test` reports per destination.
public struct AlertTestResult: Sendable, Hashable {
    public var destination: String
    public var kind: String
    public var isSent: Bool
    /// `sent`, or why not (redacted).
    public var detail: String
}

/// The service's counters after its last step.
public struct AlertStatus: Sendable, Hashable {
    public var counters: [AlertDeliveryCounters] = []
    public var firing: [AlertKey] = []
    public var suppressed = 0
}
