// std::fs basics in a fresh directory under /sandbox: write/read, OpenOptions append,
// truncate, create_new (AlreadyExists), open of a missing file (NotFound), read-only and
// write-only handles, remove_file.
// NODE-COMPARE
// OUT: read: hello
// OUT: after append: hello|more|again
// OUT: create_new on existing: AlreadyExists
// OUT: create_new fresh: ok
// OUT: open missing: NotFound
// OUT: remove missing: NotFound
// OUT: truncated read: []
// OUT: write then read back: 0123456789
// OUT: write on read-only handle: error
// OUT: read on write-only handle: error
// OUT: overwrite without truncate: ABCDE56789
// OUT: lines: 3 [one, two, three]
// OUT: removed: false
// OUT: done
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};

fn kind(k: ErrorKind) -> String {
    format!("{:?}", k)
}

fn main() {
    let dir = "/sandbox/fs_basic";
    fs::create_dir(dir).unwrap();
    let p = format!("{}/a.txt", dir);
    fs::write(&p, "hello").unwrap();
    println!("read: {}", fs::read_to_string(&p).unwrap());

    for s in ["|more", "|again"] {
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(s.as_bytes()).unwrap();
    }
    println!("after append: {}", fs::read_to_string(&p).unwrap());

    let e = OpenOptions::new().write(true).create_new(true).open(&p).unwrap_err();
    println!("create_new on existing: {}", kind(e.kind()));
    let q = format!("{}/new.txt", dir);
    OpenOptions::new().write(true).create_new(true).open(&q).unwrap();
    println!("create_new fresh: ok");

    let e = File::open(format!("{}/missing.txt", dir)).unwrap_err();
    println!("open missing: {}", kind(e.kind()));
    let e = fs::remove_file(format!("{}/missing.txt", dir)).unwrap_err();
    println!("remove missing: {}", kind(e.kind()));

    OpenOptions::new().write(true).truncate(true).open(&p).unwrap();
    println!("truncated read: [{}]", fs::read_to_string(&p).unwrap());

    {
        let mut f = File::create(&q).unwrap();
        f.write_all(b"0123456789").unwrap();
    }
    let mut s = String::new();
    File::open(&q).unwrap().read_to_string(&mut s).unwrap();
    println!("write then read back: {}", s);

    let mut ro = File::open(&q).unwrap();
    let r = ro.write_all(b"x");
    println!("write on read-only handle: {}", if r.is_err() { "error" } else { "ok" });
    let mut wo = OpenOptions::new().write(true).open(&q).unwrap();
    let mut buf = [0u8; 4];
    let r = wo.read(&mut buf);
    println!("read on write-only handle: {}", if r.is_err() { "error" } else { "ok" });
    wo.write_all(b"ABCDE").unwrap();
    drop(wo);
    println!("overwrite without truncate: {}", fs::read_to_string(&q).unwrap());

    fs::write(&q, "one\ntwo\nthree\n").unwrap();
    let text = fs::read_to_string(&q).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    println!("lines: {} [{}]", lines.len(), lines.join(", "));

    fs::remove_file(&q).unwrap();
    println!("removed: {}", fs::metadata(&q).is_ok());
    fs::remove_dir_all(dir).unwrap();
    println!("done");
}
