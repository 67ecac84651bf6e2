/*
 * The sandboxed Lua state. See CLuaShim.h for what this unit is for; docs/sandbox.md for the
 * rule author's view. Everything here runs either before any rule code (setup) or as a C
 * function called by Lua, where raising a Lua error is safe because no Swift frame sits
 * between the raise and the lua_pcall that catches it.
 */
#define _GNU_SOURCE
#include "CLuaShim.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many instructions run between two looks at the budget and the clock. Small enough
 * that even instructions working on the largest allowed strings stay well under 0.5 s
 * past a deadline; large enough that the hook costs a few percent. */
#define HOOK_GRANULARITY 1000

/* Where the message handler of every call sits on the main thread's stack. */
#define MESSAGE_HANDLER_INDEX 1

struct coach_sandbox {
    lua_State *L;
    coach_sandbox_config config;
    coach_host_dispatch dispatch;
    coach_log_sink log_sink;
    void *log_ctx;

    /* Memory. `grace` is set while the host (Swift, setup) works on the stack: an
     * allocation failure there would longjmp through a Swift frame, so the cap applies only
     * while rule code runs. */
    size_t used;
    int grace;
    int refused;
    /* The last refused request, to recognise Lua's retry after its emergency collection:
     * refused twice means the rule really holds that much, and the call stops for good. */
    struct { void *ptr; size_t osize, nsize; } last_refusal;
    int memory_exhausted;

    /* The budget of the current call. */
    int64_t budget;
    int64_t spent;
    int64_t timeout_ns;
    /* 0 until the clock is first read in this call (by the hook, a budget charge or a host
     * function): calls that end within one hook interval never pay for a clock read. */
    int64_t deadline_ns;
    int trip;
    int log_lines;
    int has_traceback;  /* the registry slots below hold this call's values */
    int has_host_error;

    char err_source[LUA_IDSIZE];
    int err_line;
};

/* Registry keys: addresses of these statics. */
static const char KEY_BASE = 0, KEY_ENVMETA = 0, KEY_PROTECTED = 0, KEY_TRACEBACK = 0,
                  KEY_HOSTERROR = 0, KEY_TRIPMSG = 0;

/* The coarse clock (a few ms resolution) costs a fraction of the precise one, and is read
 * on every call and every hook: deadlines are in tens of milliseconds or more. */
static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static coach_sandbox *sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (coach_sandbox *)ud;
}

/* ---- Memory ---------------------------------------------------------------------------- */

static void sandbox_hook(lua_State *L, lua_Debug *ar);
static void record_location(lua_State *L, coach_sandbox *sb, lua_Debug *hook_ar);

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    coach_sandbox *sb = (coach_sandbox *)ud;
    if (ptr == NULL) osize = 0; /* then osize is the kind of object, not a size */
    if (nsize == 0) {
        free(ptr);
        sb->used -= osize;
        return NULL;
    }
    if (nsize > osize && !sb->grace) {
        /* Shrinking never fails; growing past either cap does, and Lua turns that into
         * LUA_ERRMEM after one emergency collection. */
        if (nsize > sb->config.max_allocation ||
            sb->used - osize + nsize > sb->config.memory_limit) {
            if (sb->refused && sb->last_refusal.ptr == ptr && sb->last_refusal.osize == osize &&
                sb->last_refusal.nsize == nsize && !sb->memory_exhausted) {
                sb->memory_exhausted = 1;
                /* Where the rule was: reading the main thread's frames allocates nothing. */
                if (sb->err_line == 0) record_location(sb->L, sb, NULL);
                /* Look at the budget on the next instruction rather than 1000 later: each
                 * refusal costs a full collection. (lua_sethook is safe at any time.) */
                lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
            }
            sb->refused = 1;
            sb->last_refusal.ptr = ptr;
            sb->last_refusal.osize = osize;
            sb->last_refusal.nsize = nsize;
            return NULL;
        }
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) return NULL;
    if (nsize > osize) sb->last_refusal.ptr = NULL, sb->last_refusal.nsize = 0;
    sb->used = sb->used - osize + nsize;
    return block;
}

