// Raw wasi_snapshot_preview1 imports for tests that need exact arguments (paths with
// explicit lengths, so embedded NULs reach the host; any flag combination), and
// errno names for printing. Every function returns the WASI errno.
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WASI_IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))

WASI_IMPORT(path_open) int32_t w_path_open(int32_t fd, int32_t dirflags, const char* path, int32_t len,
                                           int32_t oflags, int64_t base, int64_t inh, int32_t fdflags,
                                           int32_t* out);
WASI_IMPORT(path_filestat_get) int32_t w_path_filestat_get(int32_t fd, int32_t flags, const char* path,
                                                           int32_t len, void* out64);
WASI_IMPORT(path_filestat_set_times) int32_t w_path_filestat_set_times(int32_t fd, int32_t flags,
                                                                       const char* path, int32_t len,
                                                                       int64_t atim, int64_t mtim,
                                                                       int32_t fst);
WASI_IMPORT(path_create_directory) int32_t w_path_create_directory(int32_t fd, const char* path, int32_t len);
WASI_IMPORT(path_remove_directory) int32_t w_path_remove_directory(int32_t fd, const char* path, int32_t len);
WASI_IMPORT(path_unlink_file) int32_t w_path_unlink_file(int32_t fd, const char* path, int32_t len);
WASI_IMPORT(path_rename) int32_t w_path_rename(int32_t fd, const char* old, int32_t old_len, int32_t new_fd,
                                               const char* new_path, int32_t new_len);
WASI_IMPORT(path_link) int32_t w_path_link(int32_t old_fd, int32_t old_flags, const char* old, int32_t old_len,
                                           int32_t new_fd, const char* new_path, int32_t new_len);
WASI_IMPORT(path_symlink) int32_t w_path_symlink(const char* target, int32_t target_len, int32_t fd,
                                                 const char* path, int32_t len);
WASI_IMPORT(path_readlink) int32_t w_path_readlink(int32_t fd, const char* path, int32_t len, char* buf,
                                                   int32_t buf_len, int32_t* used);
WASI_IMPORT(fd_close) int32_t w_fd_close(int32_t fd);
WASI_IMPORT(fd_renumber) int32_t w_fd_renumber(int32_t from, int32_t to);
WASI_IMPORT(fd_read) int32_t w_fd_read(int32_t fd, const void* iovs, int32_t n, int32_t* nread);
WASI_IMPORT(fd_write) int32_t w_fd_write(int32_t fd, const void* iovs, int32_t n, int32_t* nwritten);
WASI_IMPORT(fd_pread) int32_t w_fd_pread(int32_t fd, const void* iovs, int32_t n, int64_t off, int32_t* nread);
WASI_IMPORT(fd_pwrite) int32_t w_fd_pwrite(int32_t fd, const void* iovs, int32_t n, int64_t off,
                                           int32_t* nwritten);
WASI_IMPORT(fd_seek) int32_t w_fd_seek(int32_t fd, int64_t off, int32_t whence, uint64_t* pos);
WASI_IMPORT(fd_tell) int32_t w_fd_tell(int32_t fd, uint64_t* pos);
WASI_IMPORT(fd_fdstat_get) int32_t w_fd_fdstat_get(int32_t fd, void* out24);
WASI_IMPORT(fd_fdstat_set_flags) int32_t w_fd_fdstat_set_flags(int32_t fd, int32_t flags);
WASI_IMPORT(fd_fdstat_set_rights) int32_t w_fd_fdstat_set_rights(int32_t fd, int64_t base, int64_t inh);
WASI_IMPORT(fd_filestat_get) int32_t w_fd_filestat_get(int32_t fd, void* out64);
WASI_IMPORT(fd_filestat_set_size) int32_t w_fd_filestat_set_size(int32_t fd, int64_t size);
WASI_IMPORT(fd_filestat_set_times) int32_t w_fd_filestat_set_times(int32_t fd, int64_t atim, int64_t mtim,
                                                                   int32_t fst);
