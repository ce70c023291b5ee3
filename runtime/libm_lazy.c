/* libm, opened on first use, where fsgen is linked with the shared libc
 * (the static executable takes libm from its archive instead).  Lua's math
 * library and its float operators (% and ^ on floats) are fsgen's only
 * users of libm, and a render of the shipped chart calls none of them; yet
 * a libm named at link time is mapped and relocated, and its IFUNC
 * resolvers run, in every process: a twentieth of a prod render.  Such an
 * executable is linked with --wrap for each libm function Lua calls
 * (CMakeLists.txt, FSGEN_LAZY_LIBM), so those calls land here and the first
 * of them opens libm.  fsgen runs on one thread (parallel.c forks), so the
 * lookups need no lock. */
#include <dlfcn.h>
#include <gnu/lib-names.h> /* LIBM_SO */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* As the dynamic loader does when a library named at link time is missing. */
#define EXIT_NO_LIBRARY 127

static void *libm;

/* At exit, so that the loader's records of libm are freed like any block. */
static void close_libm(void) { dlclose(libm); }

static void *libm_symbol(const char *name) {
  void *symbol;
  if (!libm) {
    libm = dlopen(LIBM_SO, RTLD_NOW | RTLD_LOCAL);
    if (libm) atexit(close_libm);
  }
  symbol = libm ? dlsym(libm, name) : NULL;
  if (!symbol) {
    fprintf(stderr, "fsgen: cannot load %s from %s: %s\n", name, LIBM_SO, dlerror());
    _exit(EXIT_NO_LIBRARY);
  }
  return symbol;
}

/* dlsym returns an object pointer; POSIX guarantees it converts. */
typedef double (*unary_fn)(double);
typedef double (*binary_fn)(double, double);
union unary_symbol {
  void *object;
  unary_fn fn;
};
union binary_symbol {
  void *object;
  binary_fn fn;
};

#define UNARY(name)                                    \
  double __wrap_##name(double x);                      \
  double __wrap_##name(double x) {                     \
    static union unary_symbol real;                    \
    if (!real.object) real.object = libm_symbol(#name); \
    return real.fn(x);                                 \
  }

#define BINARY(name)                                   \
  double __wrap_##name(double x, double y);            \
  double __wrap_##name(double x, double y) {           \
    static union binary_symbol real;                   \
    if (!real.object) real.object = libm_symbol(#name); \
    return real.fn(x, y);                              \
  }

/* Every libm function liblua5.4.a calls: CMakeLists.txt wraps the same list
 * and checks at configure time that it is whole, else links libm as usual. */
UNARY(acos)
UNARY(asin)
UNARY(cos)
UNARY(cosh)
UNARY(exp)
UNARY(log)
UNARY(log10)
UNARY(log2)
UNARY(sin)
UNARY(sinh)
UNARY(sqrt)
UNARY(tan)
UNARY(tanh)
BINARY(atan2)
BINARY(fmod)
BINARY(pow)
