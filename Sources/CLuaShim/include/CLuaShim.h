/*
 * CLuaShim: the C half of coach's Lua sandbox.
 *
 * Swift cannot see Lua's macros, cannot call variadic functions, and must never have a Lua
 * error (a longjmp) cross one of its frames. This unit provides:
 *   - static inline versions of the Lua macros Swift needs;
 *   - a sandboxed state: a counting allocator with a cap, a sticky instruction/time hook,
 *     a message handler that records where an error happened and a traceback;
 *   - the trampoline through which host functions written in Swift are called: the Swift
 *     side returns a code and the C side raises the Lua error after the Swift frame is gone;
 *   - the opened libraries (base, string, table, math, utf8, coroutine) with everything unsafe
 *     removed, and bounded replacements for the C calls a count hook cannot interrupt
 *     (string.rep, table.move/concat/sort/insert/remove, and Lua patterns).
 */
#ifndef COACH_CLUASHIM_H
#define COACH_CLUASHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

/* ---- Lua macros, as functions Swift can call ---------------------------------------- */

static inline int coach_lua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void coach_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void coach_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *coach_lua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline int coach_lua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int coach_lua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int coach_lua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void coach_lua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void coach_lua_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void coach_lua_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline lua_Number coach_lua_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer coach_lua_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline int coach_lua_gc_collect(lua_State *L) { return lua_gc(L, LUA_GCCOLLECT, 0); }

/* ---- The sandbox ------------------------------------------------------------------- */

/** Why a call was stopped by the host. Sticky for the rest of the call once set. */
enum coach_trip {
    COACH_TRIP_NONE = 0,
    COACH_TRIP_INSTRUCTIONS = 1,
    COACH_TRIP_TIME = 2,
    /* The allocator refused a block even after Lua's emergency collection: a rule that
     * catches "not enough memory" in a pcall cannot keep going. */
    COACH_TRIP_MEMORY = 3,
};

/** What a host function returns to the trampoline when it failed (message pushed on top). */
#define COACH_HOST_ERROR (-1)

/** The Swift dispatcher: calls the host function identified by `ctx` with the arguments on
 *  the stack; returns the number of results pushed, or COACH_HOST_ERROR with a message
 *  string pushed. It must never raise a Lua error itself. */
typedef int (*coach_host_dispatch)(lua_State *L, void *ctx);

/** Receives one line that a rule printed (already capped in length). */
typedef void (*coach_log_sink)(void *ctx, const char *line, size_t len);

typedef struct coach_sandbox coach_sandbox;

typedef struct coach_sandbox_config {
    size_t memory_limit;        /* bytes the whole state may hold */
    size_t max_allocation;      /* bytes one block (a string, a table part) may have */
    lua_Integer max_table_op;   /* elements one table.* call may touch */
    int max_log_lines;          /* print() lines kept per call */
    int max_log_line_bytes;     /* bytes kept per print() line */
} coach_sandbox_config;

/** Creates a state with the sandboxed libraries; NULL when memory is short. */
coach_sandbox *coach_sandbox_new(coach_sandbox_config config, coach_host_dispatch dispatch);
void coach_sandbox_free(coach_sandbox *sb);
lua_State *coach_sandbox_state(coach_sandbox *sb);
void coach_sandbox_set_log(coach_sandbox *sb, coach_log_sink sink, void *ctx);

/** Loads a text chunk (never binary) whose globals are a fresh table of its own.
 *  Pushes the function, or an error message; returns the Lua status. */
int coach_sandbox_load(coach_sandbox *sb, const char *source, size_t len, const char *chunkname);

/** Pushes `fresh(chunk, rule)`: gives a loaded chunk new globals (its own, but for `rule`)
 *  before it runs again. */
void coach_sandbox_push_fresh_env(coach_sandbox *sb);

/** Calls the function below `nargs` arguments on top of the stack within the budgets.
 *  Pushes `nresults` results (LUA_MULTRET for all) or the error object; returns the status. */
int coach_sandbox_call(coach_sandbox *sb, int nargs, int nresults,
                       int64_t instruction_budget, int64_t timeout_ns);

/** Pops the value on top and makes it a global every chunk sees, read-only to rules. */
void coach_sandbox_set_base(coach_sandbox *sb, const char *name);

/** Pushes a host function: calls `dispatch(L, ctx)` through the trampoline. */
void coach_sandbox_push_host_function(coach_sandbox *sb, void *ctx, const char *name);

/** What stopped the last call (enum coach_trip). */
int coach_sandbox_trip(const coach_sandbox *sb);
/** Whether the allocator refused a block during the last call. */
int coach_sandbox_memory_refused(const coach_sandbox *sb);
/** Instructions (and pattern-matching steps) the last call used, to hook granularity. */
int64_t coach_sandbox_instructions_used(const coach_sandbox *sb);
size_t coach_sandbox_memory_used(const coach_sandbox *sb);
/** Chunk and line where the last error or trip happened ("" and 0 when unknown). */
const char *coach_sandbox_error_source(const coach_sandbox *sb);
int coach_sandbox_error_line(const coach_sandbox *sb);
/** Pushes the traceback recorded for the last error (a string, or nil). */
void coach_sandbox_push_traceback(coach_sandbox *sb);
/** Whether the value at `idx` is the error a host function raised in the last call. */
int coach_sandbox_is_host_error(coach_sandbox *sb, int idx);

/* Used by the bounded pattern functions (pattern.c): charges `steps` to the budget and
 * stops the call when it is spent or past its deadline. */
void coach_sandbox_charge(lua_State *L, int64_t steps);
int coach_open_patterns(lua_State *L);

#endif
