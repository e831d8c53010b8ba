// NODE-COMPARE
// path_open with oflags=DIRECTORY: with no rights, read rights, or the directory's
// own rights it hands back a directory descriptor; with fd_write among the rights it
// is EISDIR (wasmtime's p1_path_open_preopen asserts exactly that; node agrees), and
// the host is then never given the directory for writing.
// OUT: DIRECTORY, no rights: ok type 3
// OUT: DIRECTORY, read rights: ok type 3
// OUT: readdir through it: ok
// OUT: DIRECTORY, read+write rights: ISDIR
// OUT: no oflags, the preopen's own rights: ok
// OUT: DIRECTORY on a file: NOTDIR
#include "raw_wasi.h"

static int32_t S;
static const char* open_type(const char* p, int32_t oflags, int64_t base, int32_t* fd) {
  static char out[32];
  uint8_t fst[24] = {0};
  int32_t r = w_path_open(S, 0, p, (int32_t)strlen(p), oflags, base, base, 0, fd);
  if (r != 0) return E(r);
  w_fd_fdstat_get(*fd, fst);
  snprintf(out, sizeof out, "ok type %d", fst[0]);
  return out;
}

int main(void) {
  S = preopen_fd("/sandbox");
  w_path_create_directory(S, "d", 1);
  int32_t fd = -1;
  printf("DIRECTORY, no rights: %s\n", open_type("d", O_DIRECTORY_, 0, &fd));
  printf("DIRECTORY, read rights: %s\n", open_type("d", O_DIRECTORY_, R_FD_READ | R_FD_READDIR, &fd));
  char buf[256];
  int32_t used = 0;
  printf("readdir through it: %s\n", E(w_fd_readdir(fd, buf, sizeof buf, 0, &used)));
  printf("DIRECTORY, read+write rights: %s\n", open_type("d", O_DIRECTORY_, R_FD_READ | R_FD_WRITE, &fd));
  uint8_t fst[24];
  w_fd_fdstat_get(S, fst);
  int64_t base, inh;
  memcpy(&base, fst + 8, 8);
  memcpy(&inh, fst + 16, 8);
  printf("no oflags, the preopen's own rights: %s\n", E(w_path_open(S, 0, ".", 1, 0, base, inh, 0, &fd)));
  w_path_open(S, 0, "f", 1, O_CREAT_, 0, 0, 0, &fd);
  printf("DIRECTORY on a file: %s\n", E(w_path_open(S, 0, "f", 1, O_DIRECTORY_, 0, 0, 0, &fd)));
  return 0;
}
