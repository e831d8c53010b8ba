// BOTH-RESOLVERS
// Trailing slashes and odd names in every path function, with the errnos wasmtime
// gives on Linux (wasi-testsuite: unlink_file_trailing_slashes,
// remove_directory_trailing_slashes, path_rename_dir_trailing_slashes,
// path_symlink_trailing_slashes, interesting_paths).
// OUT: unlink: dir ISDIR dir/ ISDIR file/ NOTDIR missing/ NOENT link-to-dir/ NOTDIR
// OUT: rmdir: file NOTDIR file/ NOTDIR dir/ ok
// OUT: symlink: missing/ NOENT dir/ EXIST dir EXIST file/ EXIST
// OUT: rename: src/ ok dst/ ok both/ ok plain ok file->x/ NOTDIR file/->x NOTDIR dir->file/ NOTDIR
// OUT: link: file/ NOTDIR ->new/ NOENT ->dir/ EXIST
// OUT: readlink: link/ NOTDIR dirlink/ INVAL file/ NOTDIR
// OUT: mkdir: new/ ok . EXIST sub/.. EXIST
// OUT: dots: unlink . ISDIR rmdir . INVAL rmdir sub/.. NOTEMPTY rename . BUSY readlink . INVAL
// OUT: open: file/ NOTDIR file/// NOTDIR dir/ ok dir/// ok new/ creat ISDIR
// OUT: interesting: ok too many .. NOTCAPABLE absolute NOTCAPABLE trailing NUL INVAL empty NOENT
#include "raw_wasi.h"

static int32_t S;
#define L(s) s, (int32_t)(sizeof(s) - 1)
static void mkfile(const char* name) {
  int32_t fd;
  if (w_path_open(S, 0, name, (int32_t)strlen(name), O_CREAT_, R_ALL, 0, 0, &fd) == 0) w_fd_close(fd);
}
static const char* op(const char* name, int32_t oflags) {
  int32_t fd = -1;
  int32_t r = w_path_open(S, 0, name, (int32_t)strlen(name), oflags, 0, 0, 0, &fd);
  if (r == 0) w_fd_close(fd);
  return E(r);
}

int main(void) {
  S = preopen_fd("/sandbox");
  w_path_create_directory(S, L("dir"));
  mkfile("file");
  w_path_symlink(L("dir"), S, L("dirlink"));
  w_path_symlink(L("file"), S, L("link"));
  printf("unlink: dir %s dir/ %s file/ %s missing/ %s link-to-dir/ %s\n", E(w_path_unlink_file(S, L("dir"))),
         E(w_path_unlink_file(S, L("dir/"))), E(w_path_unlink_file(S, L("file/"))),
         E(w_path_unlink_file(S, L("missing/"))), E(w_path_unlink_file(S, L("dirlink/"))));
  w_path_create_directory(S, L("d2"));
  printf("rmdir: file %s file/ %s dir/ %s\n", E(w_path_remove_directory(S, L("file"))),
         E(w_path_remove_directory(S, L("file/"))), E(w_path_remove_directory(S, L("d2/"))));
  printf("symlink: missing/ %s dir/ %s dir %s file/ %s\n", E(w_path_symlink(L("source"), S, L("target/"))),
         E(w_path_symlink(L("source"), S, L("dir/"))), E(w_path_symlink(L("source"), S, L("dir"))),
         E(w_path_symlink(L("source"), S, L("file/"))));
  w_path_create_directory(S, L("source"));
  int32_t a = w_path_rename(S, L("source/"), S, L("target"));
  int32_t b = w_path_rename(S, L("target"), S, L("source/"));
  int32_t c = w_path_rename(S, L("source/"), S, L("target/"));
  int32_t d = w_path_rename(S, L("target"), S, L("source"));
  printf("rename: src/ %s dst/ %s both/ %s plain %s file->x/ %s file/->x %s dir->file/ %s\n", E(a), E(b), E(c),
         E(d), E(w_path_rename(S, L("file"), S, L("x/"))), E(w_path_rename(S, L("file/"), S, L("x"))),
         E(w_path_rename(S, L("dir"), S, L("file/"))));
  printf("link: file/ %s ->new/ %s ->dir/ %s\n", E(w_path_link(S, 0, L("file/"), S, L("x"))),
         E(w_path_link(S, 0, L("file"), S, L("new/"))), E(w_path_link(S, 0, L("file"), S, L("dir/"))));
  char buf[16];
  int32_t used;
  printf("readlink: link/ %s dirlink/ %s file/ %s\n", E(w_path_readlink(S, L("link/"), buf, 16, &used)),
         E(w_path_readlink(S, L("dirlink/"), buf, 16, &used)), E(w_path_readlink(S, L("file/"), buf, 16, &used)));
  printf("mkdir: new/ %s . %s sub/.. %s\n", E(w_path_create_directory(S, L("newdir/"))),
         E(w_path_create_directory(S, L("."))), E(w_path_create_directory(S, L("sub/.."))));
  printf("dots: unlink . %s rmdir . %s rmdir sub/.. %s rename . %s readlink . %s\n", E(w_path_unlink_file(S, L("."))),
         E(w_path_remove_directory(S, L("."))), E(w_path_remove_directory(S, L("sub/.."))),
         E(w_path_rename(S, L("."), S, L("zz"))), E(w_path_readlink(S, L("."), buf, 16, &used)));
  printf("open: file/ %s file/// %s dir/ %s dir/// %s new/ creat %s\n", op("file/", 0), op("file///", 0),
         op("dir/", 0), op("dir///", 0), op("newfile/", O_CREAT_));
  w_path_create_directory(S, L("dir/nested"));
  mkfile("dir/nested/file");
  printf("interesting: %s too many .. %s absolute %s trailing NUL %s empty %s\n",
         op("dir/.//nested/../../dir/nested/../nested///./file", 0), op("dir/nested/../../../dir/nested/file", 0),
         op("/dir/nested/file", 0), E(w_path_open(S, 0, L("dir/nested/file\0"), 0, 0, 0, 0, &used)),
         E(w_path_open(S, 0, "", 0, 0, 0, 0, 0, &used)));
  return 0;
}
