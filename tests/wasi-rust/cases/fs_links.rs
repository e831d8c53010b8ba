// Renames and links: rename (and over an existing file, which it replaces), rename of a
// directory, hard_link (both names see writes; nlink 2), symlink_path (relative target),
// read_link, symlink_metadata vs metadata, reading through a symlink, a dangling link,
// removing a link leaves its target.
// NODE-COMPARE
// OUT: rename: old exists false, new = one
// OUT: rename over existing: two
// OUT: renamed dir: [inner.txt]
// OUT: hard link reads: one
// OUT: after write through link: one+
// OUT: nlink 2
// OUT: read_link: target.txt
// OUT: through symlink: payload
// OUT: symlink_metadata is_symlink true, metadata is_file true
// OUT: dangling: read_link ok nowhere.txt, open NotFound
// OUT: dir link lists: [inner.txt]
// OUT: after removing link: target exists true, link exists false
// OUT: hard_link existing: AlreadyExists
// OUT: removed: true
#![feature(wasi_ext)] // std::os::wasi::fs (symlink_path, MetadataExt) is unstable in 1.63: built with RUSTC_BOOTSTRAP=1
use std::fs;
use std::io::Write;
use std::os::wasi::fs::{symlink_path, MetadataExt};

// Removes a tree, listing each directory completely before deleting anything in it:
// fs::remove_dir_all in Rust 1.63 deletes while it iterates, and WASI fd_readdir cookies
// are positions that shift under deletion (wasmtime and node:wasi then skip entries and
// the final rmdir fails with ENOTEMPTY; rust-lang/rust#146691 fixed std in 2025).
fn remove_tree(p: &std::path::Path) {
    let entries: Vec<_> = fs::read_dir(p).unwrap().map(|e| e.unwrap()).collect();
    for e in entries {
        if e.file_type().unwrap().is_dir() {
            remove_tree(&e.path());
        } else {
            fs::remove_file(e.path()).unwrap();
        }
    }
    fs::remove_dir(p).unwrap();
}

fn main() {
    let d = "/sandbox/fs_links";
    fs::create_dir(d).unwrap();
    let at = |n: &str| format!("{}/{}", d, n);

    fs::write(at("old.txt"), "one").unwrap();
    fs::rename(at("old.txt"), at("new.txt")).unwrap();
    println!("rename: old exists {}, new = {}", fs::metadata(at("old.txt")).is_ok(),
             fs::read_to_string(at("new.txt")).unwrap());
    fs::write(at("other.txt"), "two").unwrap();
    fs::copy(at("new.txt"), at("keep.txt")).unwrap();
    fs::rename(at("other.txt"), at("new.txt")).unwrap();
    println!("rename over existing: {}", fs::read_to_string(at("new.txt")).unwrap());
    fs::rename(at("keep.txt"), at("new.txt")).unwrap();

    fs::create_dir(at("dir1")).unwrap();
    fs::write(at("dir1/inner.txt"), "i").unwrap();
    fs::rename(at("dir1"), at("dir2")).unwrap();
    let names: Vec<String> = fs::read_dir(at("dir2")).unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    println!("renamed dir: [{}]", names.join(", "));

    fs::hard_link(at("new.txt"), at("hard.txt")).unwrap();
    println!("hard link reads: {}", fs::read_to_string(at("hard.txt")).unwrap());
    fs::OpenOptions::new().append(true).open(at("hard.txt")).unwrap().write_all(b"+").unwrap();
    println!("after write through link: {}", fs::read_to_string(at("new.txt")).unwrap());
    println!("nlink {}", fs::metadata(at("new.txt")).unwrap().nlink());

    fs::write(at("target.txt"), "payload").unwrap();
    symlink_path("target.txt", at("sym")).unwrap();
    println!("read_link: {}", fs::read_link(at("sym")).unwrap().display());
    println!("through symlink: {}", fs::read_to_string(at("sym")).unwrap());
    println!("symlink_metadata is_symlink {}, metadata is_file {}",
             fs::symlink_metadata(at("sym")).unwrap().file_type().is_symlink(),
             fs::metadata(at("sym")).unwrap().is_file());

    symlink_path("nowhere.txt", at("dangling")).unwrap();
    let target = fs::read_link(at("dangling")).unwrap();
    let e = fs::File::open(at("dangling")).unwrap_err();
    println!("dangling: read_link ok {}, open {:?}", target.display(), e.kind());

    symlink_path("dir2", at("dirlink")).unwrap();
    let names: Vec<String> = fs::read_dir(at("dirlink")).unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    println!("dir link lists: [{}]", names.join(", "));

    fs::remove_file(at("sym")).unwrap();
    println!("after removing link: target exists {}, link exists {}",
             fs::metadata(at("target.txt")).is_ok(), fs::symlink_metadata(at("sym")).is_ok());
    let e = fs::hard_link(at("target.txt"), at("new.txt")).unwrap_err();
    println!("hard_link existing: {:?}", e.kind());
    remove_tree(std::path::Path::new(d));
    println!("removed: {}", fs::symlink_metadata(d).is_err());
}
