// std::process::exit(n): the status is the runtime's exit status; buffered stdout
// written before it (println! flushes at each newline) is kept; code after it never runs.
// EXIT: 7
// NODE-COMPARE
// OUT: before exit
// OUT: partial line then exit
use std::io::Write;

fn main() {
    println!("before exit");
    print!("partial line ");
    std::io::stdout().flush().unwrap();
    println!("then exit");
    std::process::exit(7);
}
