// A recursive walk by hand (read_dir + file_type, sorted at each level), sizes summed,
// and a canonicalize-like resolver written on read_link/symlink_metadata: "." and ".."
// components and relative symlinks (also chains, and a loop that must be detected).
// NODE-COMPARE
// OUT: tree:
// OUT:   docs/
// OUT:     docs/guide.md 13
// OUT:     docs/img/
// OUT:       docs/img/logo.svg 41
// OUT:   link-to-readme -> docs/guide.md
// OUT:   src/
// OUT:     src/lib.rs 12
// OUT:     src/main.rs 27
// OUT:     src/util/
// OUT:       src/util/mod.rs 0
// OUT: files 5, bytes 93, dirs 4, links 1
// OUT: resolve src/./util/../main.rs = src/main.rs
// OUT: resolve link-to-readme = docs/guide.md
// OUT: resolve docs/shortcut/../img/./logo.svg = docs/img/logo.svg
// OUT: resolve chain1 = docs/guide.md
// OUT: resolve loop-a = error: too many links
// OUT: removed: true
#![feature(wasi_ext)] // std::os::wasi::fs (symlink_path, MetadataExt) is unstable in 1.63: built with RUSTC_BOOTSTRAP=1
use std::fs;
use std::path::{Component, Path, PathBuf};

struct Stats { files: u32, bytes: u64, dirs: u32, links: u32 }

fn walk(root: &Path, rel: &Path, depth: usize, st: &mut Stats) {
    let mut entries: Vec<_> = fs::read_dir(root.join(rel)).unwrap().map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = rel.join(e.file_name());
        let t = e.file_type().unwrap();
        let pad = "  ".repeat(depth + 1);
        if t.is_symlink() {
            st.links += 1;
            println!("{}{} -> {}", pad, name.display(), fs::read_link(e.path()).unwrap().display());
        } else if t.is_dir() {
            st.dirs += 1;
            println!("{}{}/", pad, name.display());
            walk(root, &name, depth + 1, st);
        } else {
            let len = e.metadata().unwrap().len();
            st.files += 1;
            st.bytes += len;
            println!("{}{} {}", pad, name.display(), len);
        }
    }
}

// Resolves `rel` below `root` without fs::canonicalize: components one by one, following
// symlinks (at most 8), never above root.
fn resolve(root: &Path, rel: &Path) -> Result<PathBuf, String> {
    let mut todo: Vec<PathBuf> = rel.components().rev().map(|c| PathBuf::from(c.as_os_str())).collect();
    let mut done = PathBuf::new();
    let mut hops = 0;
    while let Some(c) = todo.pop() {
        match c.components().next() {
            Some(Component::CurDir) => continue,
            Some(Component::ParentDir) => { done.pop(); continue; }
            _ => {}
        }
        let cand = done.join(&c);
        let meta = fs::symlink_metadata(root.join(&cand)).map_err(|e| format!("{:?}", e.kind()))?;
        if meta.file_type().is_symlink() {
            hops += 1;
            if hops > 8 { return Err("too many links".into()); }
            let target = fs::read_link(root.join(&cand)).unwrap();
            for t in target.components().rev() { todo.push(PathBuf::from(t.as_os_str())); }
        } else {
            done = cand;
        }
    }
    Ok(done)
}

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
    let root = Path::new("/sandbox/fs_walk");
    for d in ["src/util", "docs/img"] { fs::create_dir_all(root.join(d)).unwrap(); }
    fs::write(root.join("src/main.rs"), "fn main() { lib::run(); }\n\n").unwrap();
    fs::write(root.join("src/lib.rs"), "pub fn r(){}").unwrap();
    fs::write(root.join("src/util/mod.rs"), "").unwrap();
    fs::write(root.join("docs/guide.md"), "# Guide\n\nHi.\n").unwrap();
    fs::write(root.join("docs/img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    std::os::wasi::fs::symlink_path("docs/guide.md", root.join("link-to-readme")).unwrap();
    println!("tree:");
    let mut st = Stats { files: 0, bytes: 0, dirs: 0, links: 0 };
    walk(root, Path::new(""), 0, &mut st);
    println!("files {}, bytes {}, dirs {}, links {}", st.files, st.bytes, st.dirs, st.links);

    std::os::wasi::fs::symlink_path("img", root.join("docs/shortcut")).unwrap();
    std::os::wasi::fs::symlink_path("chain2", root.join("chain1")).unwrap();
    std::os::wasi::fs::symlink_path("link-to-readme", root.join("chain2")).unwrap();
    std::os::wasi::fs::symlink_path("loop-b", root.join("loop-a")).unwrap();
    std::os::wasi::fs::symlink_path("loop-a", root.join("loop-b")).unwrap();
    for p in ["src/./util/../main.rs", "link-to-readme", "docs/shortcut/../img/./logo.svg", "chain1", "loop-a"] {
        match resolve(root, Path::new(p)) {
            Ok(r) => println!("resolve {} = {}", p, r.display()),
            Err(e) => println!("resolve {} = error: {}", p, e),
        }
    }
    remove_tree(root);
    println!("removed: {}", fs::symlink_metadata(root).is_err());
}
