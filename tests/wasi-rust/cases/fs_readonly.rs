// The read-only preopen /ro (skiff --dir host::/ro:ro; wasmtime --dir host::/ro with
// read-only dir and file permissions) and the sandbox's edge: reading works; creating,
// writing, truncating, removing and making directories fail with PermissionDenied
// (wasmtime: EPERM "not permitted"; std maps EPERM, EACCES and ENOTCAPABLE all to it);
// symlinks in /sandbox that lead outside cannot be followed. Not compared with node:wasi
// (its preopens cannot be read-only).
// OUT: read: data
// OUT: create in /ro: PermissionDenied
// OUT: open for write: PermissionDenied
// OUT: append: PermissionDenied
// OUT: create_dir in /ro: PermissionDenied
// OUT: remove in /ro: PermissionDenied
// OUT: file still: data
// OUT: entries of /ro: [file.txt]
// OUT: relative link outside: refused
// OUT: absolute link outside: refused
// OUT: dotdot escape: refused
// OUT: read_link rel_out: ../outside.txt
use std::fs::{self, OpenOptions};
use std::io::ErrorKind;

fn k(r: std::io::Result<impl Sized>) -> String {
    match r {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{:?}", e.kind()),
    }
}

fn refused(r: std::io::Result<impl Sized>) -> &'static str {
    match r {
        Ok(_) => "opened!",
        Err(e) if e.kind() == ErrorKind::Other => "other error",
        Err(_) => "refused",
    }
}

fn main() {
    println!("read: {}", fs::read_to_string("/ro/file.txt").unwrap().trim());
    println!("create in /ro: {}", k(fs::File::create("/ro/new.txt")));
    println!("open for write: {}", k(OpenOptions::new().write(true).open("/ro/file.txt")));
    println!("append: {}", k(OpenOptions::new().append(true).open("/ro/file.txt")));
    println!("create_dir in /ro: {}", k(fs::create_dir("/ro/d")));
    println!("remove in /ro: {}", k(fs::remove_file("/ro/file.txt")));
    println!("file still: {}", fs::read_to_string("/ro/file.txt").unwrap().trim());
    let mut v: Vec<String> = fs::read_dir("/ro").unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    println!("entries of /ro: [{}]", v.join(", "));
    println!("relative link outside: {}", refused(fs::read_to_string("/sandbox/rel_out")));
    println!("absolute link outside: {}", refused(fs::read_to_string("/sandbox/abs_out")));
    println!("dotdot escape: {}", refused(fs::read_to_string("/sandbox/sub/../../outside.txt")));
    println!("read_link rel_out: {}", fs::read_link("/sandbox/rel_out").unwrap().display());
}
