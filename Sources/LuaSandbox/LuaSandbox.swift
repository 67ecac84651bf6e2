import CLua
import CLuaShim
import Synchronization

/// A function written in Swift that rules can call. Throw to fail the call with a Lua
/// error (a ``LuaHostError`` for an exact message); never call back into the sandbox.
public typealias LuaHostFunction = ([LuaValue]) throws -> [LuaValue]

/// One sandboxed Lua 5.4 state: the environment a rule runs in.
///
/// Only base (without load, dofile, loadfile, collectgarbage), string (without dump),
/// table, math (without random), utf8 and coroutine are there; library tables and the
/// string metatable are read-only; each loaded chunk has globals of its own; every call
/// runs within ``LuaLimits``. Confined to one thread at a time: not `Sendable`.
///
/// ```swift
/// let sandbox = try LuaSandbox()
/// let f = try sandbox.load("return function(x) return x * 2 end", chunkName: "double.lua")
/// let double = try sandbox.call(f).first
/// ```
public final class LuaSandbox {
    /// The limits every call runs under.
    public let limits: LuaLimits
    /// Receives what rules `print`, one line at a time (capped per call).
    public var onPrint: ((String) -> Void)? {
        get { logBox.sink }
        set { logBox.sink = newValue }
    }

    let state: OpaquePointer
    private let sandbox: OpaquePointer
    let id: UInt64
    private let timeoutNanoseconds: Int64
    private var hostFunctions: [HostBox] = []
    /// Lua shortens chunk names to 59 bytes in messages; this maps them back.
    private var chunkNames: [String: String] = [:]
    private let logBox = LogBox()
    private var calling = false

    private static let nextID = Atomic<UInt64>(1)

    /// Creates a state with the sandboxed libraries.
    /// - Throws: ``LuaError`` of kind `memoryLimit` when the limits leave no room for it.
    public init(limits: LuaLimits = LuaLimits()) throws(LuaError) {
        self.limits = limits
        self.timeoutNanoseconds = limits.timeoutNanoseconds
        let config = coach_sandbox_config(
            memory_limit: max(limits.memoryBytes, 0),
            max_allocation: max(limits.maxAllocationBytes, 0),
            max_table_op: lua_Integer(limits.maxTableElements),
            max_log_lines: Int32(clamping: limits.maxLogLines),
            max_log_line_bytes: Int32(clamping: limits.maxLogLineBytes))
        guard let sandbox = coach_sandbox_new(config, hostDispatch) else {
            throw LuaError(kind: .memoryLimit, message: "could not create a Lua state")
        }
        self.sandbox = sandbox
        self.state = coach_sandbox_state(sandbox)
        self.id = Self.nextID.add(1, ordering: .relaxed).oldValue
        coach_sandbox_set_log(sandbox, logSink, Unmanaged.passUnretained(logBox).toOpaque())
    }

    deinit {
        coach_sandbox_free(sandbox)
    }

    /// Bytes the Lua state holds now.
    public var memoryUsed: Int { Int(coach_sandbox_memory_used(sandbox)) }

    /// Instructions the last call executed (pattern-matching steps included), rounded to
    /// the hook's granularity.
    public var instructionsUsed: Int { Int(coach_sandbox_instructions_used(sandbox)) }

    /// Compiles a text chunk (binary chunks are refused) with globals of its own.
    /// - Parameters:
    ///   - source: Lua source text.
    ///   - chunkName: the name errors and tracebacks show, e.g. `persistent-track3.lua`.
    /// - Returns: the chunk as a function, to ``call(_:_:)``.
    /// - Throws: ``LuaError`` of kind `syntax`, `sourceTooLarge` or `memoryLimit`.
    public func load(_ source: String, chunkName: String) throws(LuaError) -> LuaFunctionRef {
        try load(bytes: Array(source.utf8), chunkName: chunkName)
    }

