import MMPersistence
import Testing

/// `MMD_CRASH_AT` (the soak's crash injection) arms exactly what it names, and a typo arms nothing silently
/// wrong: it is reported and left out.
@Suite struct CrashPointTests {
    @Test func armsEachNamedPointWithItsOdds() {
        let (armed, ignored) = CrashPoint.parse("commit:200, after-send:20,after-commit")
        #expect(armed == [.commit: 200, .afterSend: 20, .afterCommit: 1])
        #expect(ignored.isEmpty)
    }

    @Test func reportsWhatItCannotRead() {
        let (armed, ignored) = CrashPoint.parse("comit:5,commit:0,after-send:x,after-send:3")
        #expect(armed == [.afterSend: 3])
        #expect(ignored == ["'comit:5'", "'commit:0'", "'after-send:x'"])
    }

    @Test func nothingIsArmedWithoutTheVariable() {
        #expect(CrashPoint.parse("").armed.isEmpty)
    }
}
