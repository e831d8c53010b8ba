// BOTH-RESOLVERS
// O_CREAT opens of "x/./": the component before "/./" is resolved first (a symlink
// leading out is ENOTCAPABLE, a missing one ENOENT), as openat2 does. The fallback
// walk used to drop the "." and answer EISDIR for "x/" without looking at x; only a
// bare trailing slash ("x/") is EISDIR unseen, as on Linux.
// OUT: abs_out/./ excl NOTCAPABLE creat NOTCAPABLE
// OUT: rel_out/./ excl NOTCAPABLE creat NOTCAPABLE
// OUT: missing/./ excl NOENT creat NOENT
// OUT: d/./ excl EXIST creat ISDIR
// OUT: dl/./ excl EXIST creat ISDIR
// OUT: d/.// excl EXIST creat ISDIR
// OUT: abs_out/ creat ISDIR missing/ creat ISDIR
#include "raw_wasi.h"

static int32_t S;
static const char* op(int32_t dirflags, const char* p, int32_t oflags) {
  int32_t fd = -1;
  int32_t r = w_path_open(S, dirflags, p, (int32_t)strlen(p), oflags, R_FD_WRITE, 0, 0, &fd);
  if (r == 0) w_fd_close(fd);
  return E(r);
}
static void row(const char* p) {
  printf("%s excl %s", p, op(0, p, O_CREAT_ | O_EXCL_));
  printf(" creat %s\n", op(FOLLOW, p, O_CREAT_ | O_TRUNC_));
}

int main(void) {
  S = preopen_fd("/sandbox");
  w_path_create_directory(S, "d", 1);
  w_path_symlink("d", 1, S, "dl", 2);
  row("abs_out/./");
  row("rel_out/./");
  row("missing/./");
  row("d/./");
  row("dl/./");
  row("d/.//");
  printf("abs_out/ creat %s", op(FOLLOW, "abs_out/", O_CREAT_));
  printf(" missing/ creat %s\n", op(FOLLOW, "missing/", O_CREAT_));
  return 0;
}
