#define _DEFAULT_SOURCE /* fork, pipe, waitpid */

#include "parallel.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>

#define MAX_JOBS 64

/* Calls fn(i) in a protected call; leaves a string: the result or "\1"..error. */
static void call_item(lua_State *L, int fn, lua_Integer i) {
  lua_pushvalue(L, fn);
  lua_pushinteger(L, i);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    if (!msg && lua_istable(L, -1)) {
      lua_getfield(L, -1, "message");
      lua_replace(L, -2);
      msg = lua_tostring(L, -1);
    }
    lua_pushfstring(L, "\1%s", msg ? msg : "error");
    lua_replace(L, -2);
  } else if (!lua_isstring(L, -1)) {
    lua_pushliteral(L, "\1worker function returned no string");
    lua_replace(L, -2);
  }
}

static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

struct share {
  lua_Integer first, step, count;
  int fd;
};

/* The worker's loop (function at index 1, its share as light userdata at 2):
 * each result is sent as index, length, bytes. */
static int worker_loop(lua_State *L) {
  const struct share *sh = lua_touserdata(L, 2);
  for (lua_Integer i = sh->first; i <= sh->count; i += sh->step) {
    size_t len;
    const char *s;
    int64_t header[2];
    call_item(L, 1, i);
    s = lua_tolstring(L, -1, &len);
    header[0] = (int64_t)i;
    header[1] = (int64_t)len;
    if (write_all(sh->fd, header, sizeof header) != 0 || write_all(sh->fd, s, len) != 0) _exit(3);
    lua_pop(L, 1);
  }
  return 0;
}

/* The child process: any error, even one outside fn, ends it here, never in
 * the parent's code it was forked from. */
static void worker(lua_State *L, int fn, lua_Integer first, lua_Integer step,
                   lua_Integer count, int fd) {
  struct share sh = {first, step, count, fd};
  lua_pushcfunction(L, worker_loop);
  lua_pushvalue(L, fn);
  lua_pushlightuserdata(L, &sh);
  _exit(lua_pcall(L, 2, 0, 0) == LUA_OK ? 0 : 3); /* no atexit, no parent buffers */
}


/* fsgen.host.cpus() -> the number of online processors (at least 1). */
int parallel_cpus_lua(lua_State *L) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, n > 0 ? n : 1);
  return 1;
}

int parallel_lua(lua_State *L) {
  lua_Integer jobs = luaL_checkinteger(L, 1);
  lua_Integer count = luaL_checkinteger(L, 2);
  int fds[MAX_JOBS];
  pid_t pids[MAX_JOBS];
  int failed = 0;
  luaL_checktype(L, 3, LUA_TFUNCTION);
  lua_settop(L, 3);
  lua_createtable(L, (int)(count > 0 ? count : 0), 0); /* 4: results */
  if (jobs > count) jobs = count;
  if (jobs > MAX_JOBS) jobs = MAX_JOBS;
  if (jobs <= 1) {
    for (lua_Integer i = 1; i <= count; i++) {
      call_item(L, 3, i);
      lua_seti(L, 4, i);
    }
    return 1;
  }
  fflush(NULL);
  for (lua_Integer w = 0; w < jobs; w++) {
    int p[2];
    if (pipe(p) != 0) {
      failed = errno;
      jobs = w;
      break;
    }
    pids[w] = fork();
    if (pids[w] == 0) {
      for (lua_Integer k = 0; k < w; k++) close(fds[k]);
      close(p[0]);
      worker(L, 3, w + 1, jobs, count, p[1]);
    }
    close(p[1]);
    if (pids[w] < 0) {
      failed = errno;
      close(p[0]);
      jobs = w;
      break;
    }
    fds[w] = p[0];
  }
  /* Collect: read whole messages from whichever worker has data. */
  {
    struct pollfd pfd[MAX_JOBS];
    int open = (int)jobs;
    luaL_Buffer b;
    for (lua_Integer w = 0; w < jobs; w++) {
      pfd[w].fd = fds[w];
      pfd[w].events = POLLIN;
    }
    while (open > 0) {
      if (poll(pfd, (nfds_t)jobs, -1) < 0) {
        if (errno == EINTR) continue;
        failed = errno;
        break;
      }
      for (lua_Integer w = 0; w < jobs; w++) {
        int64_t header[2];
        ssize_t n;
        if (pfd[w].fd < 0 || !(pfd[w].revents & (POLLIN | POLLHUP))) continue;
        n = read(pfd[w].fd, header, sizeof header);
        if (n <= 0) {
          close(pfd[w].fd);
          pfd[w].fd = -1;
          open--;
          continue;
        }
        if (n != (ssize_t)sizeof header) { /* headers are written whole, under PIPE_BUF */
          failed = EIO;
          continue;
        }
        luaL_buffinit(L, &b);
        for (size_t left = (size_t)header[1]; left > 0;) {
          size_t chunk = left < LUAL_BUFFERSIZE ? left : LUAL_BUFFERSIZE;
          char *dst = luaL_prepbuffsize(&b, chunk);
          ssize_t got = read(pfd[w].fd, dst, chunk);
          if (got < 0 && errno == EINTR) continue;
          if (got <= 0) {
            failed = EIO;
            break;
          }
          luaL_addsize(&b, (size_t)got);
          left -= (size_t)got;
        }
        luaL_pushresult(&b);
        lua_seti(L, 4, (lua_Integer)header[0]);
      }
    }
    for (lua_Integer w = 0; w < jobs; w++)
      if (pfd[w].fd >= 0) close(pfd[w].fd);
  }
  for (lua_Integer w = 0; w < jobs; w++) {
    int status;
    while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = failed ? failed : ECHILD;
  }
  if (failed) {
    lua_pushfstring(L, "a worker process failed: %s", strerror(failed));
    return lua_error(L);
  }
  return 1;
}
