// Files through the raw WASI calls (the shim has no file API): path_open below the first
// preopen (fd 3, /sandbox) with O_CREAT|O_TRUNC, fd_write, fd_seek, fd_read, fd_filestat_get,
// path_filestat_get on a missing name (ENOENT = 44), path_unlink_file, fd_close; then the
// file's text on stdout.
// NODE-COMPARE
// OUT: open: errno 0
// OUT: wrote 31 bytes
// OUT: size 31
// OUT: seek to 6: errno 0
// OUT: read 25: world from AssemblyScript
// OUT: missing: errno 44
// OUT: unlink: errno 0, then stat errno 44
// OUT: close: errno 0
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(dirfd: u32, dirflags: u32, path: usize, path_len: usize, oflags: u16,
                           rights_base: u64, rights_inheriting: u64, fdflags: u16, fd_out: usize): u16;
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovs_len: usize, nwritten: usize): u16;
@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, iovs_len: usize, nread: usize): u16;
@external("wasi_snapshot_preview1", "fd_seek")
declare function fd_seek(fd: u32, offset: i64, whence: u8, newoffset: usize): u16;
@external("wasi_snapshot_preview1", "fd_filestat_get")
declare function fd_filestat_get(fd: u32, buf: usize): u16;
@external("wasi_snapshot_preview1", "path_filestat_get")
declare function path_filestat_get(fd: u32, flags: u32, path: usize, path_len: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "path_unlink_file")
declare function path_unlink_file(fd: u32, path: usize, path_len: usize): u16;
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: u32): u16;

const OFLAGS_CREAT: u16 = 1;
const OFLAGS_TRUNC: u16 = 8;
// fd_read | fd_seek | fd_write | fd_filestat_get
const RIGHTS: u64 = (1 << 1) | (1 << 2) | (1 << 6) | (1 << 21);

let scratch = new ArrayBuffer(128);
let sp = changetype<usize>(scratch);
let name = String.UTF8.encode("as_files.txt");
let namePtr = changetype<usize>(name);
let nameLen = <usize>name.byteLength;

let err = path_open(3, 1, namePtr, nameLen, OFLAGS_CREAT | OFLAGS_TRUNC, RIGHTS, 0, 0, sp);
console.log("open: errno " + err.toString());
let fd = load<u32>(sp);
let text = String.UTF8.encode("hello world from AssemblyScript");
store<usize>(sp + 8, changetype<usize>(text));
store<usize>(sp + 12, <usize>text.byteLength);
err = fd_write(fd, sp + 8, 1, sp + 16);
console.log("wrote " + load<u32>(sp + 16).toString() + " bytes");
err = fd_filestat_get(fd, sp + 64);
console.log("size " + load<u64>(sp + 64 + 32).toString());
err = fd_seek(fd, 6, 0, sp + 16);
console.log("seek to 6: errno " + err.toString());
let back = new ArrayBuffer(64);
store<usize>(sp + 8, changetype<usize>(back));
store<usize>(sp + 12, 64);
err = fd_read(fd, sp + 8, 1, sp + 16);
let n = load<u32>(sp + 16);
console.log("read " + n.toString() + ": " + String.UTF8.decode(back.slice(0, <i32>n)));
let missing = String.UTF8.encode("no_such_file.txt");
err = path_filestat_get(3, 1, changetype<usize>(missing), <usize>missing.byteLength, sp + 64);
console.log("missing: errno " + err.toString());
err = path_unlink_file(3, namePtr, nameLen);
let err2 = path_filestat_get(3, 1, namePtr, nameLen, sp + 64);
console.log("unlink: errno " + err.toString() + ", then stat errno " + err2.toString());
console.log("close: errno " + fd_close(fd).toString());
