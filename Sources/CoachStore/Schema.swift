import GRDB

/// The database schema, as migrations.
///
/// A migration never changes once shipped: databases in schools were made by it. Change the
/// schema by adding a migration at the end. Migrations name tables and columns as strings,
/// never through the Swift types, so that renaming a property cannot change history.
package enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records", migrate: v1Records)
        migrator.registerMigration("v2-engine", migrate: v2Engine)
        migrator.registerMigration("v3-dispatch", migrate: v3Dispatch)
        migrator.registerMigration("v4-current-by-class", migrate: v4CurrentByClass)
        migrator.registerMigration("v5-time-true", migrate: v5TimeTrue)
        migrator.registerMigration("v6-settings", migrate: v6Settings)
        migrator.registerMigration("v7-import-keys", migrate: v7ImportKeys)
        migrator.registerMigration("v8-results-by-date", migrate: v8ResultsByDate)
        migrator.registerMigration("v9-track-since", migrate: v9TrackSince)
        migrator.registerMigration("v10-levels", migrate: v10Levels)
        migrator.registerMigration("v11-legend-codes", migrate: v11LegendCodes)
        migrator.registerMigration("v12-uses-and-sharing", migrate: v12UsesAndSharing)
        migrator.registerMigration("v13-central-results", migrate: v13CentralResults)
        migrator.registerMigration("v14-health-per-school", migrate: v14HealthPerSchool)
        migrator.registerMigration("v15-import-keys-by-day", migrate: v15ImportKeysByDay)
        migrator.registerMigration("v16-one-result-index-per-pupil", migrate: v16OneResultIndexPerPupil)
        // Foreign keys off while the tables are rebuilt, checked at the end (GRDB's default,
        // spelled out): with them on, dropping `observation` would delete every score.
        migrator.registerMigration("v17-checks-without-lists", foreignKeyChecks: .deferred, migrate: v17ChecksWithoutLists)
        migrator.registerMigration("v18-feedback-by-class-and-day", migrate: v18FeedbackByClassAndDay)
        migrator.registerMigration("v19-placement-version", migrate: v19PlacementVersion)
        migrator.registerMigration("v20-placements-by-class-and-end", migrate: v20PlacementsByClassAndEnd)
        migrator.registerMigration("v21-pupils-in-their-indexes", migrate: v21PupilsInTheirIndexes)
        migrator.registerMigration("v22-record-versions", migrate: v22RecordVersions)
        migrator.registerMigration("v23-no-pupil-or-class-feedback-index", migrate: v23NoPupilOrClassFeedbackIndex)
        migrator.registerMigration("v24-erasure-version", migrate: v24ErasureVersion)
        migrator.registerMigration("v25-pupils-classes-over-time", migrate: v25PupilsClassesOverTime)
        migrator.registerMigration("v26-school-region", migrate: v26SchoolRegion)
        migrator.registerMigration("v27-pupils-who-left", migrate: v27PupilsWhoLeft)
        migrator.registerMigration("v28-school-kept-from", migrate: v28SchoolKeptFrom)
        return migrator
    }

    /// Schools, people, curriculum, kijkwijzers, the three kinds of records, and the event log.
    static func v1Records(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE school (
              id TEXT PRIMARY KEY NOT NULL,
              name TEXT NOT NULL,
              language TEXT NOT NULL CHECK (language IN ('nl', 'en'))
            );
            CREATE TABLE teacher (
              id TEXT PRIMARY KEY NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              name TEXT NOT NULL
            );
            CREATE INDEX teacher_school ON teacher(schoolId);
            CREATE TABLE coach (
              id TEXT PRIMARY KEY NOT NULL,
              name TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('internal', 'external'))
            );
            CREATE TABLE coachAssignment (
              coachId TEXT NOT NULL REFERENCES coach(id),
              scope TEXT NOT NULL CHECK (scope IN ('school', 'class', 'teacher')),
              scopeId TEXT NOT NULL,
              PRIMARY KEY (coachId, scope, scopeId)
            ) WITHOUT ROWID;
            CREATE INDEX coachAssignment_scope ON coachAssignment(scope, scopeId);
            CREATE TABLE schoolClass (
              id TEXT PRIMARY KEY NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              name TEXT NOT NULL,
              grade TEXT
            );
            CREATE INDEX schoolClass_school ON schoolClass(schoolId);
            CREATE TABLE classTeacher (
              classId TEXT NOT NULL REFERENCES schoolClass(id),
              teacherId TEXT NOT NULL REFERENCES teacher(id),
              PRIMARY KEY (classId, teacherId)
            ) WITHOUT ROWID;
            CREATE INDEX classTeacher_teacher ON classTeacher(teacherId);
            CREATE TABLE pupil (
              id TEXT PRIMARY KEY NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              classId TEXT NOT NULL REFERENCES schoolClass(id),
              alias TEXT
            );
            CREATE INDEX pupil_class ON pupil(classId);
            CREATE TABLE learningGoal (
              id TEXT PRIMARY KEY NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              title TEXT NOT NULL,
              subject TEXT,
              successCriteria TEXT NOT NULL,
              follows TEXT REFERENCES learningGoal(id)
            );
            CREATE TABLE period (
              id TEXT PRIMARY KEY NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              name TEXT NOT NULL,
              start TEXT NOT NULL,
              "end" TEXT NOT NULL,
              focusInstrumentId TEXT,
              focusSection INTEGER,
              CHECK ((focusInstrumentId IS NULL) = (focusSection IS NULL))
            );
            CREATE INDEX period_school ON period(schoolId, start);

            CREATE TABLE instrument (
              id TEXT NOT NULL,
              version TEXT NOT NULL,
              title TEXT NOT NULL,
              scale TEXT NOT NULL CHECK (scale IN ('presence', 'frequency', 'seenNotSeen')),
              purpose TEXT,
              closingQuestions TEXT NOT NULL,
              plugin TEXT,
              PRIMARY KEY (id, version)
            );
            CREATE TABLE instrumentSection (
              instrumentId TEXT NOT NULL,
              instrumentVersion TEXT NOT NULL,
              number INTEGER NOT NULL,
              title TEXT NOT NULL,
              tips TEXT NOT NULL,
              PRIMARY KEY (instrumentId, instrumentVersion, number),
              FOREIGN KEY (instrumentId, instrumentVersion) REFERENCES instrument(id, version)
            ) WITHOUT ROWID;
            CREATE TABLE instrumentItem (
              instrumentId TEXT NOT NULL,
              instrumentVersion TEXT NOT NULL,
              key TEXT NOT NULL,
              section INTEGER NOT NULL,
              position INTEGER NOT NULL,
              text TEXT NOT NULL,
              example TEXT,
              reflectionQuestion TEXT,
              PRIMARY KEY (instrumentId, instrumentVersion, key),
              FOREIGN KEY (instrumentId, instrumentVersion, section)
                REFERENCES instrumentSection(instrumentId, instrumentVersion, number)
            ) WITHOUT ROWID;

            -- Observations of one teacher's lesson. Learning walks live in their own table,
            -- which has no teacher or class column at all.
            CREATE TABLE observation (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL CHECK (kind IN ('selfReflection', 'coach', 'peer')),
              schoolId TEXT NOT NULL REFERENCES school(id),
              teacherId TEXT NOT NULL REFERENCES teacher(id),
              classId TEXT REFERENCES schoolClass(id),
              instrumentId TEXT NOT NULL,
              instrumentVersion TEXT NOT NULL,
              date TEXT NOT NULL,
              subject TEXT,
              lesson TEXT,
              videoUri TEXT,
              videoStart REAL,
              videoEnd REAL,
              workOn TEXT,
              observers TEXT NOT NULL,
              FOREIGN KEY (instrumentId, instrumentVersion) REFERENCES instrument(id, version)
            );
            CREATE INDEX observation_teacher ON observation(teacherId, date);
            CREATE INDEX observation_school ON observation(schoolId, date);
            CREATE TABLE observationScore (
              observationId INTEGER NOT NULL REFERENCES observation(id) ON DELETE CASCADE,
              item TEXT NOT NULL,
              value INTEGER NOT NULL,
              note TEXT,
              PRIMARY KEY (observationId, item)
            ) WITHOUT ROWID;
            CREATE TABLE learningWalk (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              schoolId TEXT NOT NULL REFERENCES school(id),
              instrumentId TEXT NOT NULL,
              instrumentVersion TEXT NOT NULL,
              date TEXT NOT NULL,
              walkers INTEGER NOT NULL CHECK (walkers >= 2),
              FOREIGN KEY (instrumentId, instrumentVersion) REFERENCES instrument(id, version)
            );
            CREATE INDEX learningWalk_school ON learningWalk(schoolId, date);
            CREATE TABLE learningWalkFinding (
              walkId INTEGER NOT NULL REFERENCES learningWalk(id) ON DELETE CASCADE,
              item TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('seen', 'notSeen')),
              examples TEXT NOT NULL,
              PRIMARY KEY (walkId, item)
            ) WITHOUT ROWID;

            CREATE TABLE feedback (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              teacherId TEXT NOT NULL REFERENCES teacher(id),
              classId TEXT NOT NULL REFERENCES schoolClass(id),
              pupilId TEXT REFERENCES pupil(id),
              goalId TEXT NOT NULL REFERENCES learningGoal(id),
              date TEXT NOT NULL,
              level TEXT NOT NULL CHECK (level IN ('task', 'process', 'selfRegulation', 'person')),
              question TEXT NOT NULL CHECK (question IN ('feedUp', 'feedback', 'feedForward')),
              timing TEXT NOT NULL CHECK (timing IN ('formative', 'summative')),
              form TEXT NOT NULL CHECK (form IN ('wholeClass', 'individual', 'peer', 'self')),
              growthPoints INTEGER NOT NULL CHECK (growthPoints >= 0),
              text TEXT,
              codes TEXT NOT NULL
            );
            CREATE INDEX feedback_teacher ON feedback(teacherId, date);
            CREATE INDEX feedback_class_goal ON feedback(classId, goalId, date);
            CREATE INDEX feedback_pupil_goal ON feedback(pupilId, goalId, date);

            CREATE TABLE placement (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              pupilId TEXT NOT NULL REFERENCES pupil(id),
              classId TEXT NOT NULL REFERENCES schoolClass(id),
              goalId TEXT NOT NULL REFERENCES learningGoal(id),
              track INTEGER NOT NULL CHECK (track IN (1, 2, 3)),
              "from" TEXT NOT NULL,
              "to" TEXT,
              decidedBy TEXT NOT NULL,
              pupilInvolved INTEGER NOT NULL
            );
            CREATE INDEX placement_pupil_goal ON placement(pupilId, goalId, "from");
            CREATE INDEX placement_class_goal ON placement(classId, goalId, "from");
            -- At most one current placement per pupil and goal; also the "current" index.
            CREATE UNIQUE INDEX placement_current ON placement(pupilId, goalId) WHERE "to" IS NULL;

            CREATE TABLE result (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              pupilId TEXT NOT NULL REFERENCES pupil(id),
              goalId TEXT NOT NULL REFERENCES learningGoal(id),
              date TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('exitTicket', 'test', 'observation')),
              score REAL,
              maximum REAL,
              mastery REAL
            );
            CREATE INDEX result_pupil_goal ON result(pupilId, goalId, date);

            -- Every write appends here in the same transaction as its record.
            CREATE TABLE event (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL,
              schoolId TEXT,
              time TEXT,
              recordId TEXT NOT NULL,
              payload TEXT NOT NULL
            );
            CREATE INDEX event_school ON event(schoolId, seq);
            """)
    }

    /// What the engine writes: prompts, suggestions, per-rule state.
    static func v2Engine(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE prompt (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              schoolId TEXT NOT NULL REFERENCES school(id),
              ruleId TEXT NOT NULL,
              ruleVersion TEXT NOT NULL,
              audience TEXT NOT NULL CHECK (audience IN ('coach', 'teacher', 'team')),
              teacherId TEXT REFERENCES teacher(id),
              classId TEXT REFERENCES schoolClass(id),
              key TEXT NOT NULL,
              week TEXT NOT NULL,
              priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
              text TEXT NOT NULL,
              nextStep TEXT NOT NULL,
              reason TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'done', 'snoozed')),
              snoozedUntil TEXT,
              shadow INTEGER NOT NULL,
              eventSeq INTEGER NOT NULL
            );
            -- A rule's key deduplicates: same rule, subject, key and week is one prompt.
            CREATE UNIQUE INDEX prompt_identity
              ON prompt(schoolId, ruleId, IFNULL(teacherId, ''), IFNULL(classId, ''), key, week);
            CREATE INDEX prompt_week ON prompt(schoolId, week, status);
            CREATE INDEX prompt_teacher ON prompt(teacherId, week);

            CREATE TABLE suggestion (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              schoolId TEXT NOT NULL REFERENCES school(id),
              ruleId TEXT NOT NULL,
              ruleVersion TEXT NOT NULL,
              teacherId TEXT NOT NULL REFERENCES teacher(id),
              classId TEXT REFERENCES schoolClass(id),
              goalId TEXT REFERENCES learningGoal(id),
              day TEXT NOT NULL,
              text TEXT NOT NULL,
              reason TEXT NOT NULL
            );
            CREATE INDEX suggestion_teacher ON suggestion(teacherId, day);

            CREATE TABLE ruleState (
              ruleId TEXT NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              value TEXT NOT NULL,
              PRIMARY KEY (ruleId, schoolId)
            ) WITHOUT ROWID;
            """)
    }
}

