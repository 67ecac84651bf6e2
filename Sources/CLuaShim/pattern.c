/*
 * Lua patterns with a budget: string.find, string.match, string.gmatch and string.gsub.
 *
 * The C library's matcher backtracks without limit inside one C call, where no count hook
 * can fire: `("a"):rep(1e5):find(".-.-.-b")` would hold the engine for hours. This matcher
 * implements the same pattern language (Lua 5.4 manual, section 6.4.1) and charges every
 * step to the call's instruction budget, so a hostile pattern ends like an endless loop:
 * with a time-limit error at the deadline.
 */
#define _GNU_SOURCE
#include "CLuaShim.h"

#include <ctype.h>
#include <string.h>

#define MAX_CAPTURES 32
#define MAX_DEPTH 200         /* recursion depth of one match, as in Lua */
#define STEPS_PER_CHARGE 1024 /* steps counted locally before the budget is looked at */

#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

typedef struct {
    const char *src;     /* the subject */
    const char *src_end;
    const char *pat_end;
    lua_State *L;
    int depth;
    int level; /* captures open or closed so far */
    int64_t steps;
    struct {
        const char *start;
        ptrdiff_t len; /* or CAP_UNFINISHED, CAP_POSITION */
    } cap[MAX_CAPTURES];
} Matcher;

static const char *match_here(Matcher *m, const char *s, const char *p);

static void step(Matcher *m, int64_t n) {
    m->steps += n;
    if (m->steps >= STEPS_PER_CHARGE) {
        int64_t due = m->steps;
        m->steps = 0;
        coach_sandbox_charge(m->L, due);
    }
}

static void reset(Matcher *m) {
    m->level = 0;
    m->depth = MAX_DEPTH;
}

static int in_class(int c, int cls) {
    int yes;
    switch (tolower(cls)) {
    case 'a': yes = isalpha(c); break;
    case 'c': yes = iscntrl(c); break;
    case 'd': yes = isdigit(c); break;
    case 'g': yes = isgraph(c); break;
    case 'l': yes = islower(c); break;
    case 'p': yes = ispunct(c); break;
    case 's': yes = isspace(c); break;
    case 'u': yes = isupper(c); break;
    case 'w': yes = isalnum(c); break;
    case 'x': yes = isxdigit(c); break;
    default: return cls == c; /* an escaped character stands for itself */
    }
    if (isupper(cls)) yes = !yes;
    return yes != 0;
}

/* p is at '[' and last at the closing ']'. */
static int in_set(int c, const char *p, const char *last) {
    int wanted = 1;
    if (p[1] == '^') {
        wanted = 0;
        p++;
    }
    while (++p < last) {
        if (*p == '%') {
            p++;
            if (in_class(c, (unsigned char)*p)) return wanted;
        } else if (p[1] == '-' && p + 2 < last) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return wanted;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return wanted;
        }
    }
    return !wanted;
}

