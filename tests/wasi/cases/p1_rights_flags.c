// Rights and fdflags corners with wasmtime's answers (truncation_rights,
// fd_flags_set, fd_fdstat_get): O_TRUNC needs path_filestat_set_size on the
// directory (ENOTCAPABLE without it); fd_fdstat_get reports the fdflags a file was
// opened or set with; fd_fdstat_set_flags may change only APPEND and NONBLOCK (the
// sync flags are EINVAL); APPEND writes go to the end whatever the offset.
// OUT: trunc: ok
// OUT: trunc without fd_filestat_set_size inheriting: ok
// OUT: trunc without path_filestat_set_size: NOTCAPABLE
// OUT: flags as opened: APPEND 1 NONBLOCK 1 DSYNC 1 SYNC 1
// OUT: set_flags: SYNC INVAL DSYNC INVAL RSYNC INVAL bit 32 INVAL
// OUT: set APPEND: ok flags 1
// OUT: append write lands at end: size 200 pos 200
// OUT: cleared APPEND: ok flags 0 write at 0: size 200
#include "raw_wasi.h"

int main(void) {
  int32_t S = preopen_fd("/sandbox"), d, fd;
  w_path_create_directory(S, "t", 1);
  w_path_open(S, 0, "t", 1, O_DIRECTORY_, R_ALL & ~R_FD_WRITE, R_ALL, 0, &d);
  w_path_open(d, 0, "file", 4, O_CREAT_, R_ALL, 0, 0, &fd);
  w_fd_close(fd);
  int32_t r = w_path_open(d, 0, "file", 4, O_TRUNC_, 0, 0, 0, &fd);
  printf("trunc: %s\n", E(r));
  uint8_t fst[24];
  w_fd_fdstat_get(d, fst);
  uint64_t base, inh;
  memcpy(&base, fst + 8, 8);
  memcpy(&inh, fst + 16, 8);
  w_fd_fdstat_set_rights(d, base, inh & ~(uint64_t)R_FD_FILESTAT_SET_SIZE);
  printf("trunc without fd_filestat_set_size inheriting: %s\n", E(w_path_open(d, 0, "file", 4, O_TRUNC_, 0, 0, 0, &fd)));
  w_fd_fdstat_set_rights(d, base & ~(uint64_t)R_PATH_FILESTAT_SET_SIZE, inh & ~(uint64_t)R_FD_FILESTAT_SET_SIZE);
  printf("trunc without path_filestat_set_size: %s\n", E(w_path_open(d, 0, "file", 4, O_TRUNC_, 0, 0, 0, &fd)));

  int64_t rw = R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL | R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET;
  int32_t f[4];
  int32_t want[4] = {FD_APPEND, FD_NONBLOCK, FD_DSYNC, FD_SYNC};
  uint16_t got[4];
  for (int i = 0; i < 4; i++) {
    w_path_open(S, 0, "flags", 5, O_CREAT_, rw, 0, want[i], &f[i]);
    w_fd_fdstat_get(f[i], fst);
    memcpy(&got[i], fst + 2, 2);
  }
  printf("flags as opened: APPEND %d NONBLOCK %d DSYNC %d SYNC %d\n", got[0] == FD_APPEND, got[1] == FD_NONBLOCK,
         got[2] == FD_DSYNC, got[3] == FD_SYNC);
  int32_t g;
  w_path_open(S, 0, "g", 1, O_CREAT_, rw, 0, 0, &g);
  printf("set_flags: SYNC %s DSYNC %s RSYNC %s bit 32 %s\n", E(w_fd_fdstat_set_flags(g, FD_SYNC)),
         E(w_fd_fdstat_set_flags(g, FD_DSYNC)), E(w_fd_fdstat_set_flags(g, FD_RSYNC)), E(w_fd_fdstat_set_flags(g, 32)));
  r = w_fd_fdstat_set_flags(g, FD_APPEND);
  w_fd_fdstat_get(g, fst);
  uint16_t fl;
  memcpy(&fl, fst + 2, 2);
  printf("set APPEND: %s flags %d\n", E(r), fl);
  static char data[100];
  struct { const void* p; uint32_t n; } iov = {data, 100};
  int32_t n;
  uint64_t pos;
  uint8_t st[64];
  w_fd_write(g, &iov, 1, &n);
  w_fd_seek(g, 0, 0, &pos);
  w_fd_write(g, &iov, 1, &n);
  w_fd_tell(g, &pos);
  w_fd_filestat_get(g, st);
  printf("append write lands at end: size %d pos %d\n", (int)stat_u64(st, STAT_SIZE), (int)pos);
  r = w_fd_fdstat_set_flags(g, 0);
  w_fd_fdstat_get(g, fst);
  memcpy(&fl, fst + 2, 2);
  w_fd_seek(g, 0, 0, &pos);
  w_fd_write(g, &iov, 1, &n);
  w_fd_filestat_get(g, st);
  printf("cleared APPEND: %s flags %d write at 0: size %d\n", E(r), fl, (int)stat_u64(st, STAT_SIZE));
  return 0;
}
