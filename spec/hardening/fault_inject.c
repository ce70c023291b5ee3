/* An LD_PRELOAD shim that makes one chosen filesystem call fail, to test
 * every error path of fsgen's output writing (as jq's inject_errors.c does).
 *
 *   FSGEN_FAULT=CALL:N:MODE   the Nth call (1-based) of CALL fails
 *       CALL  open write close fchmod chmod rename renameat2 mkdir mkdtemp
 *             fsync unlink rmdir remove
 *       MODE  ENOSPC, EACCES, EIO, EROFS: fail with that errno;
 *             short: write only half (a legal short write, to be retried);
 *             shortfail: write half, then fail the next write with ENOSPC
 *   FSGEN_FAULT_LOG=FILE      at exit, write "CALL COUNT" lines: how many
 *                             calls of each kind the run made
 *
 * Only calls fsgen makes through the dynamic linker are seen (libc's own
 * internal calls, as inside fopen or nftw, are not): the counts of a run
 * are the same every time.  Files opened read-only (fsgen's reading of
 * charts and overlays) are not counted, nor is their close: the shim tests
 * the writing of output.  Other programs that inherit LD_PRELOAD (a shell,
 * a valgrind launcher script) are left alone: only a program named fsgen
 * counts and fails. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum call {
  CALL_OPEN, CALL_WRITE, CALL_CLOSE, CALL_FCHMOD, CALL_CHMOD, CALL_RENAME, CALL_RENAMEAT2,
  CALL_MKDIR, CALL_MKDTEMP, CALL_FSYNC, CALL_UNLINK, CALL_RMDIR, CALL_REMOVE, CALL_COUNT
};

static const char *const call_names[CALL_COUNT] = {
  "open", "write", "close", "fchmod", "chmod", "rename", "renameat2",
  "mkdir", "mkdtemp", "fsync", "unlink", "rmdir", "remove"};

enum mode { MODE_ERRNO, MODE_SHORT, MODE_SHORT_THEN_FAIL };

static struct {
  int parsed;
  int call;         /* the call to fail, -1 for none, -2 when not fsgen */
  long nth;
  enum mode mode;
  int error;
  int fail_next_write;
  long counts[CALL_COUNT];
} fault = {0, -1, 0, MODE_ERRNO, 0, 0, {0}};

static void parse_fault(void) {
  const char *spec = getenv("FSGEN_FAULT");
  char name[32], how[32];
  fault.parsed = 1;
  if (strcmp(program_invocation_short_name, "fsgen") != 0) {
    fault.call = -2; /* not fsgen: neither count nor fail */
    return;
  }
  if (!spec || sscanf(spec, "%31[^:]:%ld:%31s", name, &fault.nth, how) != 3) return;
  for (int i = 0; i < CALL_COUNT; i++)
    if (strcmp(name, call_names[i]) == 0) fault.call = i;
  if (strcmp(how, "ENOSPC") == 0) fault.error = ENOSPC;
  else if (strcmp(how, "EACCES") == 0) fault.error = EACCES;
  else if (strcmp(how, "EIO") == 0) fault.error = EIO;
  else if (strcmp(how, "EROFS") == 0) fault.error = EROFS;
  else if (strcmp(how, "short") == 0) fault.mode = MODE_SHORT;
  else if (strcmp(how, "shortfail") == 0) fault.mode = MODE_SHORT_THEN_FAIL;
  else fault.call = -1;
}

/* Counts the call; returns 1 when this one is to fail. */
static int hit(enum call call) {
  if (!fault.parsed) parse_fault();
  if (fault.call == -2) return 0;
  fault.counts[call]++;
  return (int)call == fault.call && fault.counts[call] == fault.nth;
}

static void *real(const char *name) {
  void *f = dlsym(RTLD_NEXT, name);
  if (!f) {
    fprintf(stderr, "fault_inject: no %s\n", name);
    abort();
  }
  return f;
}

__attribute__((destructor)) static void write_log(void) {
  const char *path = getenv("FSGEN_FAULT_LOG");
  FILE *f;
  if (!fault.parsed) parse_fault();
  if (fault.call == -2 || !path || !(f = fopen(path, "w"))) return;
  for (int i = 0; i < CALL_COUNT; i++) fprintf(f, "%s %ld\n", call_names[i], fault.counts[i]);
  fclose(f);
}

