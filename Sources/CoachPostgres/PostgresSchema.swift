/// The schema on PostgreSQL, as migrations with the same ids as SQLite's where they must
/// differ in dialect (a migration never changes once shipped; add one at the end).
///
/// Differences from SQLite, each on purpose: every school-owned table carries `schoolId`,
/// so that row-level security can seal each school off; ids are `BIGINT GENERATED ... AS
/// IDENTITY`; flags are `BOOLEAN`. Identifiers are unquoted (PostgreSQL folds them to lower
/// case), except the reserved `"from"` and `"to"`.
enum PostgresSchema {
    struct Migration: Sendable {
        var id: String
        var statements: [String]
    }

    /// The table of applied migrations (made before any migration runs).
    static let ledger = """
        CREATE TABLE IF NOT EXISTS coach_migration (id TEXT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())
        """

    /// Tables a school's connection is sealed off in, with the column that says whose rows.
    static let sealed: [(table: String, column: String)] = [
        ("school", "id"), ("teacher", "schoolId"), ("schoolClass", "schoolId"), ("pupil", "schoolId"),
        ("learningGoal", "schoolId"), ("feedback", "schoolId"), ("placement", "schoolId"), ("result", "schoolId"),
        ("event", "schoolId"),
    ]

    static let migrations: [Migration] = [
        Migration(id: "v1-records", statements: [
            """
            CREATE TABLE school (
              id TEXT PRIMARY KEY, name TEXT NOT NULL,
              language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
              level TEXT CHECK (level IN ('primary', 'secondary')))
            """,
            "CREATE TABLE teacher (id TEXT PRIMARY KEY, schoolId TEXT NOT NULL REFERENCES school(id), name TEXT NOT NULL)",
            "CREATE INDEX teacher_school ON teacher(schoolId)",
            """
            CREATE TABLE schoolClass (id TEXT PRIMARY KEY, schoolId TEXT NOT NULL REFERENCES school(id), name TEXT NOT NULL,
              grade TEXT)
            """,
            "CREATE INDEX schoolClass_school ON schoolClass(schoolId)",
            """
            CREATE TABLE pupil (id TEXT PRIMARY KEY, schoolId TEXT NOT NULL REFERENCES school(id),
              classId TEXT NOT NULL REFERENCES schoolClass(id), alias TEXT)
            """,
            "CREATE INDEX pupil_class ON pupil(classId)",
            """
            CREATE TABLE learningGoal (id TEXT PRIMARY KEY, schoolId TEXT NOT NULL REFERENCES school(id), title TEXT NOT NULL,
              subject TEXT, successCriteria TEXT NOT NULL, follows TEXT REFERENCES learningGoal(id))
            """,
            """
            CREATE TABLE feedback (
              id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              schoolId TEXT NOT NULL REFERENCES school(id),
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
              codes TEXT NOT NULL)
            """,
            "CREATE INDEX feedback_teacher ON feedback(teacherId, date)",
            "CREATE INDEX feedback_class_goal ON feedback(classId, goalId, date)",
            "CREATE INDEX feedback_pupil_goal ON feedback(pupilId, goalId, date)",
            """
            CREATE TABLE placement (
              id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              schoolId TEXT NOT NULL REFERENCES school(id),
              pupilId TEXT NOT NULL REFERENCES pupil(id),
              classId TEXT NOT NULL REFERENCES schoolClass(id),
              goalId TEXT NOT NULL REFERENCES learningGoal(id),
              track INTEGER NOT NULL CHECK (track IN (1, 2, 3)),
              "from" TEXT NOT NULL,
              "to" TEXT,
              decidedBy TEXT NOT NULL,
              pupilInvolved BOOLEAN NOT NULL)
            """,
            "CREATE INDEX placement_pupil_goal ON placement(pupilId, goalId, \"from\")",
            "CREATE INDEX placement_class_to ON placement(classId, \"to\")",
            "CREATE UNIQUE INDEX placement_current ON placement(pupilId, goalId) WHERE \"to\" IS NULL",
            """
            CREATE TABLE result (
              id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              schoolId TEXT NOT NULL REFERENCES school(id),
              pupilId TEXT NOT NULL REFERENCES pupil(id),
              goalId TEXT NOT NULL REFERENCES learningGoal(id),
              date TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('exitTicket', 'test', 'observation')),
              score DOUBLE PRECISION, maximum DOUBLE PRECISION, mastery DOUBLE PRECISION)
            """,
            "CREATE INDEX result_pupil_date ON result(pupilId, date)",
            """
            CREATE TABLE event (
              seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              kind TEXT NOT NULL,
              schoolId TEXT,
              time TEXT,
              recordId TEXT NOT NULL,
              payload TEXT NOT NULL)
            """,
            "CREATE INDEX event_school_time ON event(schoolId, time, seq)",
        ]),
        // Each school sealed off: a connection as `coach_school`, with `coach.school` set, sees
        // and writes only that school's rows. The engine's own role owns the tables and sees all.
        Migration(id: "v1-pg-school-security", statements: [
            """
            DO $$ BEGIN
              -- Roles belong to the whole server: another database's migration may make it first.
              CREATE ROLE coach_school NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """,
            "GRANT coach_school TO CURRENT_USER",
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO coach_school",
        ] + sealed.flatMap { table, column in [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            """
            CREATE POLICY one_school ON \(table) TO coach_school
              USING (\(column) = current_setting('coach.school', true))
              WITH CHECK (\(column) = current_setting('coach.school', true))
            """,
            "GRANT SELECT, INSERT, UPDATE ON \(table) TO coach_school",
        ] }),
    ]
}
