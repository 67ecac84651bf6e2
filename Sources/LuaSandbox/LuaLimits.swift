/// The budgets a sandbox enforces. Per call: instructions and time. Per state: memory.
///
/// The defaults suit a rule that looks at a few hundred records; `coach sandbox run`
/// exposes the first three as `--instructions`, `--timeout-ms` and `--memory-mb`.
public struct LuaLimits: Sendable, Hashable {
    /// Lua instructions (and pattern-matching steps) one call may execute.
    public var instructions: Int = 50_000_000
    /// Wall-clock time one call may take.
    public var timeout: Duration = .seconds(1)
    /// Bytes the whole Lua state may hold.
    public var memoryBytes: Int = 64 << 20
    /// Bytes one block may have: the longest string, the largest part of one table.
    public var maxAllocationBytes: Int = 4 << 20
    /// Bytes of source one chunk may have.
    public var maxSourceBytes: Int = 1 << 20
    /// Elements one `table.*` library call may touch.
    public var maxTableElements: Int = 1 << 20
    /// How deep nested tables may be when a value leaves Lua.
    public var maxValueDepth: Int = 32
    /// How many values (table entries counted) may leave Lua in one go.
    public var maxValueItems: Int = 200_000
    /// How many string bytes may leave Lua in one go.
    public var maxValueBytes: Int = 16 << 20
    /// `print` lines kept per call, and bytes per line.
    public var maxLogLines: Int = 100
    public var maxLogLineBytes: Int = 1_000

    public init() {}

    public init(instructions: Int? = nil, timeout: Duration? = nil, memoryBytes: Int? = nil) {
        if let instructions { self.instructions = instructions }
        if let timeout { self.timeout = timeout }
        if let memoryBytes { self.memoryBytes = memoryBytes }
    }

    var timeoutNanoseconds: Int64 {
        let (seconds, attoseconds) = timeout.components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns &+ attoseconds / 1_000_000_000
    }
}