extension Schema {
    /// Where dispatch stands, rule health and quarantine, idempotent week ticks, focus prompts.
    static func v3Dispatch(_ db: Database) throws {
        try db.execute(sql: """
            -- The last event each consumer has handled, written with that event's results.
            CREATE TABLE dispatchCursor (
              name TEXT PRIMARY KEY NOT NULL,
              seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE ruleHealth (
              ruleId TEXT PRIMARY KEY NOT NULL,
              failures INTEGER NOT NULL,
              quarantined INTEGER NOT NULL,
              lastError TEXT,
              lastEventSeq INTEGER
            ) WITHOUT ROWID;
            CREATE TABLE weekEnded (
              schoolId TEXT NOT NULL REFERENCES school(id),
              week TEXT NOT NULL,
              eventSeq INTEGER NOT NULL,
              PRIMARY KEY (schoolId, week)
            ) WITHOUT ROWID;
            ALTER TABLE prompt ADD COLUMN focus INTEGER NOT NULL DEFAULT 0;
            -- School-wide questions ("every current track-3 placement") start from the pupils.
            CREATE INDEX pupil_school ON pupil(schoolId);
            CREATE INDEX observation_class ON observation(classId, date);
            """)
    }
}

extension Schema {
    /// "The current tracks of a class for a goal" without reading the class's whole history.
    static func v4CurrentByClass(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX placement_current_class ON placement(classId, goalId) WHERE "to" IS NULL;
            """)
    }
}

extension Schema {
    /// Dispatch in the order things happened, per school; prompts that remember their evidence;
    /// rule failures counted in a window; "current on a day" for placements.
    static func v5TimeTrue(_ db: Database) throws {
        try db.execute(sql: """
            -- Per consumer and school: every event of the school dated up to `day` (untimed
            -- events count as dated before every day; '' is before every date) and logged up
            -- to `seq` has been handled. Dated events wait for their week to close.
            CREATE TABLE schoolCursor (
              name TEXT NOT NULL,
              schoolId TEXT NOT NULL REFERENCES school(id),
              day TEXT NOT NULL,
              seq INTEGER NOT NULL,
              PRIMARY KEY (name, schoolId)
            ) WITHOUT ROWID;
            -- A store dispatched by seq before: each school stands at the newest day it saw.
            INSERT INTO schoolCursor (name, schoolId, day, seq)
              SELECT dispatchCursor.name, event.schoolId, IFNULL(MAX(event.time), ''), dispatchCursor.seq
              FROM dispatchCursor JOIN event ON event.seq <= dispatchCursor.seq
              WHERE event.schoolId IS NOT NULL GROUP BY dispatchCursor.name, event.schoolId;
            CREATE INDEX event_school_time ON event(schoolId, time, seq);

            -- The evidence a prompt cites, one reference a line, sorted: a finding is not
            -- prompted again while nothing new supports it.
            ALTER TABLE prompt ADD COLUMN evidence TEXT NOT NULL DEFAULT '';

            -- The event days of a rule's recent failures, for quarantine over a window.
            ALTER TABLE ruleHealth ADD COLUMN recentFailures TEXT NOT NULL DEFAULT '';

            -- Placements current on a day: `to` is empty or after the day.
            CREATE INDEX placement_class_to ON placement(classId, "to");
            CREATE INDEX placement_pupil_to ON placement(pupilId, "to");
            """)
    }
}

extension Schema {
    /// Settings of a deployment that belong with its data, such as where its rules and plugins
    /// are, so that every command finds them from any folder.
    static func v6Settings(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE setting (
              key TEXT PRIMARY KEY NOT NULL,
              value TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}

extension Schema {
    /// Importing the same rows twice changes nothing: each imported record keeps the key of
    /// its row (an id the export has, or its content and place among identical rows) and a
    /// digest of its content.
    static func v7ImportKeys(_ db: Database) throws {
        for table in ["observation", "feedback", "placement", "result", "learningWalk"] {
            try db.execute(sql: """
                ALTER TABLE \(table) ADD COLUMN importKey TEXT;
                ALTER TABLE \(table) ADD COLUMN importDigest TEXT;
                CREATE UNIQUE INDEX \(table)_import ON \(table)(importKey) WHERE importKey IS NOT NULL;
                """)
        }
    }
}

extension Schema {
    /// A class's results in a window (`ctx.results{ class = ..., from = ... }`) read each
    /// pupil's results from that day on, instead of every result of the pupil ever: the
    /// cost of a week.ended rule stays flat as the years of history grow.
    static func v8ResultsByDate(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX result_pupil_date ON result(pupilId, date)")
    }
}

extension Schema {
    /// Each placement knows since when the pupil has been in its track without a break, so a
    /// rule asking "how long in track 3?" reads one row instead of the class's whole history.
    /// Filled for the placements already there, in the order they follow each other.
    static func v9TrackSince(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE placement ADD COLUMN trackSince TEXT")
        var ends: [String: (track: Int, since: String)] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, pupilId, goalId, track, "from", "to" FROM placement ORDER BY pupilId, goalId, "from", id
            """)
        var updates: [(Int64, String)] = []
        while let row = try rows.next() {
            let (pupil, goal, track, from): (String, String, Int, String) = (row[1], row[2], row[3], row[4])
            let before = ends["\(pupil)\u{1}\(goal)\u{1}\(from)"]
            let since = before.map { $0.track == track ? $0.since : from } ?? from
            if let to = row[5] as String? { ends["\(pupil)\u{1}\(goal)\u{1}\(to)"] = (track, since) }
            updates.append((row[0], since))
        }
        let update = try db.makeStatement(sql: "UPDATE placement SET trackSince = ? WHERE id = ?")
        for (id, since) in updates { try update.execute(arguments: [since, id]) }
    }
}

