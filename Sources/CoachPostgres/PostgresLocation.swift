import CoachCore
import Foundation

/// Where a shared PostgreSQL store is: `postgres://user[:password]@host[:port]/database`.
/// A file path is not one (that stays SQLite). Its description never shows the password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Whether `text` names a PostgreSQL store rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Whether `text` was meant as a URL though it is not a PostgreSQL one as written
    /// (`postgres:/u:pw@h/db`, a leading space, `postgresql+psycopg://…`, `http://…`): taken
    /// for a SQLite file name, it would be shown, password and all, and a file made of it.
    public static func looksLikeURL(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return !isURL(text) && (trimmed.contains("://") || trimmed.hasPrefix("postgres") && trimmed.contains(":"))
    }

    /// Parses a URL; the error says what is missing, never the password.
    /// `environment` stands for the process's (`PGPASSWORD`, `PGSSLMODE`), as libpq reads them.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresStoreError("not a PostgreSQL URL (postgres://user@host:port/database): \(Self.redacted(text))")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError("\(Self.redacted(text)): give the user, as postgres://user@host/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError("\(Self.redacted(text)): give the host, as postgres://user@host/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw PostgresStoreError("\(Self.redacted(text)): give the database, as postgres://user@host/database")
        }
        // Encryption asked for must not quietly become none: connections are unencrypted yet.
        // Asked in the URL or, as libpq reads it, in PGSSLMODE; and a parameter coach does not
        // read (`?ssl=true`) is refused rather than passed over.
        var modes: [(String, String)] = []
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresStoreError("\(Self.redacted(text)): '\(item.name)' is not a parameter coach reads (it reads sslmode only)")
            }
            modes.append(("sslmode=\(item.value ?? "")", item.value ?? ""))
        }
        if let mode = environment["PGSSLMODE"], !mode.isEmpty, modes.isEmpty {
            modes.append(("PGSSLMODE=\(mode)", mode))
        }
        for (given, mode) in modes where !["disable", "allow", "prefer"].contains(mode) {
            throw PostgresStoreError("\(Self.redacted(text)): \(given) asks for TLS, which coach does not speak yet "
                                     + "(use it on a server on the same machine or a private network, with sslmode=disable)")
        }
        self.user = user.removingPercentEncoding ?? user
        // As libpq does: the URL's password, else PGPASSWORD.
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.host = host
        port = components.port ?? 5432
        self.database = database
    }

    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with any password in it replaced, for messages.
    public static func redacted(_ text: String) -> String {
        // The credentials start after the scheme's colon and its slashes, however many were
        // typed (`postgres:/u:pw@h`, `postgres:u:pw@h`), and end at the last `@`.
        guard let at = text.lastIndex(of: "@"), let schemeColon = text.firstIndex(of: ":"), schemeColon < at else { return text }
        let start = text[text.index(after: schemeColon)...].firstIndex { $0 != "/" } ?? at
        guard start < at else { return text }
        let credentials = text[start..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}

/// A PostgreSQL store's problem, in one line (never with a password).
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible, ReadableError {
    public var description: String
    /// The line in Dutch (nil: said in English only, as the server's own messages are).
    public var dutch: String?
    public init(_ description: String, dutch: String? = nil) {
        self.description = description
        self.dutch = dutch
    }

    public func text(_ language: Language) -> String { language == .nl ? dutch ?? description : description }
}
