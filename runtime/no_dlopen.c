/* The static executable opens no shared objects.  Lua's package library
 * (liblua5.4.a's loadlib.c) comes with its loader of C modules, which calls
 * dlopen and dlsym; fsgen removes that loader at start (package.loadlib and
 * the C searchers, in lua_host.c), so those calls never happen.  The link
 * binds them here instead (--wrap, CMakeLists.txt): to glibc's static
 * dlopen, a call would need at run time the shared libraries of the very
 * glibc it was linked from, and the linker warns of it at every build. */
#include <stddef.h>

void *__wrap_dlopen(const char *file, int mode);
void *__wrap_dlsym(void *handle, const char *name);
int __wrap_dlclose(void *handle);
char *__wrap_dlerror(void);

void *__wrap_dlopen(const char *file, int mode) {
  (void)file;
  (void)mode;
  return NULL;
}

void *__wrap_dlsym(void *handle, const char *name) {
  (void)handle;
  (void)name;
  return NULL;
}

int __wrap_dlclose(void *handle) {
  (void)handle;
  return 0;
}

char *__wrap_dlerror(void) {
  static char message[] = "fsgen is linked statically and loads no C modules";
  return message;
}
