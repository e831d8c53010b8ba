// process.argv (argv[0] not printed: runtimes differ) and process.env from the shim
// (args_get/environ_get), and stdin read through process.stdin.read until end of input.
// RUN-ARGS: one two three
// STDIN: line a\nline b\nline c\n
// NODE-COMPARE
// OUT: argc 4
// OUT: argv[1] = one
// OUT: argv[2] = two
// OUT: argv[3] = three
// OUT: FOO = bar
// OUT: has MISSING: false
// OUT: stdin: 21 bytes, 3 lines, last "line c"
let argv = process.argv;
console.log("argc " + argv.length.toString());
for (let i = 1; i < argv.length; i++) console.log("argv[" + i.toString() + "] = " + argv[i]);
let env = process.env;
console.log("FOO = " + (env.has("FOO") ? env.get("FOO") : "(unset)"));
console.log("has MISSING: " + (env.has("SKIFF_TEST_MISSING_VARIABLE") ? "true" : "false"));
let chunk = new ArrayBuffer(8);
let all = "";
let total = 0;
while (true) {
  let n = process.stdin.read(chunk);
  if (n <= 0) break;
  total += n;
  all += String.UTF8.decode(chunk.slice(0, n));
}
let lines = all.split("\n");
if (lines.length > 0 && lines[lines.length - 1] == "") lines.pop();
console.log("stdin: " + total.toString() + " bytes, " + lines.length.toString() + " lines, last \"" +
            lines[lines.length - 1] + "\"");
