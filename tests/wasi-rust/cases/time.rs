// std::time: SystemTime::now after 2020 and not in the far future, UNIX_EPOCH arithmetic,
// Instant monotonic (never goes back over many reads), thread::sleep of 20 ms measured by
// Instant (at least 20 ms: poll_oneoff on a relative clock timeout), Duration formatting.
// (Not compared with node:wasi: its sleep can return early under load.)
// OUT: now after 2020: true
// OUT: now before 2100: true
// OUT: epoch + 1.5 s = 1.5s
// OUT: monotonic over 1000 reads: true
// OUT: slept at least 20 ms: true
// OUT: system clock moved forward: true
// OUT: duration math: 3.25s 3250ms
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let now = SystemTime::now();
    let secs = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
    println!("now after 2020: {}", secs > 1_577_836_800);
    println!("now before 2100: {}", secs < 4_102_444_800);
    let t = UNIX_EPOCH + Duration::from_millis(1500);
    println!("epoch + 1.5 s = {:?}", t.duration_since(UNIX_EPOCH).unwrap());

    let mut last = Instant::now();
    let mut ok = true;
    for _ in 0..1000 {
        let i = Instant::now();
        if i < last { ok = false; }
        last = i;
    }
    println!("monotonic over 1000 reads: {}", ok);

    let start = Instant::now();
    thread::sleep(Duration::from_millis(20));
    let el = start.elapsed();
    println!("slept at least 20 ms: {}", el >= Duration::from_millis(20));
    let later = SystemTime::now();
    println!("system clock moved forward: {}", later > now);
    let d = Duration::from_secs(3) + Duration::from_millis(250);
    println!("duration math: {:?} {}ms", d, d.as_millis());
}
