@testable import CoachReports
import Testing

/// What `coach retention` and `coach erase` print.
struct PrivacyTextTests {
    @Test
    func thePupilsWhoLeaveAreNamedByIdUpToTwenty() {
        #expect(PrivacyText.listed(["p2", "p10", "p1"], nl: true) == "p1, p10, p2")
        let many = (1...23).map { "p\($0)" }
        let shown = PrivacyText.listed(many, nl: true)
        #expect(shown.hasSuffix(" en nog 3") && shown.split(separator: ",").count == 20, "\(shown)")
        #expect(PrivacyText.listed(many, nl: false).hasSuffix(" and 3 more"))
    }
}
