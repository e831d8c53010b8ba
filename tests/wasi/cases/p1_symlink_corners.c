// BOTH-RESOLVERS
// Symlinks as wasi-testsuite probes them (nofollow_errors, dangling_symlink,
// symlink_loop, path_exists, readlink), wasmtime's errnos.
// OUT: dir link: nofollow DIRECTORY NOTDIR nofollow LOOP follow DIRECTORY ok
// OUT: file link: nofollow DIRECTORY NOTDIR nofollow LOOP follow DIRECTORY NOTDIR follow ok
// OUT: dangling: DIRECTORY NOTDIR plain LOOP follow NOENT follow+creat ok target made 1
// OUT: loop: LOOP follow LOOP stat-follow LOOP
// OUT: stat: link1 7 follow 4 link2 7 follow 3 chain follow 4
// OUT: readlink: ok 6 target untouched 1 short ok 4 targ zero ok 0
// OUT: middle links: ok ok
// OUT: link nofollow makes a link to the link: ok type 7
#include "raw_wasi.h"

static int32_t S;
#define L(s) s, (int32_t)(sizeof(s) - 1)
static const char* op(int32_t dirflags, const char* name, int32_t oflags) {
  int32_t fd = -1;
  int32_t r = w_path_open(S, dirflags, name, (int32_t)strlen(name), oflags, 0, 0, 0, &fd);
  if (r == 0) w_fd_close(fd);
  return E(r);
}

int main(void) {
  S = preopen_fd("/sandbox");
  w_path_create_directory(S, L("target"));
  w_path_symlink(L("target"), S, L("symlink"));
  printf("dir link: nofollow DIRECTORY %s nofollow %s follow DIRECTORY %s\n", op(0, "symlink", O_DIRECTORY_),
         op(0, "symlink", 0), op(FOLLOW, "symlink", O_DIRECTORY_));
  int32_t fd;
  w_path_open(S, 0, L("tfile"), O_CREAT_, R_ALL, 0, 0, &fd);
  w_path_symlink(L("tfile"), S, L("flink"));
  printf("file link: nofollow DIRECTORY %s nofollow %s follow DIRECTORY %s follow %s\n",
         op(0, "flink", O_DIRECTORY_), op(0, "flink", 0), op(FOLLOW, "flink", O_DIRECTORY_), op(FOLLOW, "flink", 0));
  w_path_symlink(L("made"), S, L("dang"));
  const char* a = op(0, "dang", O_DIRECTORY_);
  const char* b = op(0, "dang", 0);
  const char* c = op(FOLLOW, "dang", 0);
  const char* d = op(FOLLOW, "dang", O_CREAT_);
  uint8_t st[64];
  printf("dangling: DIRECTORY %s plain %s follow %s follow+creat %s target made %d\n", a, b, c, d,
         w_path_filestat_get(S, 0, L("made"), st) == 0);
  w_path_symlink(L("loop"), S, L("loop"));
  printf("loop: %s follow %s stat-follow %s\n", op(0, "loop", 0), op(FOLLOW, "loop", 0),
         E(w_path_filestat_get(S, FOLLOW, L("loop"), st)));
  w_path_create_directory(S, L("subdir"));
  w_path_open(S, 0, L("subdir/file"), O_CREAT_, R_ALL, 0, 0, &fd);
  w_path_symlink(L("subdir/file"), S, L("link1"));
  w_path_symlink(L("subdir"), S, L("link2"));
  w_path_symlink(L("link2/../link1"), S, L("chain"));
  int t[5];
  w_path_filestat_get(S, 0, L("link1"), st), t[0] = stat_type(st);
  w_path_filestat_get(S, FOLLOW, L("link1"), st), t[1] = stat_type(st);
  w_path_filestat_get(S, 0, L("link2"), st), t[2] = stat_type(st);
  w_path_filestat_get(S, FOLLOW, L("link2"), st), t[3] = stat_type(st);
  t[4] = w_path_filestat_get(S, FOLLOW, L("chain"), st) == 0 ? stat_type(st) : -1;
  printf("stat: link1 %d follow %d link2 %d follow %d chain follow %d\n", t[0], t[1], t[2], t[3], t[4]);
  char buf[10] = {0};
  int32_t used = -1;
  int32_t r = w_path_readlink(S, L("symlink"), buf, 10, &used);
  int untouched = buf[6] == 0 && buf[9] == 0;
  char small[4];
  int32_t used2 = -1, used3 = -1;
  int32_t r2 = w_path_readlink(S, L("symlink"), small, 4, &used2);
  int32_t r3 = w_path_readlink(S, L("symlink"), small, 0, &used3);
  printf("readlink: %s %d target untouched %d short %s %d %.4s zero %s %d\n", E(r), used, untouched, E(r2), used2,
         small, E(r3), used3);
  printf("middle links: %s %s\n", op(0, "link2/file", 0), E(w_path_create_directory(S, L("link2/new"))));
  r = w_path_link(S, 0, L("link1"), S, L("hard"));
  w_path_filestat_get(S, 0, L("hard"), st);
  printf("link nofollow makes a link to the link: %s type %d\n", E(r), stat_type(st));
  return 0;
}
