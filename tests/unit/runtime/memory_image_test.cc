// Memory images (copy-on-write initial contents), pooled-reservation reset, and
// memory layouts smaller than the 4 GiB + guard default.
#include "runtime/memory_image.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "runtime/instantiate.h"
#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/vm_reserve.h"
#include "test_util.h"

namespace skiff::rt {
namespace {

using testing::compile_wat;

// A WAT string literal of `n` bytes: byte i is (i * mul + add) & 0xff.
std::string bytes_lit(size_t n, unsigned mul, unsigned add) {
  std::string s;
  s.reserve(n * 3);
  char buf[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "\\%02x", unsigned((i * mul + add) & 0xff));
    s += buf;
  }
  return s;
}

// Module A: 2 pages, 20,000 bytes at 100 and 30,000 at 70,000 (imaged).
std::string module_a() {
  return "(module (memory (export \"m\") 2) (data (i32.const 100) \"" + bytes_lit(20000, 7, 1) +
         "\") (data (i32.const 70000) \"" + bytes_lit(30000, 13, 5) + "\"))";
}
// Module B: 3 pages, 40,000 bytes at 4096, and a later segment overlapping it.
std::string module_b() {
  return "(module (memory (export \"m\") 3) (data (i32.const 4096) \"" + bytes_lit(40000, 3, 9) +
         "\") (data (i32.const 5000) \"" + bytes_lit(100, 1, 200) + "\"))";
}

// What memory `m` of a fresh instance must hold: the segments, zeros elsewhere.
std::vector<uint8_t> expected(const CompiledModule& cm) {
  const ir::Module& m = cm.module;
  std::vector<uint8_t> mem(size_t(m.memories[0].limits.min) << 16, 0);
  for (const ir::DataSegment& seg : m.datas) {
    uint32_t off = 0;
    EXPECT_TRUE(const_i32_offset(seg.offset, &off));
    std::memcpy(mem.data() + off, seg.bytes.data(), seg.bytes.size());
  }
  return mem;
}

void expect_memory(Memory* mem, const std::vector<uint8_t>& want) {
  ASSERT_EQ(mem->size_bytes(), want.size());
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < want.size(); ++i)
    if (mem->data()[i] != want[i] && bad++ == 0) first = i;
  EXPECT_EQ(bad, 0u) << "first difference at byte " << first;
}

