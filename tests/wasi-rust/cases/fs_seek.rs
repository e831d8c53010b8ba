// Seek: SeekFrom::Start/End/Current, stream_position, writing past the end (the gap
// reads as zeros), reading at end of file (0 bytes), a negative position (error).
// NODE-COMPARE
// OUT: len 26
// OUT: at 10: klmno
// OUT: position 15
// OUT: current -5 -> 10: klm
// OUT: end -3: xyz
// OUT: read at end: 0 bytes
// OUT: seek before start: error
// OUT: position still 26
// OUT: after overwrite: abcdeFGHIJklmnopqrstuvwxyz
// OUT: new len 34
// OUT: tail bytes: [0, 0, 0, 0, 0, 33, 33, 33]
// OUT: rewind then read 3: abc
use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};

fn read_n(f: &mut fs::File, n: usize) -> String {
    let mut buf = vec![0u8; n];
    f.read_exact(&mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

fn main() {
    let dir = "/sandbox/fs_seek";
    fs::create_dir(dir).unwrap();
    let p = format!("{}/alpha.bin", dir);
    fs::write(&p, "abcdefghijklmnopqrstuvwxyz").unwrap();
    let mut f = OpenOptions::new().read(true).write(true).open(&p).unwrap();
    println!("len {}", f.metadata().unwrap().len());
    f.seek(SeekFrom::Start(10)).unwrap();
    println!("at 10: {}", read_n(&mut f, 5));
    println!("position {}", f.stream_position().unwrap());
    f.seek(SeekFrom::Current(-5)).unwrap();
    println!("current -5 -> {}: {}", f.stream_position().unwrap(), read_n(&mut f, 3));
    f.seek(SeekFrom::End(-3)).unwrap();
    println!("end -3: {}", read_n(&mut f, 3));
    let mut buf = [0u8; 8];
    println!("read at end: {} bytes", f.read(&mut buf).unwrap());
    let r = f.seek(SeekFrom::Current(-100));
    println!("seek before start: {}", if r.is_err() { "error" } else { "ok" });
    println!("position still {}", f.stream_position().unwrap());
    f.seek(SeekFrom::Start(5)).unwrap();
    f.write_all(b"FGHIJ").unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    println!("after overwrite: {}", s);
    f.seek(SeekFrom::End(5)).unwrap();
    f.write_all(b"!!!").unwrap();
    println!("new len {}", f.metadata().unwrap().len());
    let all = fs::read(&p).unwrap();
    println!("tail bytes: {:?}", &all[all.len() - 8..]);
    f.rewind().unwrap();
    println!("rewind then read 3: {}", read_n(&mut f, 3));
    drop(f);
    fs::remove_dir_all(dir).unwrap();
}