extension Schema {
    /// A school says whether it is primary or secondary, and a kijkwijzer which level its
    /// examples are written for: a suggestion offers only the examples that fit the class.
    static func v10Levels(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE school ADD COLUMN level TEXT CHECK (level IN ('primary', 'secondary'))")
        try db.execute(sql: "ALTER TABLE instrument ADD COLUMN level TEXT CHECK (level IN ('primary', 'secondary'))")
    }
}

extension Schema {
    /// The codes of the school's feedback legend (seed 003: coloured dots instead of the right
    /// answer), so that written feedback can carry them and an unknown code is refused.
    static func v11LegendCodes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE legendCode (
              legendId TEXT NOT NULL,
              code TEXT NOT NULL,
              meaning TEXT NOT NULL,
              PRIMARY KEY (legendId, code)
            ) WITHOUT ROWID
            """)
    }
}

extension Schema {
    /// A kijkwijzer says what it is for (lesson observation, self-reflection, learning walk),
    /// and a self-reflection says whether the teacher shares it with the coach. Those already
    /// stored were visible to the coach before, and stay so.
    static func v12UsesAndSharing(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE instrument ADD COLUMN uses TEXT;
            ALTER TABLE observation ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
            UPDATE observation SET shared = 1;
            """)
    }
}

extension Schema {
    /// The school's feedback on the central tests (seed 004): per year, grade and domain, the
    /// school's score beside the Flemish mean and similar schools.
    static func v13CentralResults(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE centralResult (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              schoolId TEXT NOT NULL REFERENCES school(id),
              year INTEGER NOT NULL,
              grade TEXT NOT NULL,
              domain TEXT NOT NULL,
              schoolScore REAL NOT NULL,
              flemishMean REAL NOT NULL,
              similarMean REAL NOT NULL,
              learningGain REAL,
              importKey TEXT,
              importDigest TEXT,
              UNIQUE (schoolId, year, grade, domain)
            );
            CREATE UNIQUE INDEX centralResult_import ON centralResult(importKey) WHERE importKey IS NOT NULL;
            """)
    }
}

extension Schema {
    /// A rule's failures and quarantine count per school: one school's records that break a
    /// rule stop it in that school only, and schools can be dispatched side by side without one
    /// school's failures changing another's prompts. A rule quarantined before stays so in
    /// every school; its last error (one school's, written before errors were redacted) is not
    /// copied to the others.
    static func v14HealthPerSchool(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ruleHealthPerSchool (
              ruleId TEXT NOT NULL,
              schoolId TEXT NOT NULL,
              failures INTEGER NOT NULL,
              quarantined INTEGER NOT NULL,
              lastError TEXT,
              lastEventSeq INTEGER,
              recentFailures TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (ruleId, schoolId)
            ) WITHOUT ROWID;
            INSERT INTO ruleHealthPerSchool (ruleId, schoolId, failures, quarantined, lastError, lastEventSeq, recentFailures)
              SELECT ruleHealth.ruleId, school.id, ruleHealth.failures, ruleHealth.quarantined, NULL,
                     ruleHealth.lastEventSeq, ruleHealth.recentFailures
              FROM ruleHealth CROSS JOIN school;
            DROP TABLE ruleHealth;
            ALTER TABLE ruleHealthPerSchool RENAME TO ruleHealth;
            """)
    }
}