static int sandbox_panic(lua_State *L) {
    /* Only a bug in this file can get here: every entry into Lua is protected. */
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(no message)";
    fprintf(stderr, "coach: unprotected Lua error: %s\n", msg);
    abort();
    return 0;
}

/* ---- Budget ---------------------------------------------------------------------------- */

static void record_location(lua_State *L, coach_sandbox *sb, lua_Debug *hook_ar) {
    lua_Debug ar;
    if (hook_ar != NULL && lua_getinfo(L, "Sl", hook_ar) && hook_ar->currentline > 0) {
        snprintf(sb->err_source, sizeof sb->err_source, "%s", hook_ar->short_src);
        sb->err_line = hook_ar->currentline;
        return;
    }
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(sb->err_source, sizeof sb->err_source, "%s", ar.short_src);
            sb->err_line = ar.currentline;
            return;
        }
    }
}

static int64_t next_count(const coach_sandbox *sb) {
    int64_t left = sb->budget - sb->spent;
    if (left < 1) left = 1;
    return left < HOOK_GRANULARITY ? left : HOOK_GRANULARITY;
}

/* Raises the trip error. From here on the hook fires on every instruction of this thread
 * (and on the next look in any other), so a pcall in the rule cannot swallow the stop. */
static int raise_trip(lua_State *L, coach_sandbox *sb, lua_Debug *ar, int trip) {
    if (sb->trip == COACH_TRIP_NONE) {
        sb->trip = trip;
        record_location(L, sb, ar);
    }
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_TRIPMSG); /* preallocated: raising needs no memory */
    return lua_error(L);
}

static int check_budget(coach_sandbox *sb) {
    if (sb->trip != COACH_TRIP_NONE) return sb->trip;
    if (sb->memory_exhausted) return COACH_TRIP_MEMORY;
    if (sb->spent >= sb->budget) return COACH_TRIP_INSTRUCTIONS;
    int64_t now = now_ns();
    if (sb->deadline_ns == 0)
        sb->deadline_ns = sb->timeout_ns > INT64_MAX - now ? INT64_MAX : now + sb->timeout_ns;
    else if (now >= sb->deadline_ns)
        return COACH_TRIP_TIME;
    return COACH_TRIP_NONE;
}

static void sandbox_hook(lua_State *L, lua_Debug *ar) {
    coach_sandbox *sb = sandbox_of(L);
    if (sb->trip == COACH_TRIP_NONE) sb->spent += lua_gethookcount(L);
    int trip = check_budget(sb);
    if (trip != COACH_TRIP_NONE) {
        raise_trip(L, sb, ar, trip);
        return;
    }
    /* A coroutine left armed at 1 by an earlier call, or a budget nearly spent. */
    int64_t count = next_count(sb);
    if (lua_gethookcount(L) != count) lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, (int)count);
}

void coach_sandbox_charge(lua_State *L, int64_t steps) {
    coach_sandbox *sb = sandbox_of(L);
    if (sb->trip == COACH_TRIP_NONE) sb->spent += steps;
    int trip = check_budget(sb);
    if (trip != COACH_TRIP_NONE) raise_trip(L, sb, NULL, trip);
}

/* ---- Errors ---------------------------------------------------------------------------- */

/* The message handler of every call into Lua: records where the error happened and a
 * traceback, and returns the error object untouched. It never calls into the object
 * (no __tostring), so trap error objects cannot run code here, where hooks may be off. */
static int message_handler(lua_State *L) {
    coach_sandbox *sb = sandbox_of(L);
    int grace = sb->grace;
    sb->grace = 1;
    if (sb->trip == COACH_TRIP_NONE) record_location(L, sb, NULL);
    luaL_traceback(L, L, NULL, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_TRACEBACK);
    sb->has_traceback = 1;
    sb->grace = grace;
    lua_settop(L, 1);
    return 1;
}

/* ---- Host functions -------------------------------------------------------------------- */

