// What each WASI preview1 function reads from and writes to guest memory, for the
// record/replay log.
//
// Writes: output_regions() lists, for every function, the ranges of memory 0 it may
// write in one call, from its arguments (and, for args_get / environ_get, the
// context's lists), following each function's definition in src/wasi. The recorder
// copies those ranges before the call and logs the bytes that changed after it (a
// record-time diff): a write inside a listed range cannot be missed, and replay
// restores exactly the memory the recorded run had after the call. That the lists
// cover every write is checked, not assumed: with SKIFF_RECORD_CHECK_WRITES=1 the
// recorder also compares the whole memory around each call and stops with an error
// naming the function if a byte outside its ranges changed (the tests run so).
//
// Inputs: call_input() is what the call hands to the host besides scalars (bytes
// written, path names, poll subscriptions); recorded and compared on replay to
// detect divergence.
#pragma once

#include <cstdint>
#include <vector>

#include "snapshot/record_log.h"
#include "wasi/wasi_host.h"

namespace skiff::snapshot {

struct Region {
  uint64_t addr = 0, len = 0;
};

// Ranges of memory 0 that call `c` of function `func` (a kWasiNames id) may write,
// clipped to the memory's size.
void output_regions(uint32_t func, const wasi::Call& c, std::vector<Region>& out);

// The call's input into `out`; its kind (None: nothing beyond the arguments).
InputKind call_input(uint32_t func, const wasi::Call& c, std::vector<uint8_t>& out);

}  // namespace skiff::snapshot
