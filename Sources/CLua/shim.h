#ifndef COACH_CLUA_SHIM_H
#define COACH_CLUA_SHIM_H
/* The system Lua 5.4 headers (pkg-config lua5.4 adds -I/usr/include/lua5.4). */
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#endif