static int host_trampoline(lua_State *L) {
    coach_sandbox *sb = sandbox_of(L);
    void *ctx = lua_touserdata(L, lua_upvalueindex(1));
    /* Host work counts against the deadline: start the clock if nothing has yet. */
    if (sb->deadline_ns == 0) check_budget(sb);
    int grace = sb->grace;
    sb->grace = 1;
    int n = sb->dispatch(L, ctx);
    sb->grace = grace;
    if (n == COACH_HOST_ERROR) {
        /* "rule.lua:12: name: message", the error() form rule authors know; a message that
         * names its function already ("ctx.feedback: more than …") is not named twice. */
        const char *name = lua_tostring(L, lua_upvalueindex(2));
        size_t name_len = strlen(name), message_len = 0;
        const char *message = lua_tolstring(L, -1, &message_len);
        int named = message != NULL && message_len > name_len + 1 && memcmp(message, name, name_len) == 0 &&
                    message[name_len] == ':' && message[name_len + 1] == ' ';
        luaL_where(L, 1);
        if (named) {
            lua_rotate(L, -2, 1);
            lua_concat(L, 2);
        } else {
            lua_pushstring(L, name);
            lua_pushliteral(L, ": ");
            lua_rotate(L, -4, -1);
            lua_concat(L, 4);
        }
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_HOSTERROR);
        sb->has_host_error = 1;
        return lua_error(L);
    }
    /* A slow host function is no excuse to run past the deadline. */
    int trip = check_budget(sb);
    if (trip != COACH_TRIP_NONE) return raise_trip(L, sb, NULL, trip);
    return n;
}

void coach_sandbox_push_host_function(coach_sandbox *sb, void *ctx, const char *name) {
    lua_State *L = sb->L;
    lua_pushlightuserdata(L, ctx);
    lua_pushstring(L, name);
    lua_pushcclosure(L, host_trampoline, 2);
}

/* ---- Replacements for unsafe base functions -------------------------------------------- */

static int is_protected(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_PROTECTED);
    lua_pushvalue(L, idx);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return found;
}

static int readonly_newindex(lua_State *L) {
    return luaL_error(L, "attempt to change the read-only table '%s'",
                      lua_tostring(L, lua_upvalueindex(1)));
}

static int safe_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (is_protected(L, 1)) return luaL_error(L, "attempt to change a read-only library table");
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int safe_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        /* A finalizer runs with hooks off, at a time no budget covers: none allowed. The
         * field's mere presence marks an object for finalization, whatever its value. */
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in rules");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1)); /* the original setmetatable */
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int sandbox_print(lua_State *L) {
    coach_sandbox *sb = sandbox_of(L);
    if (sb->log_sink == NULL || sb->log_lines > sb->config.max_log_lines) return 0;
    if (sb->log_lines++ == sb->config.max_log_lines) {
        static const char more[] = "(more lines dropped: print is capped per call)";
        sb->log_sink(sb->log_ctx, more, sizeof more - 1);
        return 0;
    }
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len); /* may run __tostring: hooked Lua code */
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_addvalue(&b);
        (void)s;
        (void)len;
    }
    luaL_pushresult(&b);
    size_t len;
    const char *line = lua_tolstring(L, -1, &len);
    size_t cap = (size_t)sb->config.max_log_line_bytes;
    sb->log_sink(sb->log_ctx, line, len < cap ? len : cap);
    return 0;
}

/* xpcall whose handler runs after the protected call returned, as ordinary hooked code.
 * (The built-in one runs the handler inside the error, where a hook that just fired has
 * hooks switched off: a looping handler would never stop.) */
static const char XPCALL_SOURCE[] =
    "local pcall = ...\n"
    "local function finish(handler, ok, ...)\n"
    "  if ok then return true, ... end\n"
    "  return false, handler((...))\n"
    "end\n"
    "return function(f, handler, ...)\n"
    "  return finish(handler, pcall(f, ...))\n"
    "end\n";

/* ---- Bounded table and string functions ------------------------------------------------ */

static void check_elements(lua_State *L, lua_Integer count, const char *fname) {
    coach_sandbox *sb = sandbox_of(L);
    if (count > sb->config.max_table_op)
        luaL_error(L, "%s: %I elements is over the sandbox limit of %I", fname,
                   (LUAI_UACINT)count, (LUAI_UACINT)sb->config.max_table_op);
    coach_sandbox_charge(L, count > 0 ? count / 16 : 0);
}