WASI_IMPORT(fd_allocate) int32_t w_fd_allocate(int32_t fd, int64_t off, int64_t len);
WASI_IMPORT(fd_advise) int32_t w_fd_advise(int32_t fd, int64_t off, int64_t len, int32_t advice);
WASI_IMPORT(fd_sync) int32_t w_fd_sync(int32_t fd);
WASI_IMPORT(fd_readdir) int32_t w_fd_readdir(int32_t fd, void* buf, int32_t len, int64_t cookie, int32_t* used);
WASI_IMPORT(fd_prestat_get) int32_t w_fd_prestat_get(int32_t fd, void* out8);
WASI_IMPORT(fd_prestat_dir_name) int32_t w_fd_prestat_dir_name(int32_t fd, char* buf, int32_t len);
WASI_IMPORT(sock_shutdown) int32_t w_sock_shutdown(int32_t fd, int32_t how);
WASI_IMPORT(sock_recv) int32_t w_sock_recv(int32_t fd, const void* iovs, int32_t n, int32_t flags,
                                           int32_t* nread, int32_t* roflags);
WASI_IMPORT(sock_send) int32_t w_sock_send(int32_t fd, const void* iovs, int32_t n, int32_t flags,
                                           int32_t* nwritten);
WASI_IMPORT(sock_accept) int32_t w_sock_accept(int32_t fd, int32_t flags, int32_t* out);

// Rights, oflags, fdflags, lookupflags, fstflags (preview1 bit values).
enum {
  R_FD_DATASYNC = 1 << 0, R_FD_READ = 1 << 1, R_FD_SEEK = 1 << 2, R_FD_FDSTAT_SET_FLAGS = 1 << 3,
  R_FD_SYNC = 1 << 4, R_FD_TELL = 1 << 5, R_FD_WRITE = 1 << 6, R_FD_ADVISE = 1 << 7,
  R_FD_ALLOCATE = 1 << 8, R_PATH_CREATE_DIRECTORY = 1 << 9, R_PATH_CREATE_FILE = 1 << 10,
  R_PATH_OPEN = 1 << 13, R_FD_READDIR = 1 << 14, R_PATH_FILESTAT_SET_SIZE = 1 << 19,
  R_FD_FILESTAT_GET = 1 << 21, R_FD_FILESTAT_SET_SIZE = 1 << 22, R_FD_FILESTAT_SET_TIMES = 1 << 23,
  R_SOCK_SHUTDOWN = 1 << 28, R_SOCK_ACCEPT = 1 << 29,
};
#define R_ALL ((int64_t)((1u << 30) - 1))
enum { O_CREAT_ = 1, O_DIRECTORY_ = 2, O_EXCL_ = 4, O_TRUNC_ = 8 };
enum { FD_APPEND = 1, FD_DSYNC = 2, FD_NONBLOCK = 4, FD_RSYNC = 8, FD_SYNC = 16 };
enum { FOLLOW = 1 };
enum { ATIM = 1, ATIM_NOW = 2, MTIM = 4, MTIM_NOW = 8 };

static const char* wasi_errno_name(int32_t e) {
  switch (e) {
    case 0: return "ok"; case 2: return "ACCES"; case 6: return "AGAIN"; case 8: return "BADF";
    case 10: return "BUSY"; case 20: return "EXIST"; case 21: return "FAULT"; case 28: return "INVAL";
    case 29: return "IO"; case 31: return "ISDIR"; case 32: return "LOOP"; case 37: return "NAMETOOLONG";
    case 44: return "NOENT"; case 52: return "NOSYS"; case 54: return "NOTDIR"; case 55: return "NOTEMPTY";
    case 57: return "NOTSOCK"; case 58: return "NOTSUP"; case 63: return "PERM"; case 69: return "ROFS";
    case 70: return "SPIPE"; case 75: return "XDEV"; case 76: return "NOTCAPABLE";
    default: {
      static char buf[16];
      snprintf(buf, sizeof buf, "E%d", (int)e);
      return buf;
    }
  }
}
#define E(x) wasi_errno_name(x)

// The preopen the guest sees as `name` ("/sandbox", "/ro"), or -1.
static int32_t preopen_fd(const char* name) {
  for (int32_t fd = 3; fd < 64; fd++) {
    uint32_t pre[2];
    if (w_fd_prestat_get(fd, pre) != 0) continue;
    char buf[256];
    if (pre[1] >= sizeof buf || w_fd_prestat_dir_name(fd, buf, (int32_t)pre[1]) != 0) continue;
    if (pre[1] == strlen(name) && memcmp(buf, name, pre[1]) == 0) return fd;
  }
  return -1;
}

// Filestat fields (64-byte struct).
static uint8_t stat_type(const uint8_t* st) { return st[16]; }
static uint64_t stat_u64(const uint8_t* st, int off) {
  uint64_t v;
  memcpy(&v, st + off, 8);
  return v;
}
#define STAT_SIZE 32
#define STAT_ATIM 40
#define STAT_MTIM 48
