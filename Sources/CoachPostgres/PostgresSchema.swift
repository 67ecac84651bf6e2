import CoachStore
import PostgresNIO

/// The schema on PostgreSQL, derived from the one list of migrations (SQLite's, in
/// `CoachStore`): every table as that list leaves it, in PostgreSQL's types, in the `coach`
/// namespace, with one column more — `owner`, the school a row belongs to (`''` for rows every
/// school shares: kijkwijzers, coaches, settings) — which row-level security seals each
/// school off by.
///
/// Constraints other than primary keys stay SQLite's: every row is checked in the working
/// copy (see `SharedCopy`) before it is written here. A later migration that adds tables or
/// columns is followed by itself; one that renames, drops or retypes needs a step of its own
/// here, and `migrate` refuses until it has one rather than guessing.
enum PostgresSchema {
    static let namespace = "coach"

    /// A table's name in the namespace, quoted (PostgreSQL would fold it to lower case).
    static func table(_ name: String) -> String { "\(namespace).\"\(name)\"" }

    /// The bookkeeping every store has before any migration: the ledger, one row per school
    /// to lock and to count its unhandled changes, and the blocks copies number ids from.
    static let bookkeeping = [
        "CREATE SCHEMA IF NOT EXISTS \(namespace)",
        "CREATE TABLE IF NOT EXISTS \(namespace).coach_migration (id TEXT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())",
        """
        CREATE TABLE IF NOT EXISTS \(namespace).coach_school (
          owner TEXT PRIMARY KEY, changes BIGINT NOT NULL DEFAULT 0, handled BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE SEQUENCE IF NOT EXISTS \(namespace).coach_block",
        "INSERT INTO \(namespace).coach_school (owner) VALUES ('') ON CONFLICT DO NOTHING",
    ]

    /// Tables of ours that no migration makes.
    static let own: Set<String> = ["coach_migration", "coach_school"]

    /// The PostgreSQL migration that seals schools off; recorded in the ledger after SQLite's.
    static let security = "pg-school-security"
    /// A school's role reads and no longer writes: its rows would reach the store without
    /// the checks a working copy makes (a feedback level that is none), and every copy of all
    /// schools would then fail on them.
    static let readsOnly = "pg-school-role-reads-only"
    /// The migrations of the shared store alone, after the one list's.
    static let ownMigrations = [security, readsOnly]

    static func type(_ kind: TableLayout.Kind) -> String {
        switch kind {
        case .integer: "BIGINT"
        case .real: "DOUBLE PRECISION"
        case .text: "TEXT"
        }
    }

    /// `information_schema`'s name of a type, to compare.
    static func informationType(_ kind: TableLayout.Kind) -> String {
        switch kind {
        case .integer: "bigint"
        case .real: "double precision"
        case .text: "text"
        }
    }

    static func create(_ layout: TableLayout) -> [String] {
        let columns = ["owner TEXT NOT NULL"] + layout.columns.map { "\"\($0.name)\" \(type($0.kind))" }
        let key = layout.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ")
        return [
            "CREATE TABLE \(table(layout.name)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key)))",
            "CREATE INDEX \"\(layout.name)_owner\" ON \(table(layout.name)) (owner)",
        ] + seal(layout.name)
    }

    static func addColumn(_ layout: TableLayout, _ column: TableLayout.Column) -> String {
        "ALTER TABLE \(table(layout.name)) ADD COLUMN \"\(column.name)\" \(type(column.kind))"
            + (column.defaultValue.map { " DEFAULT \($0)" } ?? "")
    }

    /// What a migration of the one list does to rows already stored, in PostgreSQL's words,
    /// run once when the shared store follows it (after its tables and columns are made). A
    /// migration that moves or rewrites data (an `UPDATE`, a rebuilt table) needs its step
    /// here before a shared store can follow it; one that only adds tables or columns (with
    /// their defaults) does not.
    static let steps: [String: [String]] = [
        "v15-import-keys-by-day": Schema.importKeysByDay.map { $0.sql(quote: table) },
        readsOnly: ["REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(namespace) FROM coach_school"],
    ]

    /// The role a school's connection takes; made once per server (roles are server-wide).
    static let role = [
        """
        DO $$ BEGIN
          CREATE ROLE coach_school NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$
        """,
        "GRANT coach_school TO CURRENT_USER",
        "GRANT USAGE ON SCHEMA \(namespace) TO coach_school",
    ]

    /// A connection as `coach_school`, with `coach.school` set, reads that school's rows and the
    /// shared ones, and writes nothing (``readsOnly``). The engine's own role owns the tables
    /// (row security does not apply to their owner) and sees every school.
    static func seal(_ name: String) -> [String] {
        let t = table(name), mine = "owner = current_setting('coach.school', true)"
        return [
            "ALTER TABLE \(t) ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY school_reads ON \(t) FOR SELECT TO coach_school USING (\(mine) OR owner = '')",
            "GRANT SELECT ON \(t) TO coach_school",
        ]
    }
}