/* Calls upvalue 1 (the original function) with all arguments; returns all its results. */
static int call_original(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int safe_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        /* string.rep("", 1e15) loops 1e15 times in C without allocating: answer at once. */
        lua_pushliteral(L, "");
        return 1;
    }
    coach_sandbox *sb = sandbox_of(L);
    lua_Integer max = (lua_Integer)sb->config.max_allocation;
    if ((lua_Integer)(l + lsep) > max / n)
        return luaL_error(L, "string.rep: result is over the sandbox limit of %I bytes",
                          (LUAI_UACINT)max);
    coach_sandbox_charge(L, (int64_t)(n * (lua_Integer)(l + lsep)) / 64);
    return call_original(L);
}

static int safe_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    if (e >= f) {
        /* e - f can overflow; the original checks that case itself. */
        lua_Integer count = (f <= 0 && e >= LUA_MAXINTEGER + f) ? LUA_MAXINTEGER : e - f + 1;
        check_elements(L, count, "table.move");
    }
    return call_original(L);
}

static int safe_concat(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    if (last >= i) {
        lua_Integer count = (i <= 0 && last >= LUA_MAXINTEGER + i) ? LUA_MAXINTEGER : last - i + 1;
        check_elements(L, count, "table.concat");
    }
    return call_original(L);
}

static int safe_by_length(lua_State *L, const char *fname) {
    luaL_checktype(L, 1, LUA_TTABLE);
    check_elements(L, luaL_len(L, 1), fname);
    return call_original(L);
}
static int safe_insert(lua_State *L) { return safe_by_length(L, "table.insert"); }
static int safe_remove(lua_State *L) { return safe_by_length(L, "table.remove"); }

/* The default order for table.sort, counted: comparing two long strings costs time in C
 * that no instruction count sees. */
static int counted_less(lua_State *L) {
    size_t la = 0, lb = 0;
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &la);
    if (lua_type(L, 2) == LUA_TSTRING) lua_tolstring(L, 2, &lb);
    coach_sandbox_charge(L, 1 + (int64_t)((la < lb ? la : lb) / 256));
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    return 1;
}

static int safe_sort(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    check_elements(L, luaL_len(L, 1), "table.sort");
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        lua_pushcfunction(L, counted_less);
    }
    return call_original(L);
}

/* ---- Tables in a fixed order --------------------------------------------------------------
 * Lua's own `next` walks a table in the order of its hash part, and the system Lua seeds its
 * string hashes differently in every process: a rule that builds a text or picks a teacher
 * in `pairs` order would say different things on replay than in the tick. `pairs` and `next`
 * here go by key: numbers ascending, then strings by their bytes, then false before true,
 * then other keys (tables, functions) in the order Lua keeps them (documented: no fixed order). */

typedef struct {
    int rank;        /* 0 number, 1 string, 2 boolean, 3 other */
    int is_integer;
    lua_Integer i;
    lua_Number n;
    const char *s;
    size_t len;
    lua_Integer slot; /* the order Lua gave: the tie-break of "other" keys */
} ordered_key;

static void read_key(lua_State *L, int idx, lua_Integer slot, ordered_key *k) {
    memset(k, 0, sizeof *k);
    k->slot = slot;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        k->rank = 0;
        k->is_integer = lua_isinteger(L, idx);
        if (k->is_integer) k->i = lua_tointeger(L, idx);
        else k->n = lua_tonumber(L, idx);
        break;
    case LUA_TSTRING:
        k->rank = 1;
        k->s = lua_tolstring(L, idx, &k->len);
        break;
    case LUA_TBOOLEAN:
        k->rank = 2;
        k->i = lua_toboolean(L, idx);
        break;
    default:
        k->rank = 3;
    }
}

/* An integer against a float, exactly (as doubles, math.maxinteger and 2^63 would tie). */
static int compare_integer_float(lua_Integer i, lua_Number f) {
    if (f >= 9223372036854775808.0) return -1;
    if (f < -9223372036854775808.0) return 1;
    lua_Number whole = floor(f);
    lua_Integer w = (lua_Integer)whole;
    if (i != w) return i < w ? -1 : 1;
    return f > whole ? -1 : 0;
}