    /// Compiles a text chunk given as bytes. See ``load(_:chunkName:)``.
    public func load(bytes: [UInt8], chunkName: String) throws(LuaError) -> LuaFunctionRef {
        guard bytes.count <= limits.maxSourceBytes else {
            throw LuaError(
                kind: .sourceTooLarge, chunk: chunkName,
                message: "\(bytes.count) bytes is over the limit of \(limits.maxSourceBytes) bytes")
        }
        try enter()
        defer { leave() }
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                coach_sandbox_load(sandbox, chars.baseAddress, chars.count, "=" + chunkName)
            }
        }
        let shown = String(decoding: Array(chunkName.utf8.prefix(Int(LUA_IDSIZE) - 1)), as: UTF8.self)
        if shown != chunkName { chunkNames[shown] = chunkName }
        guard status == LUA_OK else {
            throw loadError(status: status, chunkName: chunkName)
        }
        return makeRef()
    }

    /// Calls a Lua function within the limits and returns all its results.
    /// - Throws: ``LuaError``; after any error the sandbox is ready for the next call.
    public func call(_ function: LuaFunctionRef, _ arguments: [LuaValue] = []) throws(LuaError)
        -> [LuaValue]
    {
        try enter()
        defer { leave() }
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        try pushFunction(function)
        // Lua keeps LUA_MINSTACK (20) slots free for the host; ask only beyond that.
        guard arguments.count < 16 || lua_checkstack(state, Int32(clamping: arguments.count + 8)) != 0 else {
            throw LuaError(kind: .invalidValue, message: "too many arguments (\(arguments.count))")
        }
        for argument in arguments {
            // Scalars inline: this is the path every rule call takes.
            switch argument {
            case .integer(let i): lua_pushinteger(state, lua_Integer(i))
            case .nil: lua_pushnil(state)
            case .boolean(let b): lua_pushboolean(state, b ? 1 : 0)
            case .number(let d): lua_pushnumber(state, d)
            default: try ValueBridge(sandbox: self).push(argument)
            }
        }
        let status = coach_sandbox_call(
            sandbox, Int32(arguments.count), LUA_MULTRET, Int64(clamping: limits.instructions),
            timeoutNanoseconds)
        guard status == LUA_OK else { throw callError(status: status) }
        let count = Int(lua_gettop(state) - top)
        if count == 0 { return [] }
        var reader: ValueReader?
        var failure: LuaError?
        let base = top
        let results = [LuaValue](unsafeUninitializedCapacity: count) { buffer, initialized in
            for offset in 0..<count {
                let index = base + 1 + Int32(offset)
                let value: LuaValue
                switch lua_type(state, index) {
                case LUA_TNUMBER where lua_isinteger(state, index) != 0:
                    value = .integer(Int64(coach_lua_tointeger(state, index)))
                case LUA_TSTRING where lua_rawlen(state, index) <= 15:
                    var length = 0
                    let chars = lua_tolstring(state, index, &length)!
                    value = .string(LuaString(unsafe: chars, count: length))
                case LUA_TBOOLEAN:
                    value = .boolean(lua_toboolean(state, index) != 0)
                case LUA_TNIL:
                    value = .nil
                default:
                    if reader == nil { reader = ValueReader(sandbox: self) }
                    do throws(LuaError) {
                        value = try reader!.read(at: index, as: .result(index - base))
                    } catch {
                        failure = error
                        return
                    }
                }
                (buffer.baseAddress! + offset).initialize(to: value)
                initialized = offset + 1
            }
        }
        if let failure { throw failure }
        return results
    }

    /// Loads and calls a chunk once. See ``load(_:chunkName:)`` and ``call(_:_:)``.
    public func run(_ source: String, chunkName: String, arguments: [LuaValue] = [])
        throws(LuaError) -> [LuaValue]
    {
        let chunk = try load(source, chunkName: chunkName)
        defer { release(chunk) }
        return try call(chunk, arguments)
    }

    /// Makes `function` a global that every chunk sees, read-only to rules.
    public func register(_ name: String, _ function: @escaping LuaHostFunction) {
        pushHostFunction(name, function)
        coach_sandbox_set_base(sandbox, name)
    }

    /// Makes a Lua value for `function`, to pass to rules inside an argument (a `ctx` table).
    public func hostFunction(_ name: String, _ function: @escaping LuaHostFunction) -> LuaValue {
        pushHostFunction(name, function)
        let value = LuaValue.function(makeRef())
        return value
    }

    /// `fresh(chunk, rule)`, a Lua function for the engine's own code (never handed to a rule):
    /// gives a chunk this sandbox loaded new globals of its own, empty but for `rule`, so that
    /// running the chunk again makes closures that share no state with an earlier run.
    public func freshGlobalsFunction() -> LuaValue {
        coach_sandbox_push_fresh_env(sandbox)
        return .function(makeRef())
    }

    /// Lets the Lua function behind `function` be collected.
    public func release(_ function: LuaFunctionRef) {
        guard function.sandbox == id else { return }
        luaL_unref(state, coach_lua_registryindex(), function.ref)
    }

    /// Runs a full garbage collection (safe: rules cannot have finalizers).
    public func collectGarbage() {
        _ = coach_lua_gc_collect(state)
    }

    // MARK: - Internals

    private func enter() throws(LuaError) {
        // A host function that calls back into its own sandbox would run Lua under a Swift
        // frame that a Lua error could jump over.
        guard !calling else {
            throw LuaError(kind: .hostFunction, message: "a host function called back into its sandbox")
        }
        calling = true
    }

    private func leave() { calling = false }

    private func pushHostFunction(_ name: String, _ function: @escaping LuaHostFunction) {
        let box = HostBox(name: name, function: function, sandbox: self)
        hostFunctions.append(box)
        coach_sandbox_push_host_function(sandbox, Unmanaged.passUnretained(box).toOpaque(), name)
    }

    /// Pops the value on top into the registry and returns its reference.
    func makeRef() -> LuaFunctionRef {
        LuaFunctionRef(sandbox: id, ref: luaL_ref(state, coach_lua_registryindex()))
    }

    func pushFunction(_ function: LuaFunctionRef) throws(LuaError) {
        guard function.sandbox == id else {
            throw LuaError(kind: .invalidValue, message: "the function belongs to another sandbox")
        }
        guard lua_rawgeti(state, coach_lua_registryindex(), lua_Integer(function.ref)) == LUA_TFUNCTION
        else {
            lua_settop(state, -2)
            throw LuaError(kind: .invalidValue, message: "the function was released")
        }
    }

    private func loadError(status: Int32, chunkName: String) -> LuaError {
        if status == LUA_ERRMEM {
            return LuaError(kind: .memoryLimit, chunk: chunkName,
                            message: "compiling the chunk needs more than \(limits.memoryBytes) bytes")
        }
        let text = errorText(at: -1) ?? "error object is not a string"
        if let (shown, line, message) = Self.splitLocation(text), fullName(shown) == chunkName {
            return LuaError(kind: .syntax, chunk: chunkName, line: line, message: message)
        }
        return LuaError(kind: .syntax, chunk: chunkName, message: text)
    }

    private func callError(status: Int32) -> LuaError {
        let source = String(cString: coach_sandbox_error_source(sandbox))
        let line = Int(coach_sandbox_error_line(sandbox))
        let chunk: String? = source.isEmpty ? nil : fullName(source)
        var traceback: String?
        coach_sandbox_push_traceback(sandbox)
        traceback = errorText(at: -1).map(restoreNames)
        lua_settop(state, -2)

        let trip = coach_sandbox_trip(sandbox)
        if trip == Int32(COACH_TRIP_INSTRUCTIONS.rawValue) {
            return LuaError(kind: .timeLimit, chunk: chunk, line: line > 0 ? line : nil,
                            message: "used more than \(limits.instructions) instructions",
                            traceback: traceback)
        }
        if trip == Int32(COACH_TRIP_TIME.rawValue) {
            return LuaError(kind: .timeLimit, chunk: chunk, line: line > 0 ? line : nil,
                            message: "ran longer than \(Self.describe(limits.timeout))",
                            traceback: traceback)
        }
        let text = errorText(at: -1)
        if status == LUA_ERRMEM || trip == Int32(COACH_TRIP_MEMORY.rawValue)
            || (coach_sandbox_memory_refused(sandbox) != 0 && text == "not enough memory")
        {
            collectGarbage()
            return LuaError(kind: .memoryLimit, chunk: chunk, line: line > 0 ? line : nil,
                            message: "used more than \(limits.memoryBytes / (1 << 20)) MiB "
                                + "(or a block over \(limits.maxAllocationBytes / (1 << 20)) MiB)",
                            traceback: traceback)
        }
        let kind: LuaError.Kind = coach_sandbox_is_host_error(sandbox, -1) != 0 ? .hostFunction : .runtime
        guard var message = text else {
            let type = String(cString: lua_typename(state, lua_type(state, -1)))
            return LuaError(kind: kind, chunk: chunk, line: line > 0 ? line : nil,
                            message: "error object is a \(type) value", traceback: traceback)
        }
        if status == LUA_ERRERR { message = "error while handling an error: " + message }
        var errorLine = line > 0 ? line : nil
        var errorChunk = chunk
        // Lua prefixes "chunk:line:" where error() was called with a level; that place is
        // more precise for the author than the first Lua frame.
        if let (prefixChunk, prefixLine, rest) = Self.splitLocation(message) {
            errorChunk = fullName(prefixChunk)
            errorLine = prefixLine
            message = rest
        }
        return LuaError(kind: kind, chunk: errorChunk, line: errorLine, message: message,
                        traceback: traceback)
    }

    /// The string at `index`, only if it is a string: never converts, never calls __tostring.
    func errorText(at index: Int32) -> String? {
        guard lua_type(state, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = lua_tolstring(state, index, &length) else { return nil }
        let bytes = UnsafeRawBufferPointer(start: chars, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func fullName(_ shown: String) -> String { chunkNames[shown] ?? shown }

    private func restoreNames(_ text: String) -> String {
        chunkNames.reduce(text) { text, names in
            text.replacing(names.key + ":", with: names.value + ":")
        }
    }

    /// Splits `name:12: message` into its parts.
    static func splitLocation(_ text: String) -> (String, Int, String)? {
        var search = text.startIndex
        while let colon = text[search...].firstIndex(of: ":") {
            let afterColon = text.index(after: colon)
            let digits = text[afterColon...].prefix(while: \.isNumber)
            let end = digits.endIndex
            if !digits.isEmpty, end < text.endIndex, text[end] == ":", let line = Int(digits) {
                var rest = text[text.index(after: end)...]
                if rest.first == " " { rest = rest.dropFirst() }
                return (String(text[..<colon]), line, String(rest))
            }
            search = afterColon
        }
        return nil
    }

    static func describe(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(ms) ms"
    }
}

@available(*, unavailable)
extension LuaSandbox: Sendable {}

/// A host function and what the dispatcher needs to run it.
final class HostBox {
    let name: String
    let function: LuaHostFunction
    unowned let sandbox: LuaSandbox

    init(name: String, function: @escaping LuaHostFunction, sandbox: LuaSandbox) {
        self.name = name
        self.function = function
        self.sandbox = sandbox
    }
}

final class LogBox {
    var sink: ((String) -> Void)?
}

/// Called by the C trampoline. Never raises a Lua error: failures are returned as
/// COACH_HOST_ERROR with the message pushed, and the trampoline raises after we return.
private let hostDispatch: coach_host_dispatch = { state, context in
    guard let state, let context else { return COACH_HOST_ERROR }
    let box = Unmanaged<HostBox>.fromOpaque(context).takeUnretainedValue()
    let sandbox = box.sandbox
    let count = lua_gettop(state)
    var reader = ValueReader(sandbox: sandbox)
    var arguments: [LuaValue] = []
    arguments.reserveCapacity(Int(count))
    do {
        for index in 1...max(count, 1) where index <= count {
            arguments.append(try reader.read(at: index, as: .argument(index)))
        }
        let results = try box.function(arguments)
        lua_settop(state, 0)
        guard lua_checkstack(state, Int32(clamping: results.count + 8)) != 0 else {
            throw LuaHostError("too many results (\(results.count))")
        }
        let bridge = ValueBridge(sandbox: sandbox)
        for result in results { try bridge.push(result) }
        return Int32(results.count)
    } catch {
        lua_settop(state, 0)
        let message: String
        switch error {
        case let error as LuaHostError: message = error.message
        case let error as LuaError: message = error.message
        default: message = String(describing: error)
        }
        lua_pushlstring(state, message, message.utf8.count)
        return COACH_HOST_ERROR
    }
}

private let logSink: coach_log_sink = { context, line, length in
    guard let context, let line else { return }
    let box = Unmanaged<LogBox>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: line, count: length)
    box.sink?(String(decoding: bytes, as: UTF8.self))
}

extension LuaSandbox {
    /// `chunk|line|message`, for tests of the location parser.
    package static func splitLocationForTesting(_ text: String) -> String? {
        splitLocation(text).map { "\($0.0)|\($0.1)|\($0.2)" }
    }
}

extension LuaSandbox {
    /// Calls `function` with one integer through the sandbox's C path only (budget, hook,
    /// allocator, message handler) and returns its second result as an integer: what
    /// `coach bench lua` uses to split the cost of the C path from that of Swift values.
    package func callIntegerForBenchmark(_ function: LuaFunctionRef, _ argument: Int64) throws(LuaError) -> Int64 {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        try pushFunction(function)
        lua_pushinteger(state, lua_Integer(argument))
        let status = coach_sandbox_call(sandbox, 1, 2, Int64(clamping: limits.instructions), timeoutNanoseconds)
        guard status == LUA_OK else { throw callError(status: status) }
        return Int64(coach_lua_tointeger(state, -1))
    }
}

extension LuaSandbox {
    /// Runs one chunk of source in a fresh sandbox with `limits` and returns what it returns;
    /// what it prints goes to `print`. For trying Lua in exactly the sandbox rules get.
    public static func run(source: [UInt8], chunkName: String, limits: LuaLimits,
                           print: @escaping (String) -> Void) throws(LuaError) -> [LuaValue] {
        let sandbox = try LuaSandbox(limits: limits)
        sandbox.onPrint = print
        let chunk = try sandbox.load(bytes: source, chunkName: chunkName)
        return try sandbox.call(chunk)
    }
}
