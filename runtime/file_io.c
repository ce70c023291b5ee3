/* Filesystem primitives for the engine.  Reads are plain; every write is
 * atomic: a file is written beside its target and renamed over it, and an
 * output directory is built beside the target and exchanged with it, so a
 * failed run leaves the previous output exactly as it was. */
#define _GNU_SOURCE /* renameat2, mkdtemp */

#include "file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "closing_value.h"

/* A user-facing error: the message alone, without luaL_error's position of
 * the engine's Lua code that called us. */
#define FAIL(L, ...) (lua_pushfstring((L), __VA_ARGS__), lua_error(L))

/* A file being read, closed when the reading function returns or raises
 * (a memory error while the buffer grows).  Zeroed: nothing open. */
#define OPEN_FILE_MT "fsgen.open_file"

struct open_file {
  int fd;
  int is_open;
};

static int open_file_close(lua_State *L) {
  struct open_file *f = luaL_checkudata(L, 1, OPEN_FILE_MT);
  if (f->is_open) close(f->fd);
  f->is_open = 0;
  return 0;
}

/* nil, "<path>: cannot read: <reason>", and what happened: "missing" (no
 * such file), "link" (only a plain read refuses one), else "error". */
static int read_failed(lua_State *L, const char *path, int err) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: cannot read: %s", path, strerror(err));
  lua_pushstring(L, err == ENOENT || err == ENOTDIR ? "missing" : err == ELOOP ? "link" : "error");
  return 3;
}

/* core.read_file(path [, plain]) -> content | nil, message, what.  A chart
 * is some fifty small files: each is read with open, fstat, one read of its
 * size (plus one byte, to see the end) and close.  plain: only a regular
 * file that is no symbolic link is read (the open neither follows a link
 * nor waits on a FIFO), so that finding a module and reading it are one
 * open instead of an lstat and an open. */
static int l_read_file(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int plain = lua_toboolean(L, 2);
  struct open_file *f = closing_value_push(L, sizeof *f, OPEN_FILE_MT, open_file_close);
  struct stat st;
  luaL_Buffer b;
  size_t want;
  f->fd = open(path, O_RDONLY | O_CLOEXEC | (plain ? O_NOFOLLOW | O_NONBLOCK : 0));
  if (f->fd < 0) return read_failed(L, path, errno);
  f->is_open = 1;
  if (fstat(f->fd, &st) != 0) return read_failed(L, path, errno);
  if (plain && !S_ISREG(st.st_mode)) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: not a regular file", path);
    lua_pushliteral(L, "not a file");
    return 3;
  }
  want = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : LUAL_BUFFERSIZE;
  luaL_buffinitsize(L, &b, want);
  for (;;) {
    char *p = luaL_prepbuffsize(&b, want);
    ssize_t n = read(f->fd, p, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return read_failed(L, path, errno);
    }
    if (n == 0) break;
    luaL_addsize(&b, (size_t)n);
    /* A short read of a regular file is its end; others read to EOF. */
    if (S_ISREG(st.st_mode) && (size_t)n < want) break;
    want = LUAL_BUFFERSIZE > want ? LUAL_BUFFERSIZE : want;
  }
  luaL_pushresult(&b);
  return 1;
}

/* core.realpath(path) -> absolute path with symlinks resolved | nil, message */
static int l_realpath(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char resolved[PATH_MAX];
  if (!realpath(path, resolved)) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushstring(L, resolved);
  return 1;
}

/* core.getenv(name) -> value | nil */
static int l_getenv(lua_State *L) {
  const char *value = getenv(luaL_checkstring(L, 1));
  if (value) lua_pushstring(L, value);
  else lua_pushnil(L);
  return 1;
}

/* core.write_stdout(text): all of it, or an error. */
static int l_write_stdout(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
    return FAIL(L, "cannot write to standard output: %s", strerror(errno));
  return 0;
}

/* core.write_stderr(text): diagnostics that do not end the run (warnings). */
static int l_write_stderr(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  fwrite(text, 1, len, stderr);
  return 0;
}

/* Writes all of buf to fd; returns 0 or an errno value. */
static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Creates path with content and mode; returns 0 or an errno value. */
static int create_file(const char *path, const char *content, size_t len,
                       mode_t mode) {
  int err;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return errno;
  err = write_all(fd, content, len);
  if (!err && fchmod(fd, mode) != 0) err = errno; /* umask must not widen or narrow it */
  if (close(fd) != 0 && !err) err = errno;
  if (err) unlink(path);
  return err;
}

