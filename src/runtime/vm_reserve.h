// Virtual-memory reservations for linear memories (the only mmap code of Skiff).
//
// reserve() maps `bytes` of address space PROT_NONE (MAP_NORESERVE: costs no memory
// and no commit charge); commit() makes a prefix readable and writable, and
// decommit() gives pages back (used when a store is torn down). Everything is
// rounded to the OS page size by the callers' contract: `offset` and `len` passed to
// commit() are multiples of page_size().
//
// Released reservations go to a small process-wide pool instead of being unmapped:
// tearing down the page tables of a 4 GiB+ mapping, and every mprotect (each one a
// TLB shootdown, ~100+ us on a virtual machine), is what made instantiating a
// module into a fresh store cost hundreds of microseconds. A pooled reservation is
// zeroed but keeps its read/write prefix, so a new memory of the same size (the
// same module instantiated again) reuses it without a single system call. Pooled
// reservations stay tracked (nothing runs in them).
#pragma once

#include <cstddef>
#include <cstdint>

namespace skiff::rt::vm {

size_t page_size();
// A reservation of `bytes` whose first `commit_bytes` are read/write (and zero);
// nullptr when it fails (or when failure is forced for testing).
void* reserve(size_t bytes, size_t commit_bytes);
// `committed`: the read/write prefix (zeroed or dropped before pooling).
void release(void* base, size_t bytes, size_t committed);
// Makes [base+offset, base+offset+len) read/write; false on failure.
bool commit(void* base, size_t offset, size_t len);

// Is addr inside a live reservation? Lock-free and async-signal-safe: the fault
// handler asks it. (At most kMaxTracked reservations are tracked; past that, a
// reservation still works but its faults are not recognised, so tiers must keep
// bounds checks for it: see tracked().)
bool in_reservation(uintptr_t addr);
// Was the reservation at base registered for fault recognition?
bool tracked(const void* base);
inline constexpr size_t kMaxTracked = 4096;

// Testing hook: when true, reserve() fails as if the address space were exhausted
// (process-wide; tests set it and restore it).
void set_reserve_fails_for_testing(bool fail);

}  // namespace skiff::rt::vm
