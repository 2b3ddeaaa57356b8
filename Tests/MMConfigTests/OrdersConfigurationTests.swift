import Foundation
import Testing
@testable import MMConfig

/// `orders.expirySeconds`: GTC when absent or 0, else a GTD lifetime the venue will accept.
@Suite struct OrdersConfigurationTests {
    static let rule =
        "must be 0 (GTC) or between 120 and 2592000: a GTD order is sent with expiration now + 60 s (the venue's security threshold) + expirySeconds, and Polymarket refuses expirations less than 3 minutes ahead"

    @Test(arguments: [("", nil), ("orders: {}", nil), ("orders: {expirySeconds: 0}", nil), ("orders: {expirySeconds: 120}", 120), ("orders: {expirySeconds: 3600}", 3_600)] as [(String, Int?)])
    func absentOrZeroIsGTCAndALifetimeIsKept(yaml: String, expected: Int?) throws {
        #expect(try MMConfiguration.load(yaml: yaml).orders.expirySeconds == expected)
    }

    @Test(arguments: [30, 60, 119, -5, 2_592_001])
    func aLifetimeTheVenueWouldRefuseIsNamedWithItsRule(seconds: Int) {
        #expect(ConfigurationTests.issues("orders: {expirySeconds: \(seconds)}") == ["orders.expirySeconds (\(seconds)) \(Self.rule)"])
    }

    @Test func unknownKeysAndWrongTypesAreNamed() {
        #expect(ConfigurationTests.issues("orders: {expiry: 600}") == ["orders.expiry is not a known key (known: expirySeconds); did you mean expirySeconds?"])
        #expect(ConfigurationTests.issues("orders: {expirySeconds: soon}").first?.hasPrefix("orders.expirySeconds") == true)
    }

    @Test func theShippedExampleDocumentsTheKey() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/mmd.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("# expirySeconds:"), "etc/mmd.yaml shows orders.expirySeconds with its comment")
        // Uncommented, the example value loads.
        let uncommented = text.replacingOccurrences(of: "orders: {}", with: "orders:").replacingOccurrences(of: "  # expirySeconds: 600", with: "  expirySeconds: 600")
        #expect(try MMConfiguration.load(yaml: uncommented).orders.expirySeconds == 600)
    }
}