/* out = a + sep + b, or ENAMETOOLONG. */
static int path_join(char out[PATH_MAX], const char *a, const char *sep,
                     const char *b) {
  size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
  if (la + ls + lb >= PATH_MAX) return ENAMETOOLONG;
  memcpy(out, a, la);
  memcpy(out + la, sep, ls);
  memcpy(out + la + ls, b, lb);
  out[la + ls + lb] = '\0';
  return 0;
}

/* Splits path into the directory part (as given, "." if none) and the base. */
static void split_path(const char *path, char *dir, size_t dirsz,
                       const char **base) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    snprintf(dir, dirsz, ".");
    *base = path;
  } else if (slash == path) {
    snprintf(dir, dirsz, "/");
    *base = slash + 1;
  } else {
    snprintf(dir, dirsz, "%.*s", (int)(slash - path), path);
    *base = slash + 1;
  }
}

/* Writes content to a new hidden file beside path (".<base>.tmp-<pid>-<n>"),
 * its name to tmp; returns 0 or an errno value. */
static int stage_file(const char *path, const char *content, size_t len, mode_t mode,
                      char tmp[PATH_MAX]) {
  char dir[PATH_MAX];
  const char *base;
  int err = 0;
  split_path(path, dir, sizeof dir, &base);
  for (int attempt = 0; attempt < 100; attempt++) {
    char name[PATH_MAX], suffix[64];
    snprintf(suffix, sizeof suffix, ".tmp-%ld-%d", (long)getpid(), attempt);
    err = path_join(name, base, "", suffix);
    if (!err) err = path_join(tmp, dir, "/.", name);
    if (!err) err = create_file(tmp, content, len, mode);
    if (err != EEXIST) break;
  }
  return err;
}

/* Puts the staged file tmp in place of path; returns 0 or an errno value. */
static int commit_file(const char *tmp, const char *path) {
  int err = rename(tmp, path) == 0 ? 0 : errno;
  if (err) unlink(tmp);
  return err;
}

/* Stages the file of the arguments (path, content [, mode]); returns path. */
static const char *stage_file_arg(lua_State *L, char tmp[PATH_MAX]) {
  const char *path = luaL_checkstring(L, 1);
  size_t len;
  const char *content = luaL_checklstring(L, 2, &len);
  mode_t mode = (mode_t)luaL_optinteger(L, 3, 0644);
  int err = stage_file(path, content, len, mode, tmp);
  if (err) FAIL(L, "%s: cannot write: %s", path, strerror(err));
  return path;
}

/* core.write_file(path, content [, mode]): atomic replace of one file. */
static int l_write_file(lua_State *L) {
  char tmp[PATH_MAX];
  const char *path = stage_file_arg(L, tmp);
  int err = commit_file(tmp, path);
  if (err) return FAIL(L, "%s: cannot write: %s", path, strerror(err));
  return 0;
}

/* core.stage_file(path, content [, mode]) -> temporary path: the file written
 * beside path, for several outputs that must all succeed before any is put
 * in place (--each --stream). */
static int l_stage_file(lua_State *L) {
  char tmp[PATH_MAX];
  stage_file_arg(L, tmp);
  lua_pushstring(L, tmp);
  return 1;
}

/* core.commit_file(tmp, path) */
static int l_commit_file(lua_State *L) {
  const char *path = luaL_checkstring(L, 2);
  int err = commit_file(luaL_checkstring(L, 1), path);
  if (err) return FAIL(L, "%s: cannot write: %s", path, strerror(err));
  return 0;
}

/* The hidden temporary names stage_file and stage_dir make: ".<name>.tmp-..." */
static int is_staged_name(const char *tmp) {
  const char *base = strrchr(tmp, '/');
  return base && base[1] == '.' && strstr(base, ".tmp-");
}

/* core.discard_file(tmp): removes a staged file that will not be used. */
static int l_discard_file(lua_State *L) {
  const char *tmp = luaL_checkstring(L, 1);
  if (!is_staged_name(tmp)) return luaL_argerror(L, 1, "not a staged file");
  unlink(tmp);
  return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path) != 0 ? -1 : 0;
}

/* Removes a directory tree we own (our temporary or the replaced output);
 * returns 0 or an errno value. */
static int remove_tree(const char *path) {
  return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 ? errno : 0;
}

