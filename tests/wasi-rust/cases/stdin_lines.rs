// Standard input read line by line (BufRead::lines), numbers summed, words counted;
// progress on stderr (not checked), results on stdout.
// STDIN: 3 apples\n4 pears\n\nnot-a-number here\n35 plums\nlast line without newline
// NODE-COMPARE
// OUT: line 1: [3 apples]
// OUT: line 2: [4 pears]
// OUT: line 3: []
// OUT: line 4: [not-a-number here]
// OUT: line 5: [35 plums]
// OUT: line 6: [last line without newline]
// OUT: lines 6, words 12, sum 42
// OUT: longest: last line without newline
use std::io::{self, BufRead, Write};

fn main() {
    let stdin = io::stdin();
    let mut lines = 0;
    let mut words = 0;
    let mut sum = 0i64;
    let mut longest = String::new();
    for line in stdin.lock().lines() {
        let line = line.expect("read error");
        lines += 1;
        println!("line {}: [{}]", lines, line);
        eprintln!("stderr: got line {} ({} bytes)", lines, line.len());
        words += line.split_whitespace().count();
        if let Some(first) = line.split_whitespace().next() {
            if let Ok(n) = first.parse::<i64>() {
                sum += n;
            }
        }
        if line.len() > longest.len() {
            longest = line.clone();
        }
    }
    println!("lines {}, words {}, sum {}", lines, words, sum);
    let out = io::stdout();
    let mut out = out.lock();
    writeln!(out, "longest: {}", longest).unwrap();
    io::stderr().write_all(b"done\n").unwrap();
}
