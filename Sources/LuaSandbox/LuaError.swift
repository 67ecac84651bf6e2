/// Why a sandboxed load or call failed, in words a rule author can act on.
///
/// Carries no Lua object: a rule's error object is read only when it is a string, so an
/// error value with a `__tostring` trap never runs.
public struct LuaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable, Hashable {
        case syntax = "syntax error"
        case runtime = "runtime error"
        /// The call ran out of instructions or wall-clock time.
        case timeLimit = "time limit"
        case memoryLimit = "memory limit"
        /// A host function (written in Swift) refused its arguments or failed.
        case hostFunction = "host function error"
        /// A value could not cross the boundary: too large, too deep, or of a kind that
        /// cannot leave Lua.
        case invalidValue = "invalid value"
        case sourceTooLarge = "source too large"
    }

    public var kind: Kind
    /// The chunk the failure happened in, as named when it was loaded.
    public var chunk: String?
    public var line: Int?
    /// The message without its `chunk:line:` prefix.
    public var message: String
    /// Lua's traceback at the point of failure, when one was taken.
    public var traceback: String?

    public init(kind: Kind, chunk: String? = nil, line: Int? = nil, message: String,
                traceback: String? = nil) {
        self.kind = kind
        self.chunk = chunk
        self.line = line
        self.message = message
        self.traceback = traceback
    }

    /// `chunk:line`, `chunk`, or nil.
    public var location: String? {
        guard let chunk else { return nil }
        guard let line else { return chunk }
        return "\(chunk):\(line)"
    }

    /// One line: `time limit: rule.lua:3: used more than 1000000 instructions`.
    public var description: String {
        [kind.rawValue, location, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Throw this from a host function to fail with exactly `message` (other errors are
/// described with `String(describing:)`).
public struct LuaHostError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