/* Creates the parent directories of rel (a relative file name) under root. */
static int make_parents(const char *root, const char *rel) {
  char path[PATH_MAX], part[PATH_MAX];
  const char *p = rel;
  while ((p = strchr(p, '/')) != NULL) {
    size_t n = (size_t)(p - rel);
    int err;
    if (n >= PATH_MAX) return ENAMETOOLONG;
    memcpy(part, rel, n);
    part[n] = '\0';
    if ((err = path_join(path, root, "/", part)) != 0) return err;
    if (mkdir(path, 0755) != 0 && errno != EEXIST) return errno;
    p++;
  }
  return 0;
}

/* An existing output directory is replaced only when it is empty or holds a
 * kustomization.yaml (what fsgen writes): `-o ~` must never wipe a home. */
static int is_fsgen_output(const char *dir) {
  char path[PATH_MAX];
  struct stat st;
  return path_join(path, dir, "/", "kustomization.yaml") == 0 && stat(path, &st) == 0;
}

/* Rejects names that would escape the output directory. */
static int safe_name(const char *name) {
  if (!*name || name[0] == '/') return 0;
  for (const char *p = name; *p;) {
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
      return 0;
    p += n + (end ? 1 : 0);
  }
  return 1;
}

/* mkdir -p: creates path and its missing parents; returns 0 or an errno. */
static int make_dirs(const char *path) {
  char buf[PATH_MAX];
  size_t len = strlen(path);
  if (len >= sizeof buf) return ENAMETOOLONG;
  memcpy(buf, path, len + 1);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return errno;
    *p = '/';
  }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST) return errno;
  return 0;
}

/* Builds the files (a list of {name=, content=, mode=} at index files) in a
 * new temporary directory beside target; its path goes to tmp. */
static void stage_dir(lua_State *L, const char *target, int files, char tmp[PATH_MAX]) {
  char parent[PATH_MAX], path[PATH_MAX];
  const char *base;
  struct stat st;
  int err = 0;
  lua_Integer n;
  luaL_checktype(L, files, LUA_TTABLE);
  n = luaL_len(L, files);
  /* Validate every entry before touching the disk. */
  for (lua_Integer i = 1; i <= n; i++) {
    lua_geti(L, files, i);
    luaL_checktype(L, -1, LUA_TTABLE);
    lua_getfield(L, -1, "name");
    if (!lua_isstring(L, -1) || !safe_name(lua_tostring(L, -1)))
      FAIL(L, "%s: invalid output file name", target);
    lua_getfield(L, -2, "content");
    if (!lua_isstring(L, -1)) FAIL(L, "%s: file without content", target);
    lua_pop(L, 3);
  }
  if (stat(target, &st) == 0 && !S_ISDIR(st.st_mode))
    FAIL(L, "%s: exists and is not a directory (choose another -o)", target);
  split_path(target, parent, sizeof parent, &base);
  if (!*base) FAIL(L, "%s: invalid output directory", target);
  if (stat(parent, &st) != 0 && (err = make_dirs(parent)) != 0) /* -o out/prod on a fresh tree */
    FAIL(L, "%s: cannot create %s: %s", target, parent, strerror(err));
  if (path_join(path, base, "", ".tmp-XXXXXX") != 0 || path_join(tmp, parent, "/.", path) != 0)
    FAIL(L, "%s: path too long", target);
  if (!mkdtemp(tmp))
    FAIL(L, "%s: cannot create a directory beside it: %s", target, strerror(errno));
  for (lua_Integer i = 1; i <= n && !err; i++) {
    size_t len;
    const char *name, *content;
    mode_t mode;
    lua_geti(L, files, i);
    lua_getfield(L, -1, "name");
    lua_getfield(L, -2, "content");
    lua_getfield(L, -3, "mode");
    name = lua_tostring(L, -3);
    content = lua_tolstring(L, -2, &len);
    mode = (mode_t)(lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0644);
    err = path_join(path, tmp, "/", name);
    if (!err) err = make_parents(tmp, name);
    if (!err) err = create_file(path, content, len, mode);
    lua_pop(L, 4);
  }
  if (!err && chmod(tmp, 0755) != 0) err = errno; /* mkdtemp made it 0700 */
  if (err) {
    remove_tree(tmp);
    FAIL(L, "%s: cannot write: %s", target, strerror(err));
  }
}

/* What one attempt to put a staged directory in place did. */
enum commit_result {
  COMMIT_RENAMED = 0,    /* tmp is target now */
  COMMIT_EXCHANGED = -1, /* tmp holds the previous output */
  COMMIT_RETRY = -2,     /* another run changed target meanwhile */
  COMMIT_REFUSED = -3    /* target holds something fsgen did not write */
};                       /* > 0: an errno value */

#define COMMIT_ATTEMPTS 1000

