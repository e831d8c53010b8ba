// Preview1 corners on directory descriptors and non-sockets, with wasmtime's errnos:
// a directory has no seek/tell/read/write/allocate/set_size (EBADF) and its fdstat
// shows no seek right even when asked for; DIRECTORY with CREAT/EXCL/TRUNC is EINVAL;
// a file as the base of a path is ENOTDIR; sock_* on anything but a socket ENOTSOCK.
// OUT: dir fdstat: type 3 seek right 0 flags 0
// OUT: dir ops: seek BADF tell BADF read BADF write BADF pread BADF pwrite BADF
// OUT: dir ops: allocate BADF set_size BADF set_flags BADF advise BADF
// OUT: preopen ops: seek BADF tell BADF read BADF
// OUT: oflags: DIRECTORY|CREAT INVAL DIRECTORY|EXCL INVAL DIRECTORY|TRUNC INVAL bad bit INVAL
// OUT: file as dirfd: NOTDIR
// OUT: sock_shutdown: file NOTSOCK dir NOTSOCK stdin NOTSOCK bad fd BADF
// OUT: sock_recv/send/accept on a file: NOTSOCK NOTSOCK NOTSOCK
#include "raw_wasi.h"

int main(void) {
  int32_t S = preopen_fd("/sandbox");
  w_path_create_directory(S, "d", 1);
  int32_t d = -1, f = -1, t = -1;
  w_path_open(S, 0, "d", 1, O_DIRECTORY_, R_ALL & ~R_FD_WRITE, R_ALL, 0, &d);
  uint8_t fst[24];
  w_fd_fdstat_get(d, fst);
  uint64_t rights;
  uint16_t flags;
  memcpy(&rights, fst + 8, 8);
  memcpy(&flags, fst + 2, 2);
  printf("dir fdstat: type %d seek right %d flags %d\n", fst[0], !!(rights & R_FD_SEEK), flags);
  uint64_t pos;
  char b[8];
  struct { void* p; uint32_t n; } iov = {b, sizeof b};
  int32_t n;
  printf("dir ops: seek %s tell %s read %s write %s pread %s pwrite %s\n", E(w_fd_seek(d, 0, 1, &pos)),
         E(w_fd_tell(d, &pos)), E(w_fd_read(d, &iov, 1, &n)), E(w_fd_write(d, &iov, 1, &n)),
         E(w_fd_pread(d, &iov, 1, 0, &n)), E(w_fd_pwrite(d, &iov, 1, 0, &n)));
  printf("dir ops: allocate %s set_size %s set_flags %s advise %s\n", E(w_fd_allocate(d, 0, 1)),
         E(w_fd_filestat_set_size(d, 0)), E(w_fd_fdstat_set_flags(d, 0)), E(w_fd_advise(d, 0, 0, 0)));
  printf("preopen ops: seek %s tell %s read %s\n", E(w_fd_seek(S, 0, 0, &pos)), E(w_fd_tell(S, &pos)),
         E(w_fd_read(S, &iov, 1, &n)));
  printf("oflags: DIRECTORY|CREAT %s DIRECTORY|EXCL %s DIRECTORY|TRUNC %s bad bit %s\n",
         E(w_path_open(S, 0, "d", 1, O_DIRECTORY_ | O_CREAT_, 0, 0, 0, &t)),
         E(w_path_open(S, 0, "d", 1, O_DIRECTORY_ | O_EXCL_, 0, 0, 0, &t)),
         E(w_path_open(S, 0, "d", 1, O_DIRECTORY_ | O_TRUNC_, 0, 0, 0, &t)),
         E(w_path_open(S, 0, "d", 1, 16, 0, 0, 0, &t)));
  w_path_open(S, 0, "f", 1, O_CREAT_, R_ALL, R_ALL, 0, &f);
  printf("file as dirfd: %s\n", E(w_path_open(f, 0, "x", 1, O_CREAT_, 0, 0, 0, &t)));
  printf("sock_shutdown: file %s dir %s stdin %s bad fd %s\n", E(w_sock_shutdown(f, 3)),
         E(w_sock_shutdown(d, 3)), E(w_sock_shutdown(0, 3)), E(w_sock_shutdown(999, 3)));
  int32_t ro;
  printf("sock_recv/send/accept on a file: %s %s %s\n", E(w_sock_recv(f, &iov, 1, 0, &n, &ro)),
         E(w_sock_send(f, &iov, 1, 0, &n)), E(w_sock_accept(f, 0, &t)));
  return 0;
}
