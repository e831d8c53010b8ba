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
// reset but keeps its read/write prefix and its memory image (see
// runtime/memory_image.h), so a new memory of the same size and image (the same
// module instantiated again) reuses it without a single system call. Pooled
// reservations stay tracked (nothing runs in them).
//
// Reset on release: when the memory was written on only a few of the image's
// pages, those pages are found in /proc/self/pagemap and copied back from a
// pristine read-only view of the image (see "Restoring written image pages"
// below); otherwise, or when that is unavailable, the image's pages are dropped
// with madvise(MADV_DONTNEED) (a private file mapping then reads the image again,
// page by page, only where it is touched); the anonymous rest is cleared with memset while it is at
// most kKeepResident bytes (warm pages stay resident for the next instance; a syscall and the page
// faults after it cost more than clearing 64 KiB), and dropped with madvise past that. A
// reservation taken for a different image (or none) first has the old image replaced by fresh
// anonymous pages, so no byte of one module's instance can reach another module's.
//
// Restoring written image pages. In a MAP_PRIVATE file mapping a page is either
// not mapped (the next access reads the file), mapped to the file's own page
// (read only; written never), or a private anonymous copy made when it was first
// written (possibly swapped out since). Only the last kind can differ from the
// image. /proc/self/pagemap (Documentation/admin-guide/mm/pagemap.rst) gives 8
// bytes per virtual page: bit 63 present, bit 62 swapped, bit 61 "file-page or
// shared-anon" (since 3.5; unprivileged readers get the flags, with the PFN
// zeroed, since 4.2). A page that is present and not a file page, or swapped, is
// treated as written and its bytes are copied back from the pristine view; every
// other page is left as it is (still mapped: the next instance takes no fault on
// it). Anything unexpected (pagemap cannot be opened or read, a short read, bits
// this code does not know set, present and swapped at once, more written pages
// than kMaxRestorePages, no pristine view) falls back to madvise. The pagemap fd
// is opened once per process after a self-test of exactly this behaviour on a
// scratch memfd, and is dropped in a fork child (an open pagemap reads the page
// tables of the process that opened it). Where the kernel has the PAGEMAP_SCAN
// ioctl (6.7+; self-tested too), it is asked for the written pages (not a file
// page, and present or swapped) instead: it returns only runs of them, which
// costs less than reading every entry.
#pragma once

#include <cstddef>
#include <cstdint>

namespace skiff::rt::vm {

size_t page_size();
// A file image mapped privately over the start of a reservation.
struct Image {
  uint64_t id = 0;  // process-unique; 0 = none
  int fd = -1;
  size_t len = 0;  // multiple of page_size()
  // A read-only view of the image's bytes (len of them) that stays valid until
  // release() returns; nullptr: written pages are always reset with madvise.
  const uint8_t* pristine = nullptr;
};

// A reservation of `bytes` whose first `commit_bytes` are read/write (and zero);
// nullptr when it fails (or when failure is forced for testing). With `image`
// (image->len <= commit_bytes), [0, image->len) holds the image's bytes instead,
// mapped copy-on-write; *image_mapped says whether that worked (when it did not,
// the reservation is all zero and the caller copies).
void* reserve(size_t bytes, size_t commit_bytes, const Image* image = nullptr,
              bool* image_mapped = nullptr);
// `committed`: the read/write prefix; `image`: what reserve() mapped (id and len,
// and the pristine view when there is one), or {} (reset before pooling).
void release(void* base, size_t bytes, size_t committed, Image image = {});
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

// Anonymous committed bytes up to this size are cleared with memset on release.
inline constexpr size_t kKeepResident = size_t(64) << 10;
// Reservations in the pool now (for tests).
size_t pooled_count();

// Image resets that copy written pages back: at most this many pages (more, and
// madvise costs less than the copies).
inline constexpr size_t kMaxRestorePages = 64;
// Image pages scanned in pagemap at most (larger images are reset with madvise).
inline constexpr size_t kMaxScanPages = size_t(1) << 16;

// How image resets went since the process started (for tests and benchmarks).
struct ResetStats {
  uint64_t restored = 0;        // resets done by copying written pages back
  uint64_t pages_restored = 0;  // pages copied back
  uint64_t madvised = 0;        // image resets done with madvise
};
ResetStats reset_stats();
// Can this process use the pagemap path (opened and self-tested)?
bool pagemap_reset_available();
// Testing hook: when false, image resets always use madvise (process-wide).
void set_pagemap_reset_enabled_for_testing(bool on);
// Does the pagemap path use the PAGEMAP_SCAN ioctl (Linux 6.7+, self-tested)?
bool pagemap_scan_available();
// Testing hook: when false, the pagemap path reads pagemap entries instead.
void set_pagemap_scan_enabled_for_testing(bool on);

// Testing hook: when true, reserve() fails as if the address space were exhausted
// (process-wide; tests set it and restore it).
void set_reserve_fails_for_testing(bool fail);

}  // namespace skiff::rt::vm