extension Schema {
    /// Keys of rows without an id start with the record's day (`feedback:row:2026-11-23:…`), so
    /// a week's import adds to the end of each key index instead of to every page of it.
    static func v15ImportKeysByDay(_ db: Database) throws {
        for step in importKeysByDay { try db.execute(sql: step.sql(quote: { $0 })) }
    }

    /// The tables whose row keys gain the day: table, the key's kind, the day's column.
    package static let importKeysByDay: [ImportKeyByDay] = [
        ImportKeyByDay(table: "observation", kind: "observations", day: "date"),
        ImportKeyByDay(table: "feedback", kind: "feedback", day: "date"),
        ImportKeyByDay(table: "placement", kind: "placements", day: "from"),
        ImportKeyByDay(table: "result", kind: "results", day: "date"),
        ImportKeyByDay(table: "learningWalk", kind: "walks", day: "date"),
    ]
}

extension Schema {
    /// A pupil's results are found by `result_pupil_date` alone (a pupil has some dozens a
    /// year, read in one range); a second index by pupil and goal cost a week's import a tenth
    /// of the pages it wrote.
    static func v16OneResultIndexPerPupil(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX result_pupil_goal")
    }
}

extension Schema {
    /// The tables written on every import and tick check their codes with `=` and `OR` instead
    /// of `IN (…)`: SQLite builds a temporary table for each list of three or more values on
    /// every insert, which cost a feedback row four times what the insert itself did. The
    /// same constraints, so PostgreSQL has nothing to follow; tables are rebuilt the way
    /// SQLite's documentation describes (copy, drop, rename, indexes again), keeping each
    /// table's AUTOINCREMENT high-water mark so no id is ever given twice.
    static func v17ChecksWithoutLists(_ db: Database) throws {
        for table in ["feedback", "placement", "result", "observation", "prompt"] {
            guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                   arguments: [table]) else { continue }
            let indexes = try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid
                """, arguments: [table])
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table])
            let rebuilt = checksWithoutLists(create).replacingOccurrences(of: "CREATE TABLE \(table) (",
                                                                        with: "CREATE TABLE \(table)_rebuilt (")
            guard rebuilt.hasPrefix("CREATE TABLE \(table)_rebuilt (") else {
                throw DatabaseError(message: "table \(table) is not as coach made it: \(create.prefix(60))")
            }
            try db.execute(sql: rebuilt)
            try db.execute(sql: "INSERT INTO \(table)_rebuilt SELECT * FROM \(table)")
            try db.execute(sql: "DROP TABLE \(table)")
            try db.execute(sql: "ALTER TABLE \(table)_rebuilt RENAME TO \(table)")
            for index in indexes { try db.execute(sql: index) }
            if let sequence {
                try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", arguments: [sequence, table])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, sequence])
                }
            }
        }
    }

    /// `CHECK (x IN ('a', 'b'))` as `CHECK (x = 'a' OR x = 'b')`; constants without commas, as ours are.
    package static func checksWithoutLists(_ sql: String) -> String {
        var out = sql
        let pattern = #/CHECK \((\w+) IN \(([^()]*)\)\)/#
        while let match = out.firstMatch(of: pattern) {
            let column = match.output.1
            let values = match.output.2.split(separator: ",").map { $0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed() }
                .map { String($0) }
            let alternatives = values.map { "\(column) = \($0)" }.joined(separator: " OR ")
            out.replaceSubrange(match.range, with: "CHECK (\(alternatives))")
        }
        return out
    }
}

extension Schema {
    /// A class's feedback by day instead of by goal and day: a rule's window on a class (the
    /// last weeks) is one range of it, where the index by goal read the class's whole history
    /// and sorted it; and a week's feedback lands in one place per class, not per class and
    /// goal (fewer pages a week's import writes). A class and goal reads the class's window.
    static func v18FeedbackByClassAndDay(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX feedback_class_goal;
            CREATE INDEX feedback_class_date ON feedback(classId, date);
            """)
    }

    /// A number that changes, in the same transaction, with every change to placements that
    /// adds no placement, and with every change to the pupils they name: with the highest
    /// placement id (which every added placement raises), a reader that kept a school's
    /// placements in memory (see ``PlacementSnapshot``) knows by one read whether they still
    /// hold. Kept out of the tables another backend copies (``CoachStore/layouts()``): it is
    /// this file's own. A migration that rebuilds `placement`, `pupil` or `schoolClass` must
    /// make their triggers again.
    ///
    /// Why not a trigger on every change: any trigger on a table makes SQLite keep a statement
    /// journal for each statement that writes it, and a weekly import then copies every page
    /// each placement touches (6 % more time, docs/performance-log.md, session 15). The writes an
    /// import makes without a trigger — a new placement, the end it puts to the one before,
    /// the start of the stay it corrects (`to`, `trackSince`) — always come with a new
    /// placement in the same transaction (`Inserter`).
    static func v19PlacementVersion(_ db: Database) throws {
        let bump = "BEGIN UPDATE \(readVersionTable) SET n = n + 1 WHERE name = 'placements'; END"
        try db.execute(sql: """
            CREATE TABLE \(readVersionTable) (name TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO \(readVersionTable) VALUES ('placements', 0);
            CREATE TRIGGER placement_version_update
              AFTER UPDATE OF id, pupilId, classId, goalId, track, "from", decidedBy, pupilInvolved ON placement \(bump);
            CREATE TRIGGER placement_version_delete AFTER DELETE ON placement \(bump);
            CREATE TRIGGER pupil_version_update AFTER UPDATE ON pupil \(bump);
            CREATE TRIGGER pupil_version_delete AFTER DELETE ON pupil \(bump);
            CREATE TRIGGER schoolClass_version_update AFTER UPDATE OF id, schoolId ON schoolClass \(bump);
            """)
    }

    /// The table of ``v19PlacementVersion(_:)``.
    static let readVersionTable = "readVersion"

    /// The same for feedback and results (see ``FeedbackVersion`` and ``ResultVersion``):
    /// numbers that change, in the same transaction, with every change to feedback or results
    /// that adds none (an erasure, the retention period) and, for feedback, with every move of a
    /// teacher (a school's feedback is its teachers'; a school's results are its pupils', whose
    /// changes raise the placements' number). An import only adds records, which raises the
    /// highest id, so no trigger runs while it writes; a working copy's load, which adds rows
    /// with their own ids, raises the numbers itself. A migration that rebuilds `feedback`,
    /// `result` or `teacher` must make their triggers again.
    static func v22RecordVersions(_ db: Database) throws {
        func bump(_ name: String) -> String { "BEGIN UPDATE \(readVersionTable) SET n = n + 1 WHERE name = '\(name)'; END" }
        try db.execute(sql: """
            INSERT INTO \(readVersionTable) VALUES ('feedback', 0), ('results', 0);
            CREATE TRIGGER feedback_version_update AFTER UPDATE ON feedback \(bump("feedback"));
            CREATE TRIGGER feedback_version_delete AFTER DELETE ON feedback \(bump("feedback"));
            CREATE TRIGGER teacher_version_update AFTER UPDATE OF id, schoolId ON teacher \(bump("feedback"));
            CREATE TRIGGER teacher_version_delete AFTER DELETE ON teacher \(bump("feedback"));
            CREATE TRIGGER result_version_update AFTER UPDATE ON result \(bump("results"));
            CREATE TRIGGER result_version_delete AFTER DELETE ON result \(bump("results"));
            """)
    }
}