/* Strings compare their bytes: `bytes` counts them, for the charge. */
static int compare_keys(const ordered_key *a, const ordered_key *b, int64_t *bytes) {
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    switch (a->rank) {
    case 0:
        if (a->is_integer && b->is_integer) return a->i < b->i ? -1 : a->i > b->i;
        if (a->is_integer) return compare_integer_float(a->i, b->n);
        if (b->is_integer) return -compare_integer_float(b->i, a->n);
        return a->n < b->n ? -1 : a->n > b->n;
    case 1: {
        size_t m = a->len < b->len ? a->len : b->len;
        if (bytes) *bytes += (int64_t)m;
        int c = memcmp(a->s, b->s, m);
        if (c != 0) return c < 0 ? -1 : 1;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    case 2:
        return a->i < b->i ? -1 : a->i > b->i;
    default:
        return a->slot < b->slot ? -1 : a->slot > b->slot;
    }
}

/* Sorting positions in the array of keys at `keys`, read as they are compared: four bytes a
 * key to sort, so that any table a rule can build can be walked. */
typedef struct {
    lua_State *L;
    int keys;
    int64_t compares;
    int64_t bytes;
} sort_context;

static int compare_slots(const void *pa, const void *pb, void *context) {
    sort_context *c = context;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    ordered_key ka, kb;
    lua_rawgeti(c->L, c->keys, (lua_Integer)a); /* the keys stay alive in the array */
    lua_rawgeti(c->L, c->keys, (lua_Integer)b);
    read_key(c->L, -2, a, &ka);
    read_key(c->L, -1, b, &kb);
    int order = compare_keys(&ka, &kb, &c->bytes);
    lua_pop(c->L, 2);
    c->compares++;
    return order;
}

/* Upvalues: 1 the keys in order, 2 the table, 3 how far it got. */
static int ordered_step(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    for (;;) {
        i++;
        if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL) return 0;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL) break;
        lua_pop(L, 2); /* cleared while it was walked: passed over, as `next` would */
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    return 2;
}

/* The table's keys, sorted, as a new array on top of the stack. Charged as table.sort is: a
 * comparison an instruction, and the bytes of compared strings. */
static void push_sorted_keys(lua_State *L, int t) {
    lua_Integer n = 0;
    lua_newtable(L);
    int keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    check_elements(L, n, "pairs");
    if (n < 2) return;
    uint32_t *order = lua_newuserdatauv(L, (size_t)n * sizeof *order, 0);
    for (lua_Integer j = 0; j < n; j++) order[j] = (uint32_t)(j + 1);
    lua_checkstack(L, 4);
    sort_context context = {L, keys, 0, 0};
    qsort_r(order, (size_t)n, sizeof *order, compare_slots, &context);
    coach_sandbox_charge(L, context.compares + context.bytes / 256);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer j = 0; j < n; j++) {
        lua_rawgeti(L, keys, (lua_Integer)order[j]);
        lua_rawseti(L, -2, j + 1);
    }
    lua_replace(L, keys);
    lua_pop(L, 1); /* the positions */
}