#define FAIL_WITH(value) \
  do {                   \
    errno = fault.error; \
    return (value);      \
  } while (0)

static int open_mode(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
}

/* Descriptors opened read-only, whose close is not counted either. */
#define READ_FDS 4096
static unsigned char read_only_fd[READ_FDS];

static int is_read_only(int flags) {
  return (flags & O_ACCMODE) == O_RDONLY && !(flags & O_CREAT) &&
         (flags & O_TMPFILE) != O_TMPFILE;
}

static int opened(int fd, int flags) {
  if (fd >= 0 && fd < READ_FDS) read_only_fd[fd] = (unsigned char)is_read_only(flags);
  return fd;
}

int open(const char *path, int flags, ...) {
  int (*next)(const char *, int, ...) = real("open");
  va_list ap;
  int mode;
  va_start(ap, flags);
  mode = open_mode(flags, ap);
  va_end(ap);
  if (!is_read_only(flags) && hit(CALL_OPEN) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return opened(next(path, flags, mode), flags);
}

int open64(const char *path, int flags, ...) {
  int (*next)(const char *, int, ...) = real("open64");
  va_list ap;
  int mode;
  va_start(ap, flags);
  mode = open_mode(flags, ap);
  va_end(ap);
  if (!is_read_only(flags) && hit(CALL_OPEN) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return opened(next(path, flags, mode), flags);
}

ssize_t write(int fd, const void *buf, size_t count) {
  ssize_t (*next)(int, const void *, size_t) = real("write");
  if (hit(CALL_WRITE)) {
    if (fault.mode == MODE_ERRNO) FAIL_WITH(-1);
    if (count > 1) {
      if (fault.mode == MODE_SHORT_THEN_FAIL) fault.fail_next_write = 1;
      return next(fd, buf, count / 2);
    }
  } else if (fault.fail_next_write) {
    fault.fail_next_write = 0;
    errno = ENOSPC;
    return -1;
  }
  return next(fd, buf, count);
}

int close(int fd) {
  int (*next)(int) = real("close");
  if (fd >= 0 && fd < READ_FDS && read_only_fd[fd]) {
    read_only_fd[fd] = 0;
    return next(fd);
  }
  if (hit(CALL_CLOSE) && fault.mode == MODE_ERRNO) {
    next(fd); /* as on NFS: the descriptor is gone, the error is late */
    FAIL_WITH(-1);
  }
  return next(fd);
}

int fchmod(int fd, mode_t mode) {
  int (*next)(int, mode_t) = real("fchmod");
  if (hit(CALL_FCHMOD) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(fd, mode);
}

int chmod(const char *path, mode_t mode) {
  int (*next)(const char *, mode_t) = real("chmod");
  if (hit(CALL_CHMOD) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(path, mode);
}

int rename(const char *from, const char *to) {
  int (*next)(const char *, const char *) = real("rename");
  if (hit(CALL_RENAME) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(from, to);
}

int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned flags) {
  int (*next)(int, const char *, int, const char *, unsigned) = real("renameat2");
  if (hit(CALL_RENAMEAT2) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(from_dir, from, to_dir, to, flags);
}

int mkdir(const char *path, mode_t mode) {
  int (*next)(const char *, mode_t) = real("mkdir");
  if (hit(CALL_MKDIR) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(path, mode);
}

char *mkdtemp(char *template) {
  char *(*next)(char *) = real("mkdtemp");
  if (hit(CALL_MKDTEMP) && fault.mode == MODE_ERRNO) FAIL_WITH(NULL);
  return next(template);
}

int fsync(int fd) {
  int (*next)(int) = real("fsync");
  if (hit(CALL_FSYNC) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(fd);
}

int unlink(const char *path) {
  int (*next)(const char *) = real("unlink");
  if (hit(CALL_UNLINK) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(path);
}

int rmdir(const char *path) {
  int (*next)(const char *) = real("rmdir");
  if (hit(CALL_RMDIR) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(path);
}

int remove(const char *path) {
  int (*next)(const char *) = real("remove");
  if (hit(CALL_REMOVE) && fault.mode == MODE_ERRNO) FAIL_WITH(-1);
  return next(path);
}
