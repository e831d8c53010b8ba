// Arguments and environment: std::env::args (argv[0] is not printed: runtimes differ),
// vars, var of a missing name, args_os.
// RUN-ARGS: alpha beta gamma
// NODE-COMPARE
// OUT: argc 4
// OUT: arg 1 = alpha
// OUT: arg 2 = beta
// OUT: arg 3 = gamma
// OUT: FOO=bar
// OUT: MISSING: environment variable not found
// OUT: vars with FOO: 1
// OUT: joined: alpha+beta+gamma
use std::env;

fn main() {
    let args: Vec<String> = env::args().collect();
    println!("argc {}", args.len());
    for (i, a) in args.iter().enumerate().skip(1) {
        println!("arg {} = {}", i, a);
    }
    match env::var("FOO") {
        Ok(v) => println!("FOO={}", v),
        Err(e) => println!("FOO: {}", e),
    }
    match env::var("SKIFF_TEST_MISSING_VARIABLE") {
        Ok(v) => println!("MISSING={}", v),
        Err(e) => println!("MISSING: {}", e),
    }
    let n = env::vars().filter(|(k, v)| k == "FOO" && v == "bar").count();
    println!("vars with FOO: {}", n);
    let rest: Vec<String> = env::args_os().skip(1).map(|a| a.into_string().unwrap()).collect();
    println!("joined: {}", rest.join("+"));
}