/* One attempt.  Target is absent, an empty directory, a complete output
 * (each commit is one rename or exchange) or foreign; a failed step that
 * another run can explain is a retry, not an error. */
static int commit_once(const char *tmp, const char *target) {
  struct stat st;
  if (stat(target, &st) != 0) {
    if (errno != ENOENT) return errno;
    if (rename(tmp, target) == 0) return COMMIT_RENAMED;
    return errno == ENOTEMPTY || errno == EEXIST ? COMMIT_RETRY : errno;
  }
  if (is_fsgen_output(target)) {
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) return COMMIT_EXCHANGED;
    return errno == ENOENT ? COMMIT_RETRY : errno;
  }
  /* rename replaces an empty directory atomically and refuses any other */
  if (rename(tmp, target) == 0) return COMMIT_RENAMED;
  if (errno != ENOTEMPTY && errno != EEXIST) return errno;
  return is_fsgen_output(target) || stat(target, &st) != 0 ? COMMIT_RETRY : COMMIT_REFUSED;
}

/* Puts the staged directory tmp in place of target, then removes the
 * previous output.  Runs writing the same target at once each end with
 * their output in place for a moment; the last one stays. */
static void commit_dir(lua_State *L, const char *tmp, const char *target) {
  int result = COMMIT_RETRY;
  for (int attempt = 0; attempt < COMMIT_ATTEMPTS && result == COMMIT_RETRY; attempt++)
    result = commit_once(tmp, target);
  if (result == COMMIT_RENAMED) return;
  if (result == COMMIT_EXCHANGED) {
    int err = remove_tree(tmp);
    /* The run succeeded; only say what is left behind, in one line. */
    if (err)
      fprintf(stderr, "fsgen: warning: %s: the previous output is left in %s (cannot remove it: %s)\n",
              target, tmp, strerror(err));
    return;
  }
  remove_tree(tmp);
  if (result == COMMIT_REFUSED)
    FAIL(L, "%s: refusing to replace a non-empty directory that holds no "
            "kustomization.yaml (not fsgen output?)", target);
  FAIL(L, "%s: cannot write: %s", target,
       strerror(result == COMMIT_RETRY ? EBUSY : result));
}

/* core.write_dir(dir, files): stage beside dir, then commit. */
static int l_write_dir(lua_State *L) {
  const char *target = luaL_checkstring(L, 1);
  char tmp[PATH_MAX];
  stage_dir(L, target, 2, tmp);
  commit_dir(L, tmp, target);
  return 0;
}

/* core.stage_dir(dir, files) -> temporary path, for several outputs that
 * must all succeed before any is put in place (--each). */
static int l_stage_dir(lua_State *L) {
  char tmp[PATH_MAX];
  stage_dir(L, luaL_checkstring(L, 1), 2, tmp);
  lua_pushstring(L, tmp);
  return 1;
}

/* core.commit_dir(tmp, dir) */
static int l_commit_dir(lua_State *L) {
  commit_dir(L, luaL_checkstring(L, 1), luaL_checkstring(L, 2));
  return 0;
}

/* core.make_dir(path): creates a directory (and its parents) if missing. */
static int l_make_dir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int err = make_dirs(path);
  if (err) return FAIL(L, "%s: cannot create: %s", path, strerror(err));
  return 0;
}

/* core.discard_dir(tmp): removes a staged directory that will not be used. */
static int l_discard_dir(lua_State *L) {
  const char *tmp = luaL_checkstring(L, 1);
  /* Only ever what stage_dir made: a hidden ".<name>.tmp-XXXXXX". */
  if (!is_staged_name(tmp)) return luaL_argerror(L, 1, "not a staged directory");
  remove_tree(tmp);
  return 0;
}

static const luaL_Reg file_funcs[] = {
  {"read_file", l_read_file},       {"realpath", l_realpath},
  {"getenv", l_getenv},             {"write_stdout", l_write_stdout},
  {"write_stderr", l_write_stderr},
  {"write_file", l_write_file},     {"write_dir", l_write_dir},
  {"stage_dir", l_stage_dir},       {"commit_dir", l_commit_dir},
  {"discard_dir", l_discard_dir},   {"make_dir", l_make_dir},
  {"stage_file", l_stage_file},     {"commit_file", l_commit_file},
  {"discard_file", l_discard_file},
  {NULL, NULL}};

void file_io_register(lua_State *L, int module) {
  lua_pushvalue(L, module);
  luaL_setfuncs(L, file_funcs, 0);
  lua_pop(L, 1);
}
