// The host's stdio open file descriptions are shared with the host: here stdout is a
// log the host opened with >>. The guest tries to rewind it, clear O_APPEND, set
// O_NONBLOCK, write at offset 0 and truncate it, also after renumbering stdout to
// another fd; all refused with wasmtime's errnos (seek/tell/pread/pwrite ESPIPE,
// fdstat_set_flags EBADF) and the log keeps its first line. fd_fdstat_get reports
// no flags and no seek/tell/set-flags rights. Preopens carry no socket rights.
// STDOUT-APPEND: host log line
// OUT: host log line
// OUT: seek 1: SPIPE SPIPE tell: SPIPE
// OUT: seek 0: SPIPE tell: SPIPE
// OUT: set_flags 1: BADF BADF set_flags 0: BADF
// OUT: pwrite 1: SPIPE pread 0: SPIPE
// OUT: set_size 1: NOTCAPABLE
// OUT: fdstat 1: flags 0 seek 0 tell 0 set_flags 0
// OUT: renumbered: seek SPIPE set_flags BADF
// OUT: written through renumbered fd
// OUT: preopen socket rights: 0 0
#include "raw_wasi.h"

static int32_t put(int32_t fd, const char* s) {
  struct { const void* p; uint32_t n; } iov = {s, (uint32_t)strlen(s)};
  int32_t n;
  return w_fd_write(fd, &iov, 1, &n);
}

int main(void) {
  char line[200];
  uint64_t pos;
  snprintf(line, sizeof line, "seek 1: %s", E(w_fd_seek(1, 0, 0, &pos)));
  snprintf(line + strlen(line), sizeof line - strlen(line), " %s tell: %s\n",
           E(w_fd_seek(1, 0, 2, &pos)), E(w_fd_tell(1, &pos)));
  put(1, line);
  snprintf(line, sizeof line, "seek 0: %s tell: %s\n", E(w_fd_seek(0, 0, 0, &pos)), E(w_fd_tell(0, &pos)));
  put(1, line);
  snprintf(line, sizeof line, "set_flags 1: %s %s set_flags 0: %s\n", E(w_fd_fdstat_set_flags(1, 0)),
           E(w_fd_fdstat_set_flags(1, FD_NONBLOCK)), E(w_fd_fdstat_set_flags(0, FD_NONBLOCK)));
  put(1, line);
  struct { const void* p; uint32_t n; } iov = {"CLOBBER\n", 8};
  char rb[8];
  struct { void* p; uint32_t n; } riov = {rb, sizeof rb};
  int32_t n;
  snprintf(line, sizeof line, "pwrite 1: %s pread 0: %s\n", E(w_fd_pwrite(1, &iov, 1, 0, &n)),
           E(w_fd_pread(0, &riov, 1, 0, &n)));
  put(1, line);
  snprintf(line, sizeof line, "set_size 1: %s\n", E(w_fd_filestat_set_size(1, 0)));
  put(1, line);
  uint8_t fst[24];
  w_fd_fdstat_get(1, fst);
  uint16_t flags;
  uint64_t rights;
  memcpy(&flags, fst + 2, 2);
  memcpy(&rights, fst + 8, 8);
  snprintf(line, sizeof line, "fdstat 1: flags %d seek %d tell %d set_flags %d\n", flags,
           !!(rights & R_FD_SEEK), !!(rights & R_FD_TELL), !!(rights & R_FD_FDSTAT_SET_FLAGS));
  put(1, line);

  // Renumber stdout onto a fresh descriptor: still the host's description.
  int32_t S = preopen_fd("/sandbox"), fd;
  w_path_open(S, 0, "tmp", 3, O_CREAT_, R_ALL, 0, 0, &fd);
  w_fd_renumber(1, fd);
  snprintf(line, sizeof line, "renumbered: seek %s set_flags %s\n", E(w_fd_seek(fd, 0, 0, &pos)),
           E(w_fd_fdstat_set_flags(fd, 0)));
  put(fd, line);
  put(fd, "written through renumbered fd\n");

  w_fd_fdstat_get(S, fst);
  memcpy(&rights, fst + 8, 8);
  uint64_t inh;
  memcpy(&inh, fst + 16, 8);
  snprintf(line, sizeof line, "preopen socket rights: %d %d\n", !!(rights & (R_SOCK_SHUTDOWN | R_SOCK_ACCEPT)),
           !!(inh & (R_SOCK_SHUTDOWN | R_SOCK_ACCEPT)));
  put(fd, line);
  return 0;
}