/* Where the single-character class starting at p ends. */
static const char *class_end(Matcher *m, const char *p) {
    char c = *p++;
    if (c == '%') {
        if (p >= m->pat_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^') p++;
        do { /* the first character of a set is literal, even ']' */
            if (p >= m->pat_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*(p++) == '%' && p < m->pat_end) p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

static int matches_one(Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->src_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return in_class(c, (unsigned char)p[1]);
    case '[': return in_set(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pat_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->src_end || *s != *p) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->src_end) {
        step(m, 1);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

static const char *expand_greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t n = 0;
    while (matches_one(m, s + n, p, ep)) {
        n++;
        step(m, 1);
    }
    for (; n >= 0; n--) { /* give back one character at a time */
        const char *r = match_here(m, s + n, ep + 1);
        if (r) return r;
    }
    return NULL;
}

static const char *expand_lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = match_here(m, s, ep + 1);
        if (r) return r;
        if (!matches_one(m, s, p, ep)) return NULL;
        s++;
        step(m, 1);
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->cap[m->level].start = s;
    m->cap[m->level].len = what;
    m->level++;
    const char *r = match_here(m, s, p);
    if (r == NULL) m->level--;
    return r;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int l = m->level - 1;
    while (l >= 0 && m->cap[l].len != CAP_UNFINISHED) l--;
    if (l < 0) luaL_error(m->L, "invalid pattern capture");
    m->cap[l].len = s - m->cap[l].start;
    const char *r = match_here(m, s, p);
    if (r == NULL) m->cap[l].len = CAP_UNFINISHED;
    return r;
}

static int capture_index(Matcher *m, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= m->level || m->cap[l].len == CAP_UNFINISHED)
        return luaL_error(m->L, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *match_backref(Matcher *m, const char *s, int digit) {
    int l = capture_index(m, digit);
    if (m->cap[l].len < 0) return NULL; /* a position capture matches no text, as in Lua */
    size_t len = (size_t)m->cap[l].len;
    step(m, 1 + (int64_t)(len / 16));
    if ((size_t)(m->src_end - s) >= len && memcmp(m->cap[l].start, s, len) == 0) return s + len;
    return NULL;
}

/* Matches pattern p at subject position s; returns the end of the match or NULL. */
static const char *match_here(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    step(m, 1);
    while (p != m->pat_end) {
        const char *ep;
        switch (*p) {
        case '(':
            if (p + 1 < m->pat_end && p[1] == ')') s = open_capture(m, s, p + 2, CAP_POSITION);
            else s = open_capture(m, s, p + 1, CAP_UNFINISHED);
            goto done;
        case ')':
            s = close_capture(m, s, p + 1);
            goto done;
        case '$':
            if (p + 1 != m->pat_end) goto single;
            s = (s == m->src_end) ? s : NULL;
            goto done;
        case '%':
            if (p + 1 < m->pat_end && p[1] == 'b') {
                s = match_balance(m, s, p + 2);
                if (s == NULL) goto done;
                p += 4;
                continue;
            }
            if (p + 1 < m->pat_end && p[1] == 'f') {
                p += 2;
                if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                ep = class_end(m, p);
                int before = (s == m->src) ? '\0' : (unsigned char)s[-1];
                int here = (s < m->src_end) ? (unsigned char)*s : '\0';
                if (!in_set(before, p, ep - 1) && in_set(here, p, ep - 1)) {
                    p = ep;
                    continue;
                }
                s = NULL;
                goto done;
            }
            if (p + 1 < m->pat_end && isdigit((unsigned char)p[1])) {
                s = match_backref(m, s, (unsigned char)p[1]);
                if (s == NULL) goto done;
                p += 2;
                continue;
            }
            goto single;
        default:
        single:
            ep = class_end(m, p);
            if (!matches_one(m, s, p, ep)) {
                if (ep < m->pat_end && (*ep == '*' || *ep == '?' || *ep == '-')) {
                    p = ep + 1; /* zero repetitions are fine */
                    continue;
                }
                s = NULL;
                goto done;
            }
            if (ep < m->pat_end) {
                switch (*ep) {
                case '?': {
                    const char *r = match_here(m, s + 1, ep + 1);
                    if (r) {
                        s = r;
                        goto done;
                    }
                    p = ep + 1;
                    continue;
                }
                case '+': s = expand_greedy(m, s + 1, p, ep); goto done;
                case '*': s = expand_greedy(m, s, p, ep); goto done;
                case '-': s = expand_lazy(m, s, p, ep); goto done;
                default: break;
                }
            }
            s++;
            p = ep;
            continue;
        }
    }
done:
    m->depth++;
    return s;
}

/* ---- Captures out ---------------------------------------------------------------------- */

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s)); /* no captures: the whole match */
        return;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
    if (len == CAP_POSITION) lua_pushinteger(m->L, (m->cap[i].start - m->src) + 1);
    else lua_pushlstring(m->L, m->cap[i].start, (size_t)len);
}

static int push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

static void init_matcher(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
    m->L = L;
    m->src = s;
    m->src_end = s + ls;
    m->pat_end = p + lp;
    m->steps = 0;
    reset(m);
}

/* Hands the steps counted since the last charge to the budget. */
static void settle(Matcher *m) {
    if (m->steps > 0) {
        int64_t due = m->steps;
        m->steps = 0;
        coach_sandbox_charge(m->L, due);
    }
}

/* ---- find, match ----------------------------------------------------------------------- */

static size_t start_index(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (strchr("^$*+?.([%-", p[i]) != NULL && p[i] != '\0') return 1;
    return 0;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls);
    if (init > ls + 1) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        coach_sandbox_charge(L, (int64_t)((ls - init + 1) / 64));
        const char *hit = memmem(s + init - 1, ls - init + 1, p, lp);
        if (hit) {
            lua_pushinteger(L, (hit - s) + 1);
            lua_pushinteger(L, (hit - s) + (lua_Integer)lp);
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    init_matcher(&m, L, s, ls, p, lp);
    const char *from = s + init - 1;
    do {
        reset(&m);
        const char *e = match_here(&m, from, p);
        if (e != NULL) {
            settle(&m);
            if (find) {
                lua_pushinteger(L, (from - s) + 1);
                lua_pushinteger(L, e - s);
                return push_captures(&m, NULL, NULL) + 2;
            }
            return push_captures(&m, from, e);
        }
    } while (from++ < m.src_end && !anchored);
    settle(&m);
    luaL_pushfail(L);
    return 1;
}

static int bounded_find(lua_State *L) { return find_or_match(L, 1); }
static int bounded_match(lua_State *L) { return find_or_match(L, 0); }

/* ---- gmatch ---------------------------------------------------------------------------- */

/* Upvalues: 1 subject, 2 pattern, 3 next position (0-based), 4 end of the last match or -1. */
static int gmatch_next(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer last = lua_tointeger(L, lua_upvalueindex(4));
    Matcher m;
    init_matcher(&m, L, s, ls, p, lp);
    for (const char *from = s + pos; from <= m.src_end; from++) {
        reset(&m);
        const char *e = match_here(&m, from, p);
        if (e != NULL && (last < 0 || e != s + last)) {
            settle(&m);
            lua_pushinteger(L, e - s);
            lua_copy(L, -1, lua_upvalueindex(3));
            lua_replace(L, lua_upvalueindex(4));
            return push_captures(&m, from, e);
        }
    }
    settle(&m);
    lua_pushinteger(L, (lua_Integer)ls + 1); /* exhausted: stay exhausted */
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

static int bounded_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls);
    if (init > ls + 1) init = ls + 1;
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)init - 1);
    lua_pushinteger(L, -1);
    lua_pushcclosure(L, gmatch_next, 4);
    return 1;
}

