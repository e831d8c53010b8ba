// Strings: concatenation, split/join, UTF-8 encode/decode (String.UTF8), UTF-16 length
// vs UTF-8 byte length, number formatting (integers, radix, floats), case, padding.
// Floats print as AssemblyScript's dtoa (Grisu2) does, not as JavaScript: 0.1 + 0.2 is
// "0.30000000000000007" (a shortest-enough digit string that reads back as the same
// double, not the closest one) and zero is "0.0".
// NODE-COMPARE
// OUT: concat: Hello, WASI world! (18)
// OUT: split: [a|b||c] -> 4 parts
// OUT: join: a-b--c
// OUT: utf16 length 10, utf8 bytes 15
// OUT: utf8 bytes: 68 c3 a9 6c 6c 6f 20 e2 82 ac 20 f0 9f 98 80
// OUT: decoded: héllo € 😀 equal true
// OUT: ints: 0 -42 2147483647 -2147483648 9223372036854775807 18446744073709551615
// OUT: radix: ff 777 101010 zz
// OUT: floats: 0.1 0.30000000000000007 3.5 0.0 1e+21 1.5e-7 Infinity NaN 123456789.125
// OUT: parse: 42 -17 3.25 255 true
// OUT: case: MIXED case mixed case
// OUT: pad: [0042] [ab   ] [x]
// OUT: repeat/replace: abcabcabc a_b_c
// OUT: substring/indexOf: WASI 7 -1
// OUT: compare: true false true
// OUT: built 1000 pieces, length 2890
let a = "Hello";
let b = a + ", " + "WASI" + " world!";
console.log("concat: " + b + " (" + b.length.toString() + ")");
let parts = "a,b,,c".split(",");
console.log("split: [" + parts.join("|") + "] -> " + parts.length.toString() + " parts");
console.log("join: " + parts.join("-"));
let s = "héllo € 😀";
let buf = String.UTF8.encode(s);
console.log("utf16 length " + s.length.toString() + ", utf8 bytes " + buf.byteLength.toString());
let bytes = Uint8Array.wrap(buf);
let hex: string[] = [];
for (let i = 0; i < bytes.length; i++) {
  let h = bytes[i].toString(16);
  hex.push(h.length < 2 ? "0" + h : h);
}
console.log("utf8 bytes: " + hex.join(" "));
let back = String.UTF8.decode(buf);
console.log("decoded: " + back + " equal " + (back == s ? "true" : "false"));
let i64max: i64 = 9223372036854775807;
let u64max: u64 = 18446744073709551615;
console.log("ints: " + (0).toString() + " " + (-42).toString() + " " + i32.MAX_VALUE.toString() + " " +
            i32.MIN_VALUE.toString() + " " + i64max.toString() + " " + u64max.toString());
console.log("radix: " + (255).toString(16) + " " + (511).toString(8) + " " + (42).toString(2) + " " +
            (1295).toString(36));
let floats: f64[] = [0.1, 0.1 + 0.2, 3.5, -0.0, 1e21, 1.5e-7, Infinity, NaN, 123456789.125];
let fs: string[] = [];
for (let i = 0; i < floats.length; i++) fs.push(floats[i].toString());
console.log("floats: " + fs.join(" "));
console.log("parse: " + I32.parseInt("42").toString() + " " + I32.parseInt("-17").toString() + " " +
            F64.parseFloat("3.25").toString() + " " + I32.parseInt("ff", 16).toString() + " " +
            (isNaN(F64.parseFloat("x")) ? "true" : "false"));
console.log("case: " + "Mixed Case".toUpperCase().substring(0, 5) + " case " + "MIXED CASE".toLowerCase());
console.log("pad: [" + "42".padStart(4, "0") + "] [" + "ab".padEnd(5, " ") + "] [" + "x".padStart(1, "-") + "]");
console.log("repeat/replace: " + "abc".repeat(3) + " " + "a.b.c".replaceAll(".", "_"));
console.log("substring/indexOf: " + b.substring(7, 11) + " " + b.indexOf("WASI").toString() + " " +
            b.indexOf("nope").toString());
console.log("compare: " + ("abc" < "abd" ? "true" : "false") + " " + ("b" < "a" ? "true" : "false") + " " +
            ("é" > "z" ? "true" : "false"));
let pieces: string[] = [];
for (let i = 0; i < 1000; i++) pieces.push(i.toString());
let joined = pieces.join("");
console.log("built " + pieces.length.toString() + " pieces, length " + joined.length.toString());
