// BOTH-RESOLVERS
// Timestamps as wasmtime: ATIM with ATIM_NOW (or MTIM with MTIM_NOW, or an unknown
// bit) is EINVAL on fd_ and path_filestat_set_times; without SYMLINK_FOLLOW the times
// of a symlink itself change and its target's do not; with it the target's change;
// a trailing slash on a symlink to a directory reaches the directory, on a file
// ENOTDIR.
// OUT: fd: ATIM|ATIM_NOW INVAL MTIM|MTIM_NOW INVAL bit 16 INVAL
// OUT: path: ATIM|ATIM_NOW INVAL MTIM|MTIM_NOW INVAL bit 16 INVAL
// OUT: nofollow on link: ok link mtim set 1 file mtim kept 1
// OUT: follow on link: ok file mtim set 1
// OUT: dirlink/: ok dir mtim set 1
// OUT: file/: NOTDIR
// OUT: . and sub/..: ok ok
#include "raw_wasi.h"

int main(void) {
  int32_t S = preopen_fd("/sandbox"), f = -1;
  w_path_open(S, 0, "file", 4, O_CREAT_, R_ALL, R_ALL, 0, &f);
  printf("fd: ATIM|ATIM_NOW %s MTIM|MTIM_NOW %s bit 16 %s\n", E(w_fd_filestat_set_times(f, 1, 2, ATIM | ATIM_NOW)),
         E(w_fd_filestat_set_times(f, 1, 2, MTIM | MTIM_NOW)), E(w_fd_filestat_set_times(f, 1, 2, 16)));
  printf("path: ATIM|ATIM_NOW %s MTIM|MTIM_NOW %s bit 16 %s\n",
         E(w_path_filestat_set_times(S, 0, "file", 4, 1, 2, ATIM | ATIM_NOW)),
         E(w_path_filestat_set_times(S, 0, "file", 4, 1, 2, MTIM | MTIM_NOW)),
         E(w_path_filestat_set_times(S, 0, "file", 4, 1, 2, 16)));
  uint8_t st[64];
  w_path_filestat_get(S, 0, "file", 4, st);
  uint64_t file_mtim = stat_u64(st, STAT_MTIM);
  w_path_symlink("file", 4, S, "link", 4);
  const uint64_t T1 = 1000000000ull * 1000000000ull + 5, T2 = 1100000000ull * 1000000000ull + 7;
  int32_t r = w_path_filestat_set_times(S, 0, "link", 4, 0, T1, MTIM);
  w_path_filestat_get(S, 0, "link", 4, st);
  int link_set = stat_u64(st, STAT_MTIM) == T1;
  w_path_filestat_get(S, 0, "file", 4, st);
  printf("nofollow on link: %s link mtim set %d file mtim kept %d\n", E(r), link_set,
         stat_u64(st, STAT_MTIM) == file_mtim);
  r = w_path_filestat_set_times(S, FOLLOW, "link", 4, 0, T2, MTIM);
  w_path_filestat_get(S, 0, "file", 4, st);
  printf("follow on link: %s file mtim set %d\n", E(r), stat_u64(st, STAT_MTIM) == T2);
  w_path_create_directory(S, "dir", 3);
  w_path_symlink("dir", 3, S, "dirlink", 7);
  r = w_path_filestat_set_times(S, 0, "dirlink/", 8, 0, T1, MTIM);
  w_path_filestat_get(S, 0, "dir", 3, st);
  printf("dirlink/: %s dir mtim set %d\n", E(r), stat_u64(st, STAT_MTIM) == T1);
  printf("file/: %s\n", E(w_path_filestat_set_times(S, 0, "file/", 5, 0, T1, MTIM)));
  printf(". and sub/..: %s %s\n", E(w_path_filestat_set_times(S, 0, ".", 1, 0, 0, MTIM_NOW)),
         E(w_path_filestat_set_times(S, 0, "sub/..", 6, 0, 0, MTIM_NOW)));
  return 0;
}
