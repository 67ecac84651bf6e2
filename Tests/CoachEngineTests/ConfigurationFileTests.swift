import CoachCore
import CoachEngine
import Foundation
import Testing

/// A policy team's `coach.json` that cannot be used is refused in one line that names the
/// file and the setting, in the reader's language.
struct ConfigurationFileTests {
    /// The refusal of `text`, in English and in Dutch.
    func refusal(_ text: String) -> (en: String, nl: String)? {
        do {
            _ = try ConfigurationFile.load(data: Data(text.utf8), file: "coach.json")
            return nil
        } catch {
            return (error.text(.en), error.text(.nl))
        }
    }

    @Test
    func aGoodFileIsRead() throws {
        let configuration = try ConfigurationFile.load(data: Data(#"{"disabled": ["static-groups"], "smallGroup": 3}"#.utf8), file: "coach.json")
        #expect(configuration.disabled == ["static-groups"])
        #expect(configuration.smallGroup == 3)
    }

    @Test(arguments: [
        (#"{"disabeld": ["static-groups"]}"#,
         "coach.json: 'disabeld' is not a setting (the settings: promptsPerTeacher, quarantineAfter, smallGroup, as, shadow, disabled, params, schools)",
         "coach.json: 'disabeld' is geen instelling (de instellingen: promptsPerTeacher, quarantineAfter, smallGroup, as, shadow, disabled, params, schools)"),
        (#"{"schools": {"s1": {"disabled": []}}}"#,
         "coach.json: schools.s1: 'disabled' is not a setting (a school has params)",
         "coach.json: schools.s1: 'disabled' is geen instelling (een school heeft alleen params)"),
        (#"{"smallGroup": 1}"#,
         "coach.json: smallGroup must be at least 2 (fewer would show one person), got 1",
         "coach.json: smallGroup moet minstens 2 zijn (minder zou één persoon tonen), niet 1"),
        (#"{"promptsPerTeacher": 0}"#,
         "coach.json: promptsPerTeacher must be at least 1, got 0",
         "coach.json: promptsPerTeacher moet minstens 1 zijn, niet 0"),
        (#"{"disabled": "static-groups"}"#,
         "coach.json: disabled: has the wrong type",
         "coach.json: disabled: heeft het verkeerde type"),
        (#"["static-groups"]"#,
         #"coach.json: must be a JSON object, like { "disabled": ["static-groups"] }"#,
         #"coach.json: moet een JSON-object zijn, zoals { "disabled": ["static-groups"] }"#),
        ("{", "coach.json: not valid JSON", "coach.json: geen geldige JSON"),
    ])
    func aFileThatCannotBeUsedIsRefusedInBothLanguages(_ text: String, _ english: String, _ dutch: String) {
        let refused = refusal(text)
        #expect(refused?.en == english)
        #expect(refused?.nl == dutch)
    }
}
