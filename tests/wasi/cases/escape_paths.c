// BOTH-RESOLVERS
// An attacker's tour of every path_* function: each operation is tried on paths that
// lead out of /sandbox (symlinks absolute and relative, chained, dangling, looping,
// at the leaf and in the middle, with trailing slashes; "..", "..\0", embedded NULs,
// "a/../../x", absolute paths). One line per operation, one result per path, in the
// order of `paths` below. run_case.sh checks that nothing outside changed (entries,
// sizes, mtimes, ctimes), the same under openat2 and under the fallback walk.
// A leaf symlink is itself inside the sandbox, so operations that do not follow it
// (stat/set times without FOLLOW, readlink, rename, link, unlink) act on the link
// and succeed ("ok"); everything that would reach outside is refused.
//
// paths:  rel_out abs_out lnk chain sub/rel_out2 dang loop1 dir_out/f abs_dir_out/f
//         sub/etc_link/passwd dir_out/ol dir_out/ dir_out/. dir_out/.. ../outside.txt
//         sub/../../outside.txt a/../../outside.txt /etc/passwd .. ..\0 ..\0/x
//         sub\0/../../outside.txt a/..\0 / ../
// OUT: setup ok
// OUT: open: NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: open-nofollow: LOOP LOOP LOOP LOOP LOOP LOOP LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: open-creat: NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE ISDIR NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: open-dir: NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: stat: NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: stat-nofollow: link link link link link link link NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: times: NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE LOOP NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: times-nofollow: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: mkdir: EXIST EXIST EXIST EXIST EXIST EXIST EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: rmdir: NOTDIR NOTDIR NOTDIR NOTDIR NOTDIR NOTDIR NOTDIR NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTDIR NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: symlink: EXIST EXIST EXIST EXIST EXIST EXIST EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: readlink: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: link-follow: INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL INVAL
// OUT: link-from: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: link-to: EXIST EXIST EXIST EXIST EXIST EXIST EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE EXIST NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: rename-from: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: rename-to: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTDIR NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: unlink: ok ok ok ok ok ok ok NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE NOTCAPABLE INVAL INVAL INVAL INVAL NOTCAPABLE NOTCAPABLE
// OUT: long paths: NAMETOOLONG NAMETOOLONG NOTCAPABLE NAMETOOLONG ok
// OUT: symlink targets: INVAL NOTCAPABLE NOENT
#include <stdlib.h>

#include "raw_wasi.h"

struct P {
  const char* p;
  int32_t len;
};
#define PATH(s) {s, (int32_t)(sizeof(s) - 1)}
static const struct P paths[] = {
    PATH("rel_out"), PATH("abs_out"), PATH("lnk"), PATH("chain"), PATH("sub/rel_out2"),
    PATH("dang"), PATH("loop1"), PATH("dir_out/f"), PATH("abs_dir_out/f"),
    PATH("sub/etc_link/passwd"), PATH("dir_out/ol"), PATH("dir_out/"), PATH("dir_out/."),
    PATH("dir_out/.."), PATH("../outside.txt"), PATH("sub/../../outside.txt"),
    PATH("a/../../outside.txt"), PATH("/etc/passwd"), PATH(".."), PATH("..\0"),
    PATH("..\0/x"), PATH("sub\0/../../outside.txt"), PATH("a/..\0"), PATH("/"), PATH("../"),
};
#define N (int)(sizeof paths / sizeof paths[0])
static int32_t S;

static int32_t sym(const char* target, const char* at) {
  return w_path_symlink(target, (int32_t)strlen(target), S, at, (int32_t)strlen(at));
}
static void mkfile(const char* name) {
  int32_t fd;
  if (w_path_open(S, 0, name, (int32_t)strlen(name), O_CREAT_ | O_TRUNC_, R_ALL, 0, 0, &fd) == 0)
    w_fd_close(fd);
}

typedef int32_t (*Op)(const struct P*);