static int ordered_pairs(lua_State *L) {
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) { /* a rule's own iterator: its order */
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    push_sorted_keys(L, 1);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_step, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* next(t, k): the key after k in the order of `pairs` (the first for nil), with its value. It
 * looks at every key (charged so): walk with `pairs`. A number, string or boolean has its place
 * by its value, so k may have been cleared meanwhile (as Lua allows while walking); a key of
 * no fixed order (a table, a function) has its place only while it is in the table. */
static int ordered_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    int after = !lua_isnil(L, 2);
    ordered_key from, best, candidate;
    memset(&from, 0, sizeof from);
    memset(&best, 0, sizeof best);
    lua_Integer walked = 0;
    if (after) {
        read_key(L, 2, 0, &from);
        if (from.rank == 3) {
            lua_pushvalue(L, 2);
            if (lua_rawget(L, 1) == LUA_TNIL) return luaL_error(L, "invalid key to 'next'");
            lua_pop(L, 1);
            /* Its place in Lua's order breaks ties between keys of no fixed order. */
            lua_Integer place = 0;
            lua_pushnil(L);
            while (lua_next(L, 1) != 0) {
                lua_pop(L, 1);
                place++;
                if (lua_rawequal(L, -1, 2)) {
                    lua_pop(L, 1);
                    break;
                }
            }
            walked += place;
            from.slot = place;
        }
    }
    lua_pushnil(L); /* 3: the nearest key after `from` so far */
    int found = 0;
    lua_Integer slot = 0;
    int64_t bytes = 0;
    lua_pushnil(L); /* 4: the walk */
    while (lua_next(L, 1) != 0) {
        lua_pop(L, 1);
        slot++;
        read_key(L, 4, slot, &candidate);
        if (after && compare_keys(&candidate, &from, &bytes) <= 0) continue;
        if (!found || compare_keys(&candidate, &best, &bytes) < 0) {
            best = candidate; /* its string stays alive at index 3 */
            found = 1;
            lua_pushvalue(L, 4);
            lua_replace(L, 3);
        }
    }
    walked += slot;
    check_elements(L, slot, "next");
    coach_sandbox_charge(L, walked + bytes / 256);
    if (!found) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushvalue(L, 3);
    lua_rawget(L, 1);
    return 2;
}

/* string.format without addresses: %p prints one, and %s of a table or function prints
 * "table: 0x…" — either differs from run to run. */
static int safe_format(lua_State *L) {
    size_t len;
    const char *format = luaL_checklstring(L, 1, &len);
    for (size_t i = 0; i < len; i++) {
        if (format[i] != '%') continue;
        i++;
        if (i < len && format[i] == '%') continue;
        while (i < len && strchr("-+ #0123456789.", format[i]) != NULL) i++;
        if (i < len && format[i] == 'p')
            return luaL_error(L, "string.format: %%p shows a memory address, which differs from run to run");
    }
    int n = lua_gettop(L);
    for (int a = 2; a <= n; a++) {
        int t = lua_type(L, a);
        if ((t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD || t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA)
            && luaL_getmetafield(L, a, "__tostring") == LUA_TNIL) {
            lua_pushstring(L, lua_typename(L, t));
            lua_replace(L, a);
        } else if (t == LUA_TTABLE || t == LUA_TUSERDATA) {
            lua_pop(L, 1); /* its __tostring: format calls it */
        }
    }
    return call_original(L);
}

/* tostring without addresses: "table: 0x5581…" differs from run to run, and a rule that put
 * it in a text would say something else on replay. A table with __tostring keeps its own. */
static int stable_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    int t = lua_type(L, 1);
    if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD || t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA) {
        if (luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
            lua_pushstring(L, lua_typename(L, t));
            return 1;
        }
        lua_pop(L, 1);
    }
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* ---- Setup ----------------------------------------------------------------------------- */

static void wrap_field(lua_State *L, int lib, const char *name, lua_CFunction wrapper) {
    lua_getfield(L, lib, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, lib, name);
}

static void remove_field(lua_State *L, int t, const char *name) {
    lua_pushnil(L);
    lua_setfield(L, t, name);
}

/* Pushes a read-only view of the table at `lib`: writes fail, its metatable is hidden,
 * rawset refuses it. The library table itself never reaches rules. */
static void push_readonly(lua_State *L, int lib, const char *name) {
    lib = lua_absindex(L, lib);
    lua_newtable(L);                  /* the view */
    lua_createtable(L, 0, 3);         /* its metatable */
    lua_pushvalue(L, lib);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_PROTECTED);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

static const char *const BASE_ALLOWED[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "select", "tonumber", "tostring", "type", "_VERSION", NULL,
};

static const char *const LIBRARIES[] = {"string", "table", "math", "utf8", "coroutine", NULL};

