public import CoreMetrics
public import Prometheus

/// swift-metrics' factory over one Prometheus registry, with every metric's help text taken from
/// ``MetricCatalog`` (swift-prometheus' own factory writes none, and `promtool check metrics` wants it)
/// and histogram buckets chosen per metric. Handed to whoever makes metrics: nothing is bootstrapped
/// globally, so tests run side by side with registries of their own.
public struct CatalogMetricsFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) { self.registry = registry }

    /// Requotes are milliseconds when healthy; the tail matters up to seconds.
    static let buckets: [String: [Duration]] = [
        "mmd_requote_latency_seconds": [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000].map { .milliseconds($0) },
        "mmd_venue_request_duration_seconds": [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000].map { .milliseconds($0) },
        "mmd_scrape_duration_seconds": [1, 5, 10, 25, 50, 100, 250, 1_000].map { .milliseconds($0) },
        // One fsync is a millisecond or two on an SSD; a slow disk shows in the tail.
        "mmd_sqlite_commit_duration_seconds": [500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000].map { .microseconds($0) },
        "mmd_websocket_message_lag_seconds": [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000].map { .milliseconds($0) },
    ]

    /// Buckets of value histograms (recorders), in the metric's unit.
    static let valueBuckets: [String: [Double]] = [
        // Per-share markouts, pUSD: a tick is 0.01 or 0.001.
        "mmd_fill_markout_pusd": [-0.05, -0.02, -0.01, -0.005, -0.002, -0.001, 0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05]
    ]

    static func help(_ label: String) -> String { MetricCatalog.byName[label]?.help ?? "" }

    /// The name as given (no namespace or unit added) with the catalog's help text.
    static func descriptor(_ label: String) -> MetricNameDescriptor { MetricNameDescriptor(metricName: label, unitName: "", helpText: help(label)) }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: Self.descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(descriptor: Self.descriptor(label), labels: dimensions, buckets: Self.valueBuckets[label] ?? [1, 10, 100, 1_000, 10_000])
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: Self.descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = Self.buckets[label] ?? Self.buckets["mmd_venue_request_duration_seconds"] ?? []
        return registry.makeDurationHistogram(descriptor: Self.descriptor(label), labels: dimensions, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
