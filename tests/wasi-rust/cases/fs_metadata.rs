// Metadata: len, is_file/is_dir, File::set_len (grow with zeros, shrink), timestamps
// (modified/accessed after the epoch, close to SystemTime::now, a later write not older),
// metadata of a directory, sync_all/sync_data.
// NODE-COMPARE
// OUT: len 11 file true dir false
// OUT: set_len 20 -> 20, tail [0, 0, 0]
// OUT: set_len 4 -> 4: "hell"
// OUT: modified after epoch: true
// OUT: modified within a day of now: true
// OUT: accessed available: true
// OUT: later write not older: true
// OUT: dir: is_dir true is_file false
// OUT: file_type of dir: dir
// OUT: sync: ok
// OUT: metadata missing: NotFound
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    let dir = "/sandbox/fs_metadata";
    fs::create_dir(dir).unwrap();
    let p = format!("{}/m.txt", dir);
    fs::write(&p, "hello world").unwrap();
    let m = fs::metadata(&p).unwrap();
    println!("len {} file {} dir {}", m.len(), m.is_file(), m.is_dir());

    let f = OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(20).unwrap();
    let data = fs::read(&p).unwrap();
    println!("set_len 20 -> {}, tail {:?}", f.metadata().unwrap().len(), &data[17..]);
    f.set_len(4).unwrap();
    println!("set_len 4 -> {}: {:?}", fs::metadata(&p).unwrap().len(), fs::read_to_string(&p).unwrap());
    drop(f);

    let modified = fs::metadata(&p).unwrap().modified().unwrap();
    let now = SystemTime::now();
    println!("modified after epoch: {}", modified > UNIX_EPOCH);
    let diff = match now.duration_since(modified) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    println!("modified within a day of now: {}", diff < Duration::from_secs(86400));
    println!("accessed available: {}", fs::metadata(&p).unwrap().accessed().is_ok());

    let q = format!("{}/later.txt", dir);
    let mut g = File::create(&q).unwrap();
    g.write_all(b"later").unwrap();
    g.sync_all().unwrap();
    let later = fs::metadata(&q).unwrap().modified().unwrap();
    println!("later write not older: {}", later >= modified);

    let d = fs::metadata(dir).unwrap();
    println!("dir: is_dir {} is_file {}", d.is_dir(), d.is_file());
    let ft = d.file_type();
    println!("file_type of dir: {}", if ft.is_dir() { "dir" } else if ft.is_file() { "file" } else { "other" });
    g.sync_data().unwrap();
    println!("sync: ok");
    let e = fs::metadata(format!("{}/nope", dir)).unwrap_err();
    println!("metadata missing: {:?}", e.kind());
    fs::remove_dir_all(dir).unwrap();
}