/// One table's step of ``Schema/v15ImportKeysByDay(_:)``, in SQL both SQLite and PostgreSQL read.
package struct ImportKeyByDay: Sendable {
    package let table: String
    package let kind: String
    package let day: String

    /// `quote` names the table as the database knows it.
    package func sql(quote: (String) -> String) -> String {
        let prefix = "\(kind):row:"
        return """
            UPDATE \(quote(table)) SET "importKey" = '\(prefix)' || "\(day)" || ':' || substr("importKey", \(prefix.count + 1))
            WHERE substr("importKey", 1, \(prefix.count)) = '\(prefix)'
            """
    }
}

/// The first migration exactly as shipped, for the test that migrates an old database.
package enum FirstMigration {
    package static func apply(_ db: Database) throws { try Schema.v1Records(db) }
}

extension Schema {
    /// A class's placements through one index, on (class, `to`), instead of three: its open
    /// ones are its entries with `to` empty, a goal is checked on the rows found. The index on
    /// (class, goal, `from`) and the one of open placements on (class, goal) were in no plan of
    /// the shipped workloads (docs/performance-log.md, session 17); every placement an import adds
    /// wrote both, and the one it ends the index of open ones: ten weekly imports 12 % faster
    /// without them (session 19). Accepted cost: a class's question about one goal reads the
    /// class's placements for every goal (its open ones; without a day, its whole history,
    /// sorted) — a few hundred for a class of one school year, more where a class id is kept
    /// from year to year.
    static func v20PlacementsByClassAndEnd(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX placement_class_goal;
            DROP INDEX placement_current_class;
            """)
    }
}

extension Schema {
    /// A school's or a class's pupils read from their index alone. The indexes held only the
    /// school or the class, so every question that starts from them (a school's mastery by
    /// pupil, its pupils in order, a class's results) looked each pupil's id up in the table
    /// and sorted: a third of the mastery question (docs/performance-log.md, session 19). Pupils
    /// change rarely, so the wider entries cost imports of records nothing.
    static func v21PupilsInTheirIndexes(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX pupil_school;
            DROP INDEX pupil_class;
            CREATE INDEX pupil_school ON pupil(schoolId, id, classId, alias);
            CREATE INDEX pupil_class ON pupil(classId, id, schoolId, alias);
            """)
    }
}

