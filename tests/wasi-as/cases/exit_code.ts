// process.exit(n) (proc_exit): output written before it is kept, the status is the
// runtime's exit status. The shim's console.error writes "Error: ..." to stdout (all its
// console methods do); process.stderr goes to fd 2 (not checked).
// EXIT: 3
// NODE-COMPARE
// OUT: before exit
// OUT: Error: to stdout
// OUT: exitCode set to 3
console.log("before exit");
console.error("to stdout");
process.stderr.write("to stderr\n");
process.exitCode = 3;
console.log("exitCode set to " + process.exitCode.toString());
process.exit(process.exitCode);
console.log("not reached");
