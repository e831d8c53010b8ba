// A panic. On wasm32-wasi Rust's std is built with panic=abort: the hook prints
// "thread 'main' panicked at '...', file:line:col" on stderr, then abort() executes
// `unreachable`, a trap. wasmtime reports a trap with exit status 134 (128 + SIGABRT),
// and so does skiff run. (node:wasi throws a RuntimeError instead: no NODE-COMPARE.)
// EXIT: 134
// ERR-HAS: panicked at 'boom: 6 * 7 = 42'
// OUT: about to panic
fn compute(v: &[i32]) -> i32 {
    v.iter().product()
}

fn main() {
    println!("about to panic");
    let v = vec![6, 7];
    let r = compute(&v);
    if r == 42 {
        panic!("boom: 6 * 7 = {}", r);
    }
    println!("not reached");
}