extension Schema {
    /// Feedback found through its teacher alone, and a pupil's placements through (pupil, goal).
    /// The indexes of feedback on (pupil, goal, day) and (class, day), and of placements on
    /// (pupil, `to`), get a new entry in nearly every one of their pages every week: a weekly
    /// import rewrote all of them, and they grow with the history (docs/performance-log.md, session
    /// 22: weekly imports a fifth faster without them). No shipped rule or suggestion read them
    /// (session 17); the team's digest and the retention of old records, which read a school's
    /// feedback by class, now read it through its teachers. Accepted cost: a rule's question
    /// about one pupil's or one class's feedback reads the school's feedback in its window
    /// (all of it without one), and a pupil's export and erasure read the whole feedback
    /// table — rare, and erasure also rewrites the file.
    static func v23NoPupilOrClassFeedbackIndex(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX feedback_pupil_goal;
            DROP INDEX feedback_class_date;
            DROP INDEX placement_pupil_to;
            """)
    }
}

extension Schema {
    /// A number that an erasure or a retention run raises in its own transaction: a dispatch
    /// batch reads it before its events (and its rules' reads), and its commit writes nothing
    /// if it moved since (see ``CoachStore/commit(_:)``). Otherwise a tick running a late record's
    /// batch of a week already run could write, after an erasure, a prompt naming the erased
    /// pupil: such a week no longer waits, so the erasure does not wait for it either.
    static func v24ErasureVersion(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO \(readVersionTable) VALUES ('\(erasureVersion)', 0)")
    }

    /// The name of ``v24ErasureVersion(_:)``'s number in `readVersion`.
    static let erasureVersion = "erasures"

    /// A pupil's classes before the one of now: each row says the pupil was in `classId` until
    /// `until` (the first day in the next one), or was not at the school yet (`classId` NULL).
    /// `pupil.classId` stays the class of now, so that a school with no row ending after a day
    /// reads its pupils as before (the weekly cycle does, unless a move is given a day ahead); see ``PupilStints``.
    static func v25PupilsClassesOverTime(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE pupilStint (
              pupilId TEXT NOT NULL REFERENCES pupil(id),
              "until" TEXT NOT NULL,
              classId TEXT REFERENCES schoolClass(id),
              schoolId TEXT NOT NULL REFERENCES school(id),
              PRIMARY KEY (pupilId, "until")
            ) WITHOUT ROWID;
            CREATE INDEX pupilStint_school ON pupilStint(schoolId, "until");
            """)
    }

    /// Flanders or the Netherlands (NULL: not said): what the school's Dutch calls a class.
    static func v26SchoolRegion(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE school ADD COLUMN region TEXT CHECK (region = 'flanders' OR region = 'netherlands')")
    }

    /// The first day a pupil who left is no longer at the school (NULL: still there). The
    /// pupil's last class stays in `classId`, its stretch ending that day in `pupilStint`, so
    /// that the days before it read the pupil as every earlier change is read. The pupils'
    /// indexes carry it, so that a school's or a class's pupils are still read from them alone
    /// (v21).
    static func v27PupilsWhoLeft(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE pupil ADD COLUMN leftOn TEXT;
            DROP INDEX pupil_school;
            DROP INDEX pupil_class;
            CREATE INDEX pupil_school ON pupil(schoolId, id, classId, alias, leftOn);
            CREATE INDEX pupil_class ON pupil(classId, id, schoolId, alias, leftOn);
            """)
    }

    /// The first day a retention run kept for the school (NULL: none ran): an import leaves out
    /// what is dated before it, so that a file given again does not bring back what was removed.
    static func v28SchoolKeptFrom(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE school ADD COLUMN keptFrom TEXT")
    }
}
