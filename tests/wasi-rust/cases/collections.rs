// Allocation-heavy std code: Vec growth and sort (stable, by key, unstable), HashMap with
// the default RandomState (seeded through random_get), BTreeMap ordering, a VecDeque, a
// BinaryHeap, String building, float formatting, many allocations and frees.
// NODE-COMPARE
// OUT: sorted head: [0, 1, 2, 3, 4]
// OUT: sorted tail: [9995, 9996, 9997, 9998, 9999]
// OUT: sum 49995000
// OUT: word counts: the=4 dog=2 fox=2 quick=1
// OUT: btree: [("apple", 3), ("banana", 1), ("cherry", 2)]
// OUT: stable by len: [ox, cat, dog, bird, mouse, horse]
// OUT: heap pops: [42, 17, 9, 3, 1]
// OUT: deque: [3, 1, 2, 4]
// OUT: floats: 3.142 2.718281828 1e-7 -0 inf NaN 1.5e300
// OUT: churn checksum 125000 live 0
// OUT: string: len 1000 bytes, 333 'a', last "b|b"
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};

fn main() {
    let mut v: Vec<u32> = (0..10000).map(|i| (i * 7919) % 10000).collect();
    v.sort_unstable();
    println!("sorted head: {:?}", &v[..5]);
    println!("sorted tail: {:?}", &v[v.len() - 5..]);
    println!("sum {}", v.iter().map(|&x| x as u64).sum::<u64>());

    let text = "the quick fox and the lazy dog saw the fox and the dog";
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for w in text.split(' ') { *counts.entry(w).or_insert(0) += 1; }
    let mut cv: Vec<(&str, u32)> = counts.into_iter().collect();
    cv.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = cv.iter().filter(|(w, _)| ["the", "fox", "dog", "quick"].contains(w))
        .map(|(w, c)| format!("{}={}", w, c)).collect();
    println!("word counts: {}", shown.join(" "));

    let mut bt = BTreeMap::new();
    bt.insert("cherry", 2);
    bt.insert("apple", 3);
    bt.insert("banana", 1);
    println!("btree: {:?}", bt.into_iter().collect::<Vec<_>>());

    let mut animals = vec!["mouse", "cat", "ox", "horse", "dog", "bird"];
    animals.sort_by_key(|a| a.len());
    println!("stable by len: [{}]", animals.join(", "));

    let mut heap: BinaryHeap<i32> = [3, 17, 1, 42, 9].into_iter().collect();
    let mut pops = Vec::new();
    while let Some(x) = heap.pop() { pops.push(x); }
    println!("heap pops: {:?}", pops);

    let mut dq = VecDeque::new();
    dq.push_back(1); dq.push_back(2); dq.push_front(3); dq.push_back(4);
    println!("deque: {:?}", dq);

    println!("floats: {:.3} {} {:e} {} {} {} {:e}", std::f64::consts::PI, 2.718281828f64,
             1e-7f64, -0.0f64, f64::INFINITY, f64::NAN, 1.5e300f64);

    // Many allocations of varied sizes freed in a shuffled order.
    let mut live: Vec<Option<Vec<u8>>> = Vec::new();
    let mut checksum = 0u64;
    for round in 0..50u64 {
        for i in 0..100u64 {
            let n = ((i * 37 + round * 11) % 300 + 1) as usize;
            live.push(Some(vec![(i % 251) as u8; n]));
        }
        let len = live.len();
        for j in (0..len).step_by(3).chain((1..len).step_by(3)).chain((2..len).step_by(3)) {
            if let Some(b) = live[j].take() { checksum += (b.len() > 0) as u64 * 25; }
        }
        live.clear();
    }
    println!("churn checksum {} live {}", checksum, live.iter().filter(|x| x.is_some()).count());

    let mut s = String::new();
    for i in 0..998 { s.push(match i % 3 { 0 => 'a', 1 => 'b', _ => 'c' }); }
    s.push_str("|b");
    let na = s.chars().filter(|&c| c == 'a').count();
    println!("string: len {} bytes, {} 'a', last {:?}", s.len(), na, &s[s.len() - 3..]);
}
