import Testing

/// What the argument parser says of a line it cannot read, in the reader's language: each
/// case runs the real command, so a sentence the library words differently fails here.
struct ParserMessagesTests {
    @Test(arguments: [
        (["tick", "--wek", "2026-W44"],
         "Fout: Onbekende optie '--wek'; bedoel je '--week'?", "Error: Unknown option '--wek'. Did you mean '--week'?"),
        (["import"], "Fout: Het argument '<files> ...' ontbreekt", "Error: Missing expected argument '<files> ...'"),
        (["tick", "--week"], "Fout: Geen waarde voor '--week <week>'", "Error: Missing value for '--week <week>'"),
        (["digest", "--format", "pdf"],
         "Fout: De waarde 'pdf' is ongeldig voor '--format <format>'; geef 'text', 'md', 'json' of 'html'.",
         "Error: The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text', 'md', 'json' or 'html'."),
        (["rules", "explain", "1", "2"], "Fout: Onverwacht argument '2'", "Error: Unexpected argument '2'"),
    ])
    func aLineTheParserCannotReadIsToldInTheReadersLanguage(_ arguments: [String], _ dutch: String, _ english: String) throws {
        let nl = try CoachProcess.run(arguments)
        #expect(nl.status == 64)
        let lines = nl.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == dutch, "\(nl.stderr)")
        #expect(lines.contains { $0.hasPrefix("Gebruik: coach \(arguments[0])") }, "\(nl.stderr)")
        #expect(lines.last?.hasPrefix("  Zie 'coach \(arguments[0])") == true && lines.last?.hasSuffix("--help' voor meer uitleg.") == true,
                "\(nl.stderr)")
        let en = try CoachProcess.run(arguments + ["--lang", "en"])
        #expect(en.status == 64)
        #expect(en.stderr.split(separator: "\n").first.map(String.init) == english, "\(en.stderr)")
        #expect(en.stderr.contains("Usage: coach \(arguments[0])"))
    }

    /// `--lang=en` is read too, and a value it cannot read leaves the default.
    @Test
    func theLanguageIsReadFromTheLineItself() throws {
        #expect(try CoachProcess.run(["import", "--lang=en"]).stderr.hasPrefix("Error: Missing expected argument"))
        let unknown = try CoachProcess.run(["tick", "--lang", "fr"])
        #expect(unknown.stderr.hasPrefix("Fout: De waarde 'fr' is ongeldig voor '--lang <lang>'; geef 'nl' of 'en'."), "\(unknown.stderr)")
    }
}