TEST(ConstOffset, Forms) {
  uint32_t v = 1;
  EXPECT_TRUE(const_i32_offset(ir::Expr{{0x41, 0x00, 0x0B}}, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(const_i32_offset(ir::Expr{{0x41, 0xE4, 0x00, 0x0B}}, &v));  // 100
  EXPECT_EQ(v, 100u);
  EXPECT_TRUE(const_i32_offset(ir::Expr{{0x41, 0x7F, 0x0B}}, &v));  // -1
  EXPECT_EQ(v, 0xFFFFFFFFu);
  EXPECT_TRUE(const_i32_offset(ir::Expr{{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x0B}}, &v));
  EXPECT_EQ(v, 0x7FFFFFFFu);
  EXPECT_FALSE(const_i32_offset(ir::Expr{{0x23, 0x00, 0x0B}}, &v));                    // global.get
  EXPECT_FALSE(const_i32_offset(ir::Expr{{0x41, 0x01, 0x41, 0x01, 0x6A, 0x0B}}, &v));  // i32.add
  EXPECT_FALSE(const_i32_offset(ir::Expr{{0x41, 0x0B}}, &v));
}

TEST(MemoryImage, BuiltOnlyWhenUsable) {
  auto a = compile_wat(module_a());
  ASSERT_TRUE(a);
  const MemoryImage* img = a->images.get(a->module, 0);
  ASSERT_NE(img, nullptr);
  EXPECT_EQ(img->len % vm::page_size(), 0u);
  EXPECT_GE(img->len, 100000u);
  EXPECT_LE(img->len, 2u * 65536);
  EXPECT_EQ(a->images.get(a->module, 0), img);  // cached

  // Too little data, an offset from a global, a segment out of bounds, memory64.
  auto small = compile_wat("(module (memory 1) (data (i32.const 0) \"abc\"))");
  auto global =
      compile_wat("(module (global i32 (i32.const 0)) (memory 1) (data (global.get 0) \"" +
                  bytes_lit(20000, 1, 0) + "\"))");
  auto oob = compile_wat("(module (memory 1) (data (i32.const 60000) \"" + bytes_lit(20000, 1, 0) +
                         "\"))");
  auto m64 = compile_wat("(module (memory i64 1) (data (i64.const 0) \"" + bytes_lit(20000, 1, 0) +
                         "\"))");
  for (const auto& cm : {small, global, oob, m64}) {
    ASSERT_TRUE(cm);
    EXPECT_EQ(cm->images.get(cm->module, 0), nullptr);
  }
}

// Instance 1 scribbles over all of its memory and is dropped; the next instances
// (same module, then another module, then the first again) see exactly their
// data segments and zeros, whichever pooled reservation they get.
TEST(MemoryImage, ReusedReservationNeverLeaks) {
  auto a = compile_wat(module_a());
  auto b = compile_wat(module_b());
  ASSERT_TRUE(a && b);
  const std::vector<uint8_t> want_a = expected(*a), want_b = expected(*b);
  Engine engine;
  const std::shared_ptr<const CompiledModule> order[] = {a, a, b, a, b, b, a};
  for (int round = 0; round < 7; ++round) {
    const auto& cm = order[round];
    Store store(engine);
    auto inst = instantiate(store, cm, {});
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    Memory* mem = (*inst)->memories[0];
    EXPECT_TRUE(mem->image_mapped());
    expect_memory(mem, cm == a ? want_a : want_b);
    // Scribble everywhere; every other round grow too (the grown page must not
    // survive either, and the release then takes the all-madvise path).
    std::memset(mem->data(), 0xA5 + round, size_t(mem->size_bytes()));
    if (round % 2) {
      ASSERT_GE(mem->grow(1), 0);
      std::memset(mem->data(), 0x5A, size_t(mem->size_bytes()));
    }
  }
}

// Module C: 4 pages, 150,000 bytes of data from 1,000 (spans 37 OS pages of 4 KiB).
std::string module_c() {
  return "(module (memory (export \"m\") 4) (data (i32.const 1000) \"" + bytes_lit(150000, 11, 3) +
         "\"))";
}

// Runs `rounds` instances of `cm` in fresh stores, calling `use` on each memory
// after checking that it holds exactly the module's segments and zeros.
template <typename F>
void cycle(const std::shared_ptr<const CompiledModule>& cm, int rounds, F use) {
  const std::vector<uint8_t> want = expected(*cm);
  Engine engine;
  for (int round = 0; round < rounds; ++round) {
    Store store(engine);
    auto inst = instantiate(store, cm, {});
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    Memory* mem = (*inst)->memories[0];
    EXPECT_TRUE(mem->image_mapped());
    expect_memory(mem, want);
    use(mem, round);
  }
}

// Writes a few image pages (a byte here and there, one page whole), reads others,
// and writes the anonymous pages after the image.
void few_writes(Memory* mem, int round) {
  const size_t ps = vm::page_size();
  uint8_t* d = mem->data();
  volatile uint8_t sink = 0;
  for (size_t off = 0; off < 150000; off += 3 * ps) sink = sink + d[off];  // read only
  d[1000] ^= 0xFF;
  d[5 * ps + 17] = uint8_t(round + 1);
  std::memset(d + 9 * ps, 0x77, ps);
  d[150999] = 0xEE;  // last data byte
  d[151000] = 0xDD;  // first zero after the data, same page
  std::memset(d + 40 * ps, 0x33, size_t(mem->size_bytes()) - 40 * ps);  // past the image: anonymous
  d[0] = 0x11;
}

TEST(MemoryImage, FewWrittenPagesAreRestored) {
  // (a) An instance writes a few image pages and reads others; the next ones see
  // pristine bytes everywhere. Where pagemap is usable the reset copies the
  // written pages back (no madvise).
  // Both ways of asking pagemap: the PAGEMAP_SCAN ioctl (where the kernel has
  // it) and reading the entries.
  for (bool scan : {true, false}) {
    SCOPED_TRACE(scan ? "PAGEMAP_SCAN" : "pagemap entries");
    auto c = compile_wat(module_c());
    ASSERT_TRUE(c);
    vm::set_pagemap_scan_enabled_for_testing(scan);
    const vm::ResetStats before = vm::reset_stats();
    cycle(c, 6, few_writes);
    const vm::ResetStats after = vm::reset_stats();
    vm::set_pagemap_scan_enabled_for_testing(true);
    GTEST_LOG_(INFO) << (scan && vm::pagemap_scan_available() ? "PAGEMAP_SCAN: " : "entries: ")
                     << "resets by copying: " << after.restored - before.restored << " ("
                     << after.pages_restored - before.pages_restored
                     << " pages), by madvise: " << after.madvised - before.madvised;
    if (vm::pagemap_reset_available()) {
      EXPECT_GE(after.restored - before.restored, 5u);
      EXPECT_GE(after.pages_restored - before.pages_restored, 5u * 4);
      EXPECT_EQ(after.madvised, before.madvised);
    } else {
      GTEST_LOG_(INFO) << "pagemap unavailable: only the madvise path is tested";
    }
  }
}

TEST(MemoryImage, ManyWrittenPagesAreMadvised) {
  // (b) An instance writes every image page: more than kMaxRestorePages, so the
  // reset takes the madvise path; then alternate with few writes (a reservation
  // restored by copying, then written all over, then restored again...).
  // Module D: 6 pages, 300,000 bytes of data from 0 (74 OS pages of 4 KiB).
  auto c = compile_wat("(module (memory (export \"m\") 6) (data (i32.const 0) \"" +
                       bytes_lit(300000, 5, 7) + "\"))");
  ASSERT_TRUE(c);
  const size_t ps = vm::page_size();
  const size_t pages = c->images.get(c->module, 0)->len / ps;
  ASSERT_GT(pages, vm::kMaxRestorePages);
  for (bool scan : {true, false}) {
    SCOPED_TRACE(scan ? "PAGEMAP_SCAN" : "pagemap entries");
    vm::set_pagemap_scan_enabled_for_testing(scan);
    const vm::ResetStats before = vm::reset_stats();
    cycle(c, 6, [&](Memory* mem, int round) {
      if (round % 2) {
        // A few image pages, and the anonymous pages after the image.
        for (size_t p : {size_t(0), size_t(3), size_t(50), pages - 1})
          mem->data()[p * ps + 11] ^= 0x3C;
        std::memset(mem->data() + pages * ps, 0x99, size_t(mem->size_bytes()) - pages * ps);
        return;
      }
      // One byte of every page, then everything.
      for (size_t p = 0; p < pages; ++p) mem->data()[p * ps + 7] ^= 0x5A;
      std::memset(mem->data(), 0xC0 + round, size_t(mem->size_bytes()));
    });
    const vm::ResetStats after = vm::reset_stats();
    if (vm::pagemap_reset_available()) {
      EXPECT_EQ(after.madvised - before.madvised, 3u);  // rounds 0, 2, 4
      EXPECT_EQ(after.restored - before.restored, 3u);  // rounds 1, 3, 5
    } else {
      EXPECT_EQ(after.madvised - before.madvised, 6u);
    }
    vm::set_pagemap_scan_enabled_for_testing(true);
  }
}

TEST(MemoryImage, PagemapDisabledGivesTheSameBytes) {
  // (c) With the pagemap path off every reset is madvise; the bytes are the same.
  auto c = compile_wat(module_c());
  ASSERT_TRUE(c);
  vm::set_pagemap_reset_enabled_for_testing(false);
  const vm::ResetStats before = vm::reset_stats();
  cycle(c, 4, few_writes);
  const vm::ResetStats after = vm::reset_stats();
  vm::set_pagemap_reset_enabled_for_testing(true);
  EXPECT_EQ(after.restored, before.restored);
  EXPECT_GE(after.madvised - before.madvised, 4u);
  // And back on, still right (the pooled reservations were reset by madvise).
  cycle(c, 3, few_writes);
}

TEST(MemoryImage, RestoredThenOtherModule) {
  // A reservation restored by copying goes to another module (its image is
  // replaced) and back: no byte crosses.
  auto a = compile_wat(module_a());
  auto c = compile_wat(module_c());
  ASSERT_TRUE(a && c);
  for (int i = 0; i < 3; ++i) {
    cycle(c, 2, few_writes);
    cycle(a, 2,
          [](Memory* mem, int round) { std::memset(mem->data() + 4096, 0x42 + round, 8192); });
  }
}

TEST(MemoryImage, ForkChildReopensPagemap) {
  // The parent's pagemap fd reads the parent's page tables: a fork child must not
  // use it (it reopens its own). The child checks its bytes itself and exits 0.
  auto c = compile_wat(module_c());
  ASSERT_TRUE(c);
  cycle(c, 2, few_writes);  // the parent has opened pagemap (when available)
  const std::vector<uint8_t> want = expected(*c);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int bad = 0;
    const vm::ResetStats before = vm::reset_stats();
    {
      Engine engine;
      for (int round = 0; round < 4; ++round) {
        Store store(engine);
        auto inst = instantiate(store, c, {});
        if (!inst.ok()) _exit(2);
        Memory* mem = (*inst)->memories[0];
        if (mem->size_bytes() != want.size() ||
            std::memcmp(mem->data(), want.data(), want.size()) != 0)
          ++bad;
        // Pages the parent never wrote (its page tables would not show them).
        mem->data()[(20 + 3 * round) * vm::page_size() + 100] ^= 0xFF;
      }
    }
    const vm::ResetStats after = vm::reset_stats();
    if (vm::pagemap_reset_available() && after.restored - before.restored < 3) _exit(3);
    _exit(bad ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  cycle(c, 2, few_writes);  // and the parent still restores correctly
}

TEST(MemoryImage, SameContentsWithoutImages) {
  // A copied instance (no reservation) and an imaged one agree byte for byte.
  auto a = compile_wat(module_a());
  ASSERT_TRUE(a);
  EngineConfig plain;
  plain.reserve_memory = false;
  Engine e1, e2(plain);
  Store s1(e1), s2(e2);
  auto i1 = instantiate(s1, a, {});
  auto i2 = instantiate(s2, a, {});
  ASSERT_TRUE(i1.ok() && i2.ok());
  EXPECT_TRUE((*i1)->memories[0]->image_mapped());
  EXPECT_FALSE((*i2)->memories[0]->image_mapped());
  ASSERT_EQ((*i1)->memories[0]->size_bytes(), (*i2)->memories[0]->size_bytes());
  EXPECT_EQ(std::memcmp((*i1)->memories[0]->data(), (*i2)->memories[0]->data(),
                        size_t((*i1)->memories[0]->size_bytes())),
            0);
  // Active segments are dropped either way: memory.init of them traps (n > 0).
  EXPECT_TRUE((*i1)->datas[0].dropped);
  EXPECT_TRUE((*i2)->datas[0].dropped);
}

TEST(MemoryImage, OutOfBoundsSegmentStillTraps) {
  // Not imaged: the first segment is written, the second traps, as the spec says.
  auto cm = compile_wat("(module (memory 1) (data (i32.const 0) \"" + bytes_lit(20000, 1, 0) +
                        "\") (data (i32.const 65530) \"0123456789\"))");
  ASSERT_TRUE(cm);
  Engine engine;
  Store store(engine);
  InstantiateInfo info;
  auto inst = instantiate(store, cm, {}, &info);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(info.failure, InstantiateFailure::Trap);
  EXPECT_NE(inst.error().message.find("out of bounds memory access"), std::string::npos)
      << inst.error().message;
}

ir::MemoryType page_mem(uint64_t min, std::optional<uint64_t> max) {
  ir::MemoryType t;
  t.limits.min = min;
  t.limits.max = max;
  return t;
}

TEST(MemoryLayout, DefaultIsGuarded) {
  auto m = Memory::create(page_mem(1, std::nullopt), uint64_t(1) << 32, MemoryLayout{});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE((*m)->reserved());
  EXPECT_TRUE((*m)->guarded());
  MemoryLayout small_guard;
  small_guard.guard = 65536;
  auto g = Memory::create(page_mem(1, std::nullopt), uint64_t(1) << 32, small_guard);
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE((*g)->reserved());
  EXPECT_FALSE((*g)->guarded());
}

TEST(MemoryLayout, ZeroReservationIsPlain) {
  MemoryLayout none;
  none.reservation = 0;
  auto m = Memory::create(page_mem(1, 8), uint64_t(1) << 32, none);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE((*m)->reserved());
  EXPECT_FALSE((*m)->guarded());
  Memory& mem = **m;
  mem.data()[65535] = 42;
  for (uint64_t pages = 1; pages < 8; ++pages) {
    ASSERT_EQ(mem.grow(1), int64_t(pages));
    const uint64_t end = (pages + 1) << 16;
    EXPECT_EQ(mem.data()[65535], 42);
    EXPECT_EQ(mem.data()[end - 1], 0);
    EXPECT_TRUE(mem.in_bounds(end - 4, 4));
    EXPECT_FALSE(mem.in_bounds(end - 3, 4));
    EXPECT_FALSE(mem.in_bounds(end, 1));
    mem.data()[end - 1] = uint8_t(pages);
  }
  EXPECT_EQ(mem.grow(1), -1);
  for (uint64_t pages = 1; pages < 8; ++pages)
    EXPECT_EQ(mem.data()[((pages + 1) << 16) - 1], pages);
}

TEST(MemoryLayout, SmallReservationGrowsInPlaceThenMoves) {
  MemoryLayout small;
  small.reservation = 2 * 65536;
  small.guard = 65536;
  auto m = Memory::create(page_mem(1, std::nullopt), uint64_t(1) << 32, small);
  ASSERT_TRUE(m.ok());
  Memory& mem = **m;
  EXPECT_TRUE(mem.reserved());
  EXPECT_FALSE(mem.guarded());
  uint8_t* before = mem.data();
  mem.data()[0] = 1;
  mem.data()[65535] = 2;
  ASSERT_EQ(mem.grow(1), 1);  // fits: in place
  EXPECT_EQ(mem.data(), before);
  EXPECT_TRUE(mem.reserved());
  mem.data()[2 * 65536 - 1] = 3;
  ASSERT_EQ(mem.grow(3), 2);  // past the reservation: moves
  EXPECT_FALSE(mem.reserved());
  EXPECT_EQ(mem.size_pages(), 5u);
  EXPECT_EQ(mem.data()[0], 1);
  EXPECT_EQ(mem.data()[65535], 2);
  EXPECT_EQ(mem.data()[2 * 65536 - 1], 3);
  for (size_t i = 2 * 65536; i < 5 * 65536; ++i) ASSERT_EQ(mem.data()[i], 0) << i;
  EXPECT_TRUE(mem.in_bounds(5 * 65536 - 1, 1));
  EXPECT_FALSE(mem.in_bounds(5 * 65536, 1));
  ASSERT_EQ(mem.grow(100), 5);  // and on (realloc)
  EXPECT_EQ(mem.data()[2 * 65536 - 1], 3);
  EXPECT_EQ(mem.data()[105 * 65536 - 1], 0);
  // An initial size past the reservation is plain from the start.
  auto big = Memory::create(page_mem(3, std::nullopt), uint64_t(1) << 32, small);
  ASSERT_TRUE(big.ok());
  EXPECT_FALSE((*big)->reserved());
}

TEST(MemoryLayout, ReservationFailureFallsBackToChecked) {
  vm::set_reserve_fails_for_testing(true);
  auto m = Memory::create(page_mem(1, std::nullopt), uint64_t(1) << 32, MemoryLayout{});
  vm::set_reserve_fails_for_testing(false);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE((*m)->reserved());
  EXPECT_FALSE((*m)->guarded());
  EXPECT_EQ((*m)->grow(1), 1);
}

}  // namespace
}  // namespace skiff::rt
