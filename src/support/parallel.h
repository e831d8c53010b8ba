// Parallel loops over independent items that fail like a serial loop.
//
// parallel_for runs fn(i) for i in [0, n) on up to `threads` threads (the caller
// is one of them) and returns what a serial `for` that stops at the first failure
// would return: the error of the lowest failing index. Items are claimed in
// increasing order in chunks of `grain`; once an item has failed, nothing after it
// is started, so a bad module costs little more than its good prefix.
//
// Determinism: the lowest failing index is always evaluated (every item below it
// is claimed before it and none of them fails), so the returned error does not
// depend on scheduling. fn must be safe to call concurrently for different i.
// A thread that cannot be created is not an error: the others do its share.
#pragma once

#include <cstddef>
#include <functional>

#include "support/result.h"

namespace skiff {

// The number of threads to use for `work_bytes` of work when the caller asked for
// `requested` (0 = automatic: one per core, one per `bytes_per_thread` of work,
// at most 16; 1 = serial). SKIFF_COMPILE_THREADS=N in the environment replaces
// automatic with N (1 = serial), for measurements and for hosts that limit threads.
unsigned pick_threads(unsigned requested, size_t work_bytes, size_t bytes_per_thread = 256 * 1024);

Status parallel_for(size_t n, unsigned threads, size_t grain,
                    const std::function<Status(size_t)>& fn);

}  // namespace skiff
