// Virtual-memory reservations for linear memories (the only mmap code of Skiff).
//
// reserve() maps `bytes` of address space PROT_NONE (MAP_NORESERVE: costs no memory
// and no commit charge); commit() makes a prefix readable and writable, and
// decommit() gives pages back (used when a store is torn down). Everything is
// rounded to the OS page size by the callers' contract: `offset` and `len` passed to
// commit() are multiples of page_size().
#pragma once

#include <cstddef>
#include <cstdint>

namespace skiff::rt::vm {

size_t page_size();
// nullptr when the reservation fails (or when failure is forced for testing).
void* reserve(size_t bytes);
void release(void* base, size_t bytes);
// Makes [base+offset, base+offset+len) read/write; false on failure.
bool commit(void* base, size_t offset, size_t len);

// Testing hook: when true, reserve() fails as if the address space were exhausted
// (process-wide; tests set it and restore it).
void set_reserve_fails_for_testing(bool fail);

}  // namespace skiff::rt::vm
