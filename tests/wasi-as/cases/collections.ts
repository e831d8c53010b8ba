// Arrays, maps and sets under many allocations and frees (the runtime's TLSF allocator
// and incremental GC): sorting with comparators, Map<string,i32> counting, Set, arrays of
// arrays built and dropped in a loop, a string-keyed map grown and cleared.
// NODE-COMPARE
// OUT: sorted: 1,2,3,5,8,13,21,34
// OUT: sorted desc: 34,21,13,8,5,3,2,1
// OUT: by length: ox,cat,dog,bird,mouse,horse
// OUT: counts: dog=2 fox=2 the=4
// OUT: set size 5, has 3 true, has 9 false
// OUT: map grown to 5000, sum 12497500, after delete 2500
// OUT: churn: 200 rounds, checksum 1005000
// OUT: nested: 100 rows, total 4950
// OUT: filter/map/reduce: 2550
// OUT: done
let nums: i32[] = [21, 3, 1, 34, 8, 2, 13, 5];
nums.sort((a, b) => a - b);
console.log("sorted: " + nums.join(","));
let desc = nums.slice(0);
desc.sort((a, b) => b - a);
console.log("sorted desc: " + desc.join(","));
let animals: string[] = ["mouse", "cat", "ox", "horse", "dog", "bird"];
animals.sort((a, b) => a.length - b.length);
console.log("by length: " + animals.join(","));

let words = "the quick fox and the lazy dog saw the fox and the dog".split(" ");
let counts = new Map<string, i32>();
for (let i = 0; i < words.length; i++) {
  let w = words[i];
  counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
}
let shown: string[] = [];
let keys = counts.keys();
keys.sort();
for (let i = 0; i < keys.length; i++) {
  let k = keys[i];
  if (k == "the" || k == "fox" || k == "dog") shown.push(k + "=" + counts.get(k).toString());
}
console.log("counts: " + shown.join(" "));

let set = new Set<i32>();
for (let i = 0; i < 10; i++) set.add(i % 5);
console.log("set size " + set.size.toString() + ", has 3 " + (set.has(3) ? "true" : "false") +
            ", has 9 " + (set.has(9) ? "true" : "false"));

let big = new Map<string, i32>();
for (let i = 0; i < 5000; i++) big.set("key" + i.toString(), i);
let sum: i64 = 0;
for (let i = 0; i < 5000; i++) sum += big.get("key" + i.toString());
for (let i = 0; i < 5000; i += 2) big.delete("key" + i.toString());
console.log("map grown to 5000, sum " + sum.toString() + ", after delete " + big.size.toString());

let checksum: i64 = 0;
for (let round = 0; round < 200; round++) {
  let tmp: Array<Array<i32>> = [];
  for (let i = 0; i < 50; i++) {
    let n = (i * 37 + round * 11) % 200 + 1;
    let row = new Array<i32>(n);
    for (let j = 0; j < n; j++) row[j] = j;
    tmp.push(row);
  }
  let s: i64 = 0;
  for (let i = 0; i < tmp.length; i++) s += tmp[i].length;
  checksum += s;
  tmp.length = 0;
}
console.log("churn: 200 rounds, checksum " + checksum.toString());

let rows: i32[][] = [];
for (let i = 0; i < 100; i++) rows.push([i]);
let total = 0;
for (let i = 0; i < rows.length; i++) total += rows[i][0];
console.log("nested: " + rows.length.toString() + " rows, total " + total.toString());
let seq: i32[] = [];
for (let i = 1; i <= 100; i++) seq.push(i);
let r = seq.filter((x) => x % 2 == 0).map<i32>((x) => x).reduce<i32>((acc, x) => acc + x, 0);
console.log("filter/map/reduce: " + r.toString());
console.log("done");