/* ---- gsub ------------------------------------------------------------------------------ */

static void add_replacement_string(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t l;
    const char *news = lua_tolstring(L, 3, &l);
    const char *end = news + l;
    const char *p;
    while ((p = memchr(news, '%', (size_t)(end - news))) != NULL) {
        luaL_addlstring(b, news, (size_t)(p - news));
        p++;
        if (p < end && *p == '%') {
            luaL_addchar(b, '%');
        } else if (p < end && isdigit((unsigned char)*p)) {
            if (*p == '0') {
                luaL_addlstring(b, s, (size_t)(e - s));
            } else {
                push_capture(m, *p - '1', s, e);
                luaL_tolstring(L, -1, NULL); /* a position capture is a number */
                lua_remove(L, -2);
                luaL_addvalue(b);
            }
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", '%');
        }
        news = p + 1;
    }
    luaL_addlstring(b, news, (size_t)(end - news));
}

static void add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    switch (kind) {
    case LUA_TFUNCTION: {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1); /* hooked Lua code, or a C function of the sandbox */
        break;
    }
    case LUA_TTABLE:
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
        break;
    default:
        add_replacement_string(m, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) { /* nil or false: keep the match as it was */
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int bounded_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                            kind == LUA_TTABLE,
                     3, "string/function/table");
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    const char *last = NULL;
    lua_Integer n = 0;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    Matcher m;
    init_matcher(&m, L, src, ls, p, lp);
    while (n < max_n) {
        reset(&m);
        const char *e = match_here(&m, src, p);
        if (e != NULL && e != last) {
            n++;
            add_replacement(&m, &b, src, e, kind);
            src = last = e;
        } else if (src < m.src_end) {
            luaL_addchar(&b, *src++);
            step(&m, 1);
        } else {
            break;
        }
        if (anchored) break;
    }
    settle(&m);
    luaL_addlstring(&b, src, (size_t)(m.src_end - src));
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

int coach_open_patterns(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", bounded_find},
        {"match", bounded_match},
        {"gmatch", bounded_gmatch},
        {"gsub", bounded_gsub},
        {NULL, NULL},
    };
    luaL_setfuncs(L, functions, 0);
    return 0;
}
