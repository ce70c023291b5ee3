/* Command-line parsing (getopt_long) into the options table the engine reads. */
#ifndef FSGEN_CLI_H
#define FSGEN_CLI_H

#include <lua.h>

#include "lua_host.h"

/* Parses argv and pushes the options table.  Limits given on the command line
 * are stored into *limits.  A usage error raises {code = 2, message = ...}. */
void cli_push_options(lua_State *L, int argc, char **argv,
                      struct host_limits *limits);

#endif