static int setup(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    lua_settop(L, 0);
    lua_pushglobaltable(L); /* 1: the real globals, never seen by rules */

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_PROTECTED);
    lua_pushliteral(L, "stopped by the sandbox");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_TRIPMSG);

    /* string: no dump (bytecode), bounded rep, bounded patterns. */
    lua_getfield(L, 1, "string");
    remove_field(L, 2, "dump");
    wrap_field(L, 2, "rep", safe_rep);
    wrap_field(L, 2, "format", safe_format);
    coach_open_patterns(L); /* replaces find, match, gmatch, gsub in the table on top */
    lua_pop(L, 1);

    lua_getfield(L, 1, "table");
    wrap_field(L, 2, "move", safe_move);
    wrap_field(L, 2, "concat", safe_concat);
    wrap_field(L, 2, "sort", safe_sort);
    wrap_field(L, 2, "insert", safe_insert);
    wrap_field(L, 2, "remove", safe_remove);
    lua_pop(L, 1);

    /* math: no random, so that a replay of the same events gives the same prompts. */
    lua_getfield(L, 1, "math");
    remove_field(L, 2, "random");
    remove_field(L, 2, "randomseed");
    lua_pop(L, 1);

    /* The shared string metatable: hidden from getmetatable, so no rule can change it. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    /* The base environment every chunk's globals fall back to. */
    lua_newtable(L); /* 2 */
    for (const char *const *name = BASE_ALLOWED; *name; name++) {
        lua_getfield(L, 1, *name);
        lua_setfield(L, 2, *name);
    }
    lua_getfield(L, 1, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, 2, "setmetatable");
    lua_pushcfunction(L, ordered_pairs);
    lua_setfield(L, 2, "pairs");
    lua_pushcfunction(L, ordered_next);
    lua_setfield(L, 2, "next");
    lua_pushcfunction(L, stable_tostring);
    lua_setfield(L, 2, "tostring");
    lua_pushcfunction(L, safe_rawset);
    lua_setfield(L, 2, "rawset");
    lua_pushcfunction(L, sandbox_print);
    lua_setfield(L, 2, "print");
    if (luaL_loadbufferx(L, XPCALL_SOURCE, sizeof XPCALL_SOURCE - 1, "=(sandbox)", "t") != LUA_OK)
        return lua_error(L);
    lua_getfield(L, 1, "pcall");
    lua_call(L, 1, 1);
    lua_setfield(L, 2, "xpcall");
    for (const char *const *name = LIBRARIES; *name; name++) {
        lua_getfield(L, 1, *name);
        push_readonly(L, -1, *name);
        lua_setfield(L, 2, *name);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, 2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_BASE);

    /* The metatable of each chunk's own globals: reads fall back to the base, and the
     * link cannot be seen or cut. */
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_ENVMETA);

    /* Nothing may reach the real globals: empty them. */
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, 1);
    }
    lua_settop(L, 0);
    return 0;
}

coach_sandbox *coach_sandbox_new(coach_sandbox_config config, coach_host_dispatch dispatch) {
    coach_sandbox *sb = calloc(1, sizeof *sb);
    if (sb == NULL) return NULL;
    sb->config = config;
    sb->dispatch = dispatch;
    sb->grace = 1;
    sb->budget = INT64_MAX;
    sb->timeout_ns = INT64_MAX;
    lua_State *L = lua_newstate(sandbox_alloc, sb);
    if (L == NULL) {
        free(sb);
        return NULL;
    }
    sb->L = L;
    lua_atpanic(L, sandbox_panic);
    /* Before any script code: every coroutine created later inherits the hook. */
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, HOOK_GRANULARITY);
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        free(sb);
        return NULL;
    }
    /* Stays at the bottom of the main stack for the state's life: no call has to insert
     * and remove it. The host never sets the top below it. */
    lua_pushcfunction(L, message_handler);
    return sb;
}

void coach_sandbox_free(coach_sandbox *sb) {
    if (sb == NULL) return;
    sb->grace = 1;
    lua_close(sb->L); /* no __gc metamethods exist, so no rule code runs here */
    free(sb);
}

lua_State *coach_sandbox_state(coach_sandbox *sb) { return sb->L; }

void coach_sandbox_set_log(coach_sandbox *sb, coach_log_sink sink, void *ctx) {
    sb->log_sink = sink;
    sb->log_ctx = ctx;
}