static int32_t op_open(const struct P* p, int32_t dirflags, int32_t oflags, int64_t rights) {
  int32_t fd = -1;
  int32_t r = w_path_open(S, dirflags, p->p, p->len, oflags, rights, 0, 0, &fd);
  if (r == 0) w_fd_close(fd);
  return r;
}
static int32_t o_open(const struct P* p) { return op_open(p, FOLLOW, 0, R_FD_READ); }
static int32_t o_open_nf(const struct P* p) { return op_open(p, 0, 0, R_FD_READ); }
static int32_t o_open_creat(const struct P* p) {
  return op_open(p, FOLLOW, O_CREAT_ | O_TRUNC_, R_FD_WRITE);
}
static int32_t o_open_dir(const struct P* p) { return op_open(p, FOLLOW, O_DIRECTORY_, 0); }
static uint8_t st[64];
static int32_t o_stat(const struct P* p) { return w_path_filestat_get(S, FOLLOW, p->p, p->len, st); }
static int32_t o_stat_nf(const struct P* p) {
  int32_t r = w_path_filestat_get(S, 0, p->p, p->len, st);
  return r == 0 && stat_type(st) == 7 ? -1 : r;  // -1: "link" (the symlink itself)
}
static const int64_t T = 1234567890LL * 1000000000LL;
static int32_t o_times(const struct P* p) {
  return w_path_filestat_set_times(S, FOLLOW, p->p, p->len, T, T, ATIM | MTIM);
}
static int32_t o_times_nf(const struct P* p) {
  return w_path_filestat_set_times(S, 0, p->p, p->len, T, T, ATIM | MTIM);
}
static int32_t o_mkdir(const struct P* p) { return w_path_create_directory(S, p->p, p->len); }
static int32_t o_rmdir(const struct P* p) { return w_path_remove_directory(S, p->p, p->len); }
static int32_t o_symlink(const struct P* p) { return w_path_symlink("x", 1, S, p->p, p->len); }
static int32_t o_readlink(const struct P* p) {
  char buf[64];
  int32_t used;
  return w_path_readlink(S, p->p, p->len, buf, sizeof buf, &used);
}
static int32_t o_link_follow(const struct P* p) { return w_path_link(S, FOLLOW, p->p, p->len, S, "hl", 2); }
static int32_t o_link_from(const struct P* p) {
  int32_t r = w_path_link(S, 0, p->p, p->len, S, "hl", 2);
  if (r == 0) w_path_unlink_file(S, "hl", 2);
  return r;
}
static int32_t o_link_to(const struct P* p) { return w_path_link(S, 0, "victim", 6, S, p->p, p->len); }
static int32_t o_rename_from(const struct P* p) {
  int32_t r = w_path_rename(S, p->p, p->len, S, "moved", 5);
  if (r == 0 && w_path_rename(S, "moved", 5, S, p->p, p->len) != 0) printf("could not move back\n");
  return r;
}
static int32_t o_rename_to(const struct P* p) {
  mkfile("victim");
  return w_path_rename(S, "victim", 6, S, p->p, p->len);
}
static int32_t o_unlink(const struct P* p) { return w_path_unlink_file(S, p->p, p->len); }

static void row(const char* name, Op op) {
  printf("%s:", name);
  for (int i = 0; i < N; i++) {
    int32_t r = op(&paths[i]);
    printf(" %s", r == -1 ? "link" : E(r));
  }
  printf("\n");
}

int main(void) {
  S = preopen_fd("/sandbox");
  int ok = S >= 0;
  ok &= sym("../outside.txt", "lnk") == 0;
  ok &= sym("chain2", "chain") == 0;
  ok &= sym("sub/../../outside.txt", "chain2") == 0;
  ok &= sym("../outside_new", "dang") == 0;
  ok &= sym("loop2", "loop1") == 0 && sym("loop1", "loop2") == 0;
  ok &= sym("../outside_dir", "dir_out") == 0;
  ok &= w_path_create_directory(S, "a", 1) == 0;
  printf("setup %s\n", ok ? "ok" : "FAILED");

  row("open", o_open);
  row("open-nofollow", o_open_nf);
  row("open-creat", o_open_creat);
  row("open-dir", o_open_dir);
  row("stat", o_stat);
  row("stat-nofollow", o_stat_nf);
  row("times", o_times);
  row("times-nofollow", o_times_nf);
  row("mkdir", o_mkdir);
  row("rmdir", o_rmdir);
  row("symlink", o_symlink);
  row("readlink", o_readlink);
  mkfile("victim");
  row("link-follow", o_link_follow);
  row("link-from", o_link_from);
  row("link-to", o_link_to);
  row("rename-from", o_rename_from);
  // Destructive last: renaming over a leaf symlink replaces the link (inside).
  row("rename-to", o_rename_to);
  row("unlink", o_unlink);

  // Long paths: over 4095 bytes and a 1 MB one are too long, 1000 ".." leave, a
  // 300-byte component is too long; 2000 "./" stay inside and name the sandbox.
  char* big = malloc(1 << 20);
  int32_t r[5];
  memset(big, 'a', 1 << 20);
  for (int i = 1; i < 4200; i += 2) big[i] = '/';
  r[0] = w_path_filestat_get(S, FOLLOW, big, 4200, st);
  r[1] = w_path_filestat_get(S, FOLLOW, big, 1 << 20, st);
  for (int i = 0; i < 3000; i += 3) memcpy(big + i, "../", 3);
  r[2] = w_path_create_directory(S, big, 3000);
  memset(big, 'b', 300);
  r[3] = w_path_create_directory(S, big, 300);
  for (int i = 0; i < 4000; i += 2) memcpy(big + i, "./", 2);
  r[4] = w_path_filestat_get(S, FOLLOW, big, 4000, st);
  printf("long paths: %s %s %s %s %s\n", E(r[0]), E(r[1]), E(r[2]), E(r[3]), E(r[4]));
  free(big);

  // Symlink targets: a NUL inside, an absolute one, an empty one.
  printf("symlink targets: %s %s %s\n", E(w_path_symlink("x\0/../..", 8, S, "t1", 2)),
         E(w_path_symlink("/etc", 4, S, "t2", 2)), E(w_path_symlink("", 0, S, "t3", 2)));
  return 0;
}
