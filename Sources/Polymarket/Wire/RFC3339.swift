/// RFC 3339 date-times as the venue writes them (`2026-01-16T15:30:08Z`, `…08.250Z`, `…08+02:00`), read
/// by hand into Unix milliseconds.
///
/// Not `ISO8601DateFormatter`: the ICU parser behind it dies with SIGFPE on a long fraction of a second
/// (`…08.000…000Z` with a hundred digits, found by fuzzing, docs/fuzzing.md), which would let one venue
/// message stop the daemon. Here every field has a fixed width and a range, so nothing can overflow, and no
/// floating point stands between the text and the milliseconds.
public enum RFC3339 {
    /// Unix milliseconds, or `nil` for anything that is not one RFC 3339 date-time. A fraction is
    /// rounded half up to the millisecond (any number of digits is read; only four matter).
    public static func milliseconds(_ text: String) -> Int64? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"), let day = reader.digits(2),
            reader.skip("T") || reader.skip("t"), let hour = reader.digits(2), reader.skip(":"), let minute = reader.digits(2), reader.skip(":"),
            let second = reader.digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var fraction: Int64 = 0
        if reader.skip(".") {
            var count = 0
            var roundUp = false
            while let digit = reader.digit() {
                if count < 3 { fraction = fraction * 10 + digit } else if count == 3 { roundUp = digit >= 5 }
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 3) { fraction *= 10 }
            if roundUp { fraction += 1 }
        }
        let offsetMinutes: Int64
        if reader.skip("Z") || reader.skip("z") {
            offsetMinutes = 0
        } else {
            let sign: Int64
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
            guard let hours = reader.digits(2), reader.skip(":"), let minutes = reader.digits(2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard reader.atEnd else { return nil }
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1_000 + fraction
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (the civil-from-days inverse, eras of 400 years).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}
