// BOTH-RESOLVERS
// Links the guest makes itself, used to leave: "up" -> "..", "sub/up" -> "..",
// dangling links whose target climbs out through another link (O_CREAT must not
// create the target outside; O_CREAT|O_EXCL is EEXIST, without FOLLOW ELOOP), every
// path_* function through "up/" and "up/.", a chain of 41 self links (ELOOP) and
// ".." after 10 of them (with 20 or more, Linux 6.x openat2 answers ELOOP instead of
// EXDEV); a hard link to a host symlink pointing out is a link to the link (opening
// it is ENOTCAPABLE). A directory fd whose parent is renamed still cannot reach
// above itself. The read-only preopen: no write access by any flag, right, hard
// link, rename, symlink or times (EPERM, as wasmtime, for path_* calls), also
// through a directory fd opened in it; a read-only fd in the read-write preopen
// cannot change the file either. run_case.sh checks nothing outside changed.
// OUT: sym up: ok
// OUT: sym sub/up: ok
// OUT: sym dng: ok
// OUT: sym dng2: ok
// OUT: sym self: ok
// OUT: open up/outside.txt: NOTCAPABLE
// OUT: open sub/up/up/outside.txt: NOTCAPABLE
// OUT: open sub/up/sub/up: ok
// OUT: creat dng follow: NOTCAPABLE
// OUT: creat dng2 follow: NOTCAPABLE
// OUT: creat dng excl: EXIST
// OUT: creat dng nofollow: LOOP
// OUT: trunc rel_out: NOTCAPABLE
// OUT: dir up: NOTCAPABLE
// OUT: dir up/: NOTCAPABLE
// OUT: dir up/.: NOTCAPABLE
// OUT: stat up nofollow: ok
// OUT: stat up/ nofollow: NOTCAPABLE
// OUT: times up/: NOTCAPABLE
// OUT: times up/.: NOTCAPABLE
// OUT: times sub/up/.: ok
// OUT: mkdir up/x: NOTCAPABLE
// OUT: mkdir up/: EXIST
// OUT: rmdir up/: NOTDIR
// OUT: unlink up/: NOTCAPABLE
// OUT: rename up/->x: NOTCAPABLE
// OUT: link up/outside.txt: NOTCAPABLE
// OUT: link rel_out->hl2: ok
// OUT: open hl2: NOTCAPABLE
// OUT: stat hl2 nf type: ok 7
// OUT: symlink up/x: NOTCAPABLE
// OUT: readlink up/outside.txt: NOTCAPABLE
// OUT: self x41: LOOP
// OUT: self x10: ok
// OUT: self x10/up/..: NOTCAPABLE
// OUT: rename a -> sub/a: ok
// OUT: fb ..: NOTCAPABLE
// OUT: fb ../../..: NOTCAPABLE
// OUT: fb mkdir ../z: NOTCAPABLE
// OUT: fb sym: ok
// OUT: fb open q: NOTCAPABLE
// OUT: S open sub/a/b/q: NOENT
// OUT: rename fb . : BUSY
// OUT: rename S sub -> sub/a/b/sub: INVAL
// OUT: ro open write: PERM
// OUT: ro open append: PERM
// OUT: ro fd rights: write 0 set_size 0 times 0
// OUT: ro fd: write refused set_size refused alloc refused times refused
// OUT: ro link ro->rw: PERM
// OUT: ro rename ro->rw: PERM
// OUT: ro path times: PERM
// OUT: ro symlink: PERM
// OUT: ro dir times: refused
// OUT: ro dir link: PERM
// OUT: ro dir creat: PERM
// OUT: ro preopen times: refused
// OUT: rw read-only fd: set_size refused alloc refused size 5
#include "raw_wasi.h"
#define L(s) s, (int32_t)(sizeof(s) - 1)
static int32_t S, R;
#define RF(x) ((x) != 0 ? "refused" : "ALLOWED")
static const char* op(int32_t d, int32_t flags, const char* p, int32_t oflags, int64_t base, int32_t fdfl) {
  int32_t fd = -1;
  int32_t r = w_path_open(d, flags, p, (int32_t)strlen(p), oflags, base, R_ALL, fdfl, &fd);
  if (r == 0) w_fd_close(fd);
  return E(r);
}
static int32_t openfd(int32_t d, int32_t flags, const char* p, int32_t oflags, int64_t base) {
  int32_t fd = -1;
  int32_t r = w_path_open(d, flags, p, (int32_t)strlen(p), oflags, base, R_ALL, 0, &fd);
  return r == 0 ? fd : -r;
}
static int32_t sym(const char* t, const char* at) {
  return w_path_symlink(t, (int32_t)strlen(t), S, at, (int32_t)strlen(at));
}
static int32_t put(int32_t fd, const char* s) {
  struct { const void* p; uint32_t n; } iov = {s, (uint32_t)strlen(s)};
  int32_t n;
  return w_fd_write(fd, &iov, 1, &n);
}
int main(void) {
  S = preopen_fd("/sandbox");
  R = preopen_fd("/ro");
  uint8_t st[64];
  // guest-made symlinks
  printf("sym up: %s\n", E(sym("..", "up")));
  printf("sym sub/up: %s\n", E(sym("..", "sub/up")));
  printf("sym dng: %s\n", E(sym("sub/../../newout", "dng")));
  printf("sym dng2: %s\n", E(sym("sub/up/../newout2", "dng2")));
  printf("sym self: %s\n", E(sym(".", "sub/self")));
  printf("open up/outside.txt: %s\n", op(S, FOLLOW, "up/outside.txt", 0, R_FD_READ, 0));
  printf("open sub/up/up/outside.txt: %s\n", op(S, FOLLOW, "sub/up/up/outside.txt", 0, R_FD_READ, 0));
  printf("open sub/up/sub/up: %s\n", op(S, FOLLOW, "sub/up/sub/up", O_DIRECTORY_, 0, 0));
  printf("creat dng follow: %s\n", op(S, FOLLOW, "dng", O_CREAT_, R_FD_WRITE, 0));
  printf("creat dng2 follow: %s\n", op(S, FOLLOW, "dng2", O_CREAT_, R_FD_WRITE, 0));
  printf("creat dng excl: %s\n", op(S, FOLLOW, "dng", O_CREAT_ | O_EXCL_, R_FD_WRITE, 0));
  printf("creat dng nofollow: %s\n", op(S, 0, "dng", O_CREAT_, R_FD_WRITE, 0));
  printf("trunc rel_out: %s\n", op(S, FOLLOW, "rel_out", O_TRUNC_, R_FD_WRITE, 0));
  printf("dir up: %s\n", op(S, FOLLOW, "up", O_DIRECTORY_, 0, 0));
  printf("dir up/: %s\n", op(S, 0, "up/", O_DIRECTORY_, 0, 0));
  printf("dir up/.: %s\n", op(S, 0, "up/.", O_DIRECTORY_, 0, 0));
  printf("stat up nofollow: %s\n", E(w_path_filestat_get(S, 0, L("up"), st)));
  printf("stat up/ nofollow: %s\n", E(w_path_filestat_get(S, 0, L("up/"), st)));
  printf("times up/: %s\n", E(w_path_filestat_set_times(S, 0, L("up/"), 1, 1, ATIM|MTIM)));
  printf("times up/.: %s\n", E(w_path_filestat_set_times(S, 0, L("up/."), 1, 1, ATIM|MTIM)));
  printf("times sub/up/.: %s\n", E(w_path_filestat_set_times(S, 0, L("sub/up/."), 1, 1, ATIM|MTIM)));
  printf("mkdir up/x: %s\n", E(w_path_create_directory(S, L("up/x"))));
  printf("mkdir up/: %s\n", E(w_path_create_directory(S, L("up/"))));
  printf("rmdir up/: %s\n", E(w_path_remove_directory(S, L("up/"))));
  printf("unlink up/: %s\n", E(w_path_unlink_file(S, L("up/"))));
  printf("rename up/->x: %s\n", E(w_path_rename(S, L("up/"), S, L("x"))));
  printf("link up/outside.txt: %s\n", E(w_path_link(S, 0, L("up/outside.txt"), S, L("hl"))));
  printf("link rel_out->hl2: %s\n", E(w_path_link(S, 0, L("rel_out"), S, L("hl2"))));
  printf("open hl2: %s\n", op(S, FOLLOW, "hl2", 0, R_FD_READ, 0));
  printf("stat hl2 nf type: %s %d\n", E(w_path_filestat_get(S, 0, L("hl2"), st)), st[16]);
  printf("symlink up/x: %s\n", E(w_path_symlink(L("a"), S, L("up/x"))));
  printf("readlink up/outside.txt: %s\n", ({char b[64]; int32_t u; E(w_path_readlink(S, L("up/outside.txt"), b, 64, &u));}));
  // self chains
  char p[400] = "sub";
  for (int i = 0; i < 41; i++) strcat(p, "/self");
  printf("self x41: %s\n", op(S, FOLLOW, p, O_DIRECTORY_, 0, 0));
  strcpy(p, "sub");
  for (int i = 0; i < 10; i++) strcat(p, "/self");
  printf("self x10: %s\n", op(S, FOLLOW, p, O_DIRECTORY_, 0, 0));
  strcat(p, "/up/..");
  printf("self x10/up/..: %s\n", op(S, FOLLOW, p, O_DIRECTORY_, 0, 0));
  // directory fd and renames
  w_path_create_directory(S, L("a"));
  w_path_create_directory(S, L("a/b"));
  int32_t fb = openfd(S, 0, "a/b", O_DIRECTORY_, R_ALL & ~R_FD_WRITE);
  printf("rename a -> sub/a: %s\n", E(w_path_rename(S, L("a"), S, L("sub/a"))));
  printf("fb ..: %s\n", op(fb, FOLLOW, "..", O_DIRECTORY_, 0, 0));
  printf("fb ../../..: %s\n", op(fb, FOLLOW, "../../..", O_DIRECTORY_, 0, 0));
  printf("fb mkdir ../z: %s\n", E(w_path_create_directory(fb, L("../z"))));
  printf("fb sym: %s\n", E(w_path_symlink(L("../../../outside.txt"), fb, L("q"))));
  printf("fb open q: %s\n", op(fb, FOLLOW, "q", 0, R_FD_READ, 0));
  printf("S open sub/a/b/q: %s\n", op(S, FOLLOW, "sub/a/b/q", 0, R_FD_READ, 0));
  printf("rename fb . : %s\n", E(w_path_rename(fb, L("."), S, L("zz"))));
  printf("rename S sub -> sub/a/b/sub: %s\n", E(w_path_rename(S, L("sub"), fb, L("sub"))));
  // ro bypass
  printf("ro open write: %s\n", op(R, 0, "file.txt", 0, R_FD_WRITE, 0));
  printf("ro open append: %s\n", op(R, 0, "file.txt", 0, R_FD_READ, FD_APPEND));
  int32_t rf = openfd(R, 0, "file.txt", 0, R_ALL & ~R_FD_WRITE);
  uint8_t fst[24];
  w_fd_fdstat_get(rf, fst);
  uint64_t rights; memcpy(&rights, fst + 8, 8);
  printf("ro fd rights: write %d set_size %d times %d\n", (int)(rights >> 6 & 1), (int)(rights >> 22 & 1), (int)(rights >> 23 & 1));
  // fd_* on the read-only file: refused (wasmtime's errnos differ: EBADF / EPERM).
  w_fd_fdstat_set_rights(rf, R_ALL, R_ALL);
  w_fd_fdstat_set_flags(rf, FD_APPEND);
  printf("ro fd: write %s set_size %s alloc %s times %s\n", RF(put(rf, "X")), RF(w_fd_filestat_set_size(rf, 0)),
         RF(w_fd_allocate(rf, 0, 100)), RF(w_fd_filestat_set_times(rf, 1, 1, ATIM | MTIM)));
  printf("ro link ro->rw: %s\n", E(w_path_link(R, 0, L("file.txt"), S, L("rolink"))));
  printf("ro rename ro->rw: %s\n", E(w_path_rename(R, L("file.txt"), S, L("rolink"))));
  printf("ro path times: %s\n", E(w_path_filestat_set_times(R, 0, L("file.txt"), 1, 1, ATIM|MTIM)));
  printf("ro symlink: %s\n", E(w_path_symlink(L("x"), R, L("s"))));
  int32_t rd = openfd(R, 0, ".", O_DIRECTORY_, R_ALL & ~R_FD_WRITE);
  printf("ro dir times: %s\n", RF(w_fd_filestat_set_times(rd, 1, 1, ATIM|MTIM)));
  printf("ro dir link: %s\n", E(w_path_link(rd, 0, L("file.txt"), S, L("rolink"))));
  printf("ro dir creat: %s\n", op(rd, 0, "new", O_CREAT_, R_FD_READ, 0));
  printf("ro preopen times: %s\n", RF(w_fd_filestat_set_times(R, 1, 1, ATIM|MTIM)));
  // rw read-only fd
  int32_t wf = openfd(S, 0, "sub/f", O_CREAT_, R_FD_WRITE);
  put(wf, "hello"); w_fd_close(wf);
  int32_t rof = openfd(S, 0, "sub/f", 0, R_FD_READ | R_FD_FILESTAT_SET_SIZE | R_FD_ALLOCATE | R_FD_FILESTAT_GET);
  int32_t sr = w_fd_filestat_set_size(rof, 0), ar = w_fd_allocate(rof, 0, 100);
  w_fd_filestat_get(rof, st);
  printf("rw read-only fd: set_size %s alloc %s size %d\n", RF(sr), RF(ar), (int)stat_u64(st, 32));
  return 0;
}
