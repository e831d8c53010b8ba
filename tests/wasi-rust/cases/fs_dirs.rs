// Directories: create_dir_all (deep, and again on an existing tree), create_dir on an
// existing directory (AlreadyExists), read_dir (sorted: the order is unspecified),
// remove_dir on a non-empty directory (fails with ENOTEMPTY, WASI errno 55),
// remove_dir_all (of a tree whose directories each fit one fd_readdir read, see below),
// read_dir of a missing directory (NotFound), file vs dir types.
// NODE-COMPARE
// OUT: create_dir_all again: ok
// OUT: create_dir existing: AlreadyExists
// OUT: entries of top: [a, b.txt, c.txt, z]
// OUT: types: a=dir b.txt=file c.txt=file z=dir
// OUT: entries of a/b/c: [d, leaf.txt]
// OUT: remove_dir non-empty: errno 55
// OUT: remove_dir empty: ok
// OUT: entries of top: [a, b.txt, c.txt]
// OUT: remove_dir_all: ok, exists false
// OUT: read_dir missing: NotFound
// OUT: file as dir: error
use std::fs;

fn sorted(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

fn main() {
    let top = "/sandbox/fs_dirs";
    fs::create_dir_all(format!("{}/a/b/c/d", top)).unwrap();
    fs::create_dir_all(format!("{}/a/b", top)).unwrap();
    println!("create_dir_all again: ok");
    let e = fs::create_dir(format!("{}/a", top)).unwrap_err();
    println!("create_dir existing: {:?}", e.kind());
    fs::write(format!("{}/b.txt", top), "b").unwrap();
    fs::write(format!("{}/c.txt", top), "c").unwrap();
    fs::write(format!("{}/a/b/c/leaf.txt", top), "leaf").unwrap();
    fs::create_dir(format!("{}/z", top)).unwrap();
    println!("entries of top: [{}]", sorted(top).join(", "));
    let mut types: Vec<String> = fs::read_dir(top)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            format!("{}={}", e.file_name().to_string_lossy(), if t.is_dir() { "dir" } else { "file" })
        })
        .collect();
    types.sort();
    println!("types: {}", types.join(" "));
    println!("entries of a/b/c: [{}]", sorted(&format!("{}/a/b/c", top)).join(", "));
    let e = fs::remove_dir(format!("{}/a", top)).unwrap_err();
    println!("remove_dir non-empty: errno {}", e.raw_os_error().unwrap_or(-1));
    fs::remove_dir(format!("{}/z", top)).unwrap();
    println!("remove_dir empty: ok");
    println!("entries of top: [{}]", sorted(top).join(", "));
    // remove_dir_all in Rust 1.63 deletes entries while it reads the directory, 128 bytes
    // of dirents at a time, resuming with fd_readdir cookies; wasmtime's cookies are
    // indices into a fresh listing, which deletion shifts, so a directory whose listing
    // takes more than one read loses entries and the final rmdir fails (ENOTEMPTY;
    // rust-lang/rust#146691). Here every directory left fits one read.
    fs::remove_file(format!("{}/b.txt", top)).unwrap();
    fs::remove_file(format!("{}/c.txt", top)).unwrap();
    fs::remove_dir_all(top).unwrap();
    println!("remove_dir_all: ok, exists {}", fs::metadata(top).is_ok());
    let e = fs::read_dir(top).unwrap_err();
    println!("read_dir missing: {:?}", e.kind());
    fs::create_dir(top).unwrap();
    fs::write(format!("{}/f", top), "").unwrap();
    let r = fs::read_dir(format!("{}/f", top));
    println!("file as dir: {}", if r.is_err() { "error" } else { "ok" });
    fs::remove_dir_all(top).unwrap();
}
