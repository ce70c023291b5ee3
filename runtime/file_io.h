/* Filesystem access for the engine: reading under a root, atomic writes. */
#ifndef FSGEN_FILE_IO_H
#define FSGEN_FILE_IO_H

#include <lua.h>

void file_io_register(lua_State *L, int module);

#endif
