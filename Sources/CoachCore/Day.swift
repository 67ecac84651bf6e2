/// A calendar day (`2026-09-07`), the unit every record is dated in.
///
/// Days are what schools write and what rules compare; no time zone or clock is involved, so
/// replaying the same records gives the same answers.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    LosslessStringConvertible
{
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        var text = text
        guard let day = text.withUTF8({ Day(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = day
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes: every dated row read for a rule is parsed
    /// here, straight from the database's buffer.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(bytes[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        // Built from ASCII digits directly: days are formatted for every row written.
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 45, 0, 0, 45, 0, 0)
        let zero = UInt8(ascii: "0")
        bytes.0 = zero + UInt8(year / 1000 % 10)
        bytes.1 = zero + UInt8(year / 100 % 10)
        bytes.2 = zero + UInt8(year / 10 % 10)
        bytes.3 = zero + UInt8(year % 10)
        bytes.5 = zero + UInt8(month / 10)
        bytes.6 = zero + UInt8(month % 10)
        bytes.8 = zero + UInt8(day / 10)
        bytes.9 = zero + UInt8(day % 10)
        return withUnsafeBytes(of: &bytes) { String(decoding: $0, as: UTF8.self) }
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// Days since 0001-01-01 (day 0), for arithmetic.
    public var ordinal: Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        for m in 1..<month { days += Day.daysIn(month: m, year: year) }
        return days + day - 1
    }

    /// The day with the given ordinal (see ``ordinal``), clamped to 0001-01-01...9999-12-31.
    public init(ordinal: Int) {
        let ordinal = min(max(ordinal, 0), 3_652_058)
        var y = min(9999, max(1, ordinal / 366))
        while y < 9999, Day(year: y + 1, month: 1, day: 1)!.ordinal <= ordinal { y += 1 }
        var m = 1
        var rest = ordinal - Day(year: y, month: 1, day: 1)!.ordinal
        while rest >= Day.daysIn(month: m, year: y) {
            rest -= Day.daysIn(month: m, year: y)
            m += 1
        }
        self.init(year: y, month: m, day: rest + 1)!
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: Day) -> Int { other.ordinal - ordinal }

    /// 1 = Monday ... 7 = Sunday.
    public var weekday: Int { (ordinal % 7) + 1 }

    /// The ISO 8601 week this day belongs to.
    public var isoWeek: IsoWeek {
        let thursday = adding(days: 4 - weekday)
        let firstOfYear = Day(year: thursday.year, month: 1, day: 1)!
        return IsoWeek(year: thursday.year, week: firstOfYear.days(to: thursday) / 7 + 1)!
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected a date as YYYY-MM-DD, got '\(Quoted.shortened(text))'"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An ISO 8601 week (`2026-W43`), the unit of a coach's digest.
public struct IsoWeek: Sendable, Hashable, Comparable, CustomStringConvertible,
    LosslessStringConvertible
{
    public let year: Int
    public let week: Int

    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), week >= 1, week <= IsoWeek.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www`, e.g. `2026-W43`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
              let y = Int(parts[0]), let w = Int(parts[1].dropFirst()),
              parts[1].dropFirst().allSatisfy(\.isNumber)
        else { return nil }
        self.init(year: y, week: w)
    }

    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }

    /// Monday of the week.
    public var monday: Day {
        let jan4 = Day(year: year, month: 1, day: 4)!
        return jan4.adding(days: 1 - jan4.weekday + (week - 1) * 7)
    }

    /// Sunday of the week.
    public var sunday: Day { monday.adding(days: 6) }

    public static func < (a: IsoWeek, b: IsoWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }

    static func weeks(in year: Int) -> Int {
        // A year has 53 weeks when it starts on a Thursday, or on a Wednesday in a leap year.
        guard let jan1 = Day(year: year, month: 1, day: 1) else { return 52 }
        return jan1.weekday == 4 || (jan1.weekday == 3 && Day.isLeap(year)) ? 53 : 52
    }
}