void coach_sandbox_set_base(coach_sandbox *sb, const char *name) {
    lua_State *L = sb->L;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_BASE);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* fresh(chunk, rule): gives `chunk` new globals of its own — empty but for `_G` and `rule`,
 * falling back to the base like any chunk's — so that running it again makes closures that
 * share nothing with those of an earlier run. The engine runs a rule's file again before
 * every call: a value a rule kept in a local or a global must not reach the next event, or
 * another school. */
static int fresh_env(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    /* Only a loaded chunk, whose first upvalue is its _ENV (a C function's is something else). */
    const char *name = lua_iscfunction(L, 1) ? NULL : lua_getupvalue(L, 1, 1);
    if (name == NULL || strcmp(name, "_ENV") != 0) return luaL_error(L, "fresh: not a chunk");
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_ENVMETA);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "rule");
    if (lua_setupvalue(L, 1, 1) == NULL) return luaL_error(L, "the chunk has no globals");
    return 0;
}

void coach_sandbox_push_fresh_env(coach_sandbox *sb) { lua_pushcfunction(sb->L, fresh_env); }

int coach_sandbox_load(coach_sandbox *sb, const char *source, size_t len, const char *chunkname) {
    lua_State *L = sb->L;
    sb->grace = 0;
    sb->refused = 0;
    int status = luaL_loadbufferx(L, source, len, chunkname, "t");
    sb->grace = 1;
    if (status != LUA_OK) return status;
    /* The chunk's globals: a fresh table, so one rule's globals never reach another's. */
    lua_createtable(L, 0, 4);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_ENVMETA);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1); /* a chunk always has _ENV first */
    return LUA_OK;
}

int coach_sandbox_call(coach_sandbox *sb, int nargs, int nresults, int64_t instruction_budget,
                       int64_t timeout_ns) {
    lua_State *L = sb->L;
    int function = lua_gettop(L) - nargs;

    sb->trip = COACH_TRIP_NONE;
    sb->refused = 0;
    sb->memory_exhausted = 0;
    sb->last_refusal.ptr = NULL;
    sb->last_refusal.nsize = 0;
    sb->spent = 0;
    sb->log_lines = 0;
    sb->budget = instruction_budget > 0 ? instruction_budget : 1;
    sb->timeout_ns = timeout_ns;
    sb->deadline_ns = 0;
    sb->err_source[0] = '\0';
    sb->err_line = 0;
    sb->has_traceback = 0;
    sb->has_host_error = 0;
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, (int)next_count(sb));

    sb->grace = 0;
    int status = lua_pcall(L, nargs, nresults, MESSAGE_HANDLER_INDEX);
    sb->grace = 1;
    if (status == LUA_OK && sb->trip != COACH_TRIP_NONE) {
        /* The rule caught the stop in a pcall and returned: the call still failed. */
        lua_settop(L, function - 1);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_TRIPMSG);
        status = LUA_ERRRUN;
    }
    return status;
}

int coach_sandbox_trip(const coach_sandbox *sb) { return sb->trip; }
int coach_sandbox_memory_refused(const coach_sandbox *sb) { return sb->refused; }
int64_t coach_sandbox_instructions_used(const coach_sandbox *sb) { return sb->spent; }
size_t coach_sandbox_memory_used(const coach_sandbox *sb) { return sb->used; }
const char *coach_sandbox_error_source(const coach_sandbox *sb) { return sb->err_source; }
int coach_sandbox_error_line(const coach_sandbox *sb) { return sb->err_line; }

void coach_sandbox_push_traceback(coach_sandbox *sb) {
    if (sb->has_traceback) lua_rawgetp(sb->L, LUA_REGISTRYINDEX, &KEY_TRACEBACK);
    else lua_pushnil(sb->L);
}

int coach_sandbox_is_host_error(coach_sandbox *sb, int idx) {
    lua_State *L = sb->L;
    if (!sb->has_host_error) return 0;
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_HOSTERROR);
    int same = !lua_isnil(L, -1) && lua_rawequal(L, -1, idx);
    lua_pop(L, 1);
    return same;
}
