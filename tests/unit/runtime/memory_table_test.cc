#include <gtest/gtest.h>

#include "runtime/instantiate.h"
#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "runtime/vm_reserve.h"
#include "test_util.h"

namespace skiff::rt {
namespace {

ir::MemoryType mem_type(uint64_t min, std::optional<uint64_t> max, bool is64 = false) {
  ir::MemoryType t;
  t.limits.min = min;
  t.limits.max = max;
  t.limits.is64 = is64;
  return t;
}

void exercise_grow(Memory& m, bool expect_reserved) {
  EXPECT_EQ(m.reserved(), expect_reserved);
  EXPECT_EQ(m.size_pages(), 1u);
  m.data()[65535] = 7;
  EXPECT_EQ(m.grow(0), 1);
  EXPECT_EQ(m.grow(2), 1);
  EXPECT_EQ(m.size_pages(), 3u);
  EXPECT_EQ(m.size_bytes(), 3u * 65536);
  EXPECT_EQ(m.data()[65535], 7);                // kept
  EXPECT_EQ(m.data()[3 * 65536 - 1], 0);        // new pages are zero
  m.data()[3 * 65536 - 1] = 9;
  EXPECT_EQ(m.grow(2), -1);                     // past max 4
  EXPECT_EQ(m.grow(1), 3);
  EXPECT_EQ(m.grow(1), -1);
  EXPECT_EQ(m.size_pages(), 4u);
  EXPECT_EQ(m.data()[3 * 65536 - 1], 9);
  EXPECT_TRUE(m.in_bounds(4 * 65536 - 8, 8));
  EXPECT_FALSE(m.in_bounds(4 * 65536 - 7, 8));
  EXPECT_FALSE(m.in_bounds(UINT64_MAX, 2));
}

TEST(Memory, GrowReserved) {
  auto m = Memory::create(mem_type(1, 4), uint64_t(1) << 32, true);
  ASSERT_TRUE(m.ok());
  exercise_grow(**m, true);
  EXPECT_TRUE((*m)->guarded());
}

TEST(Memory, GrowPlainByConfig) {
  auto m = Memory::create(mem_type(1, 4), uint64_t(1) << 32, false);
  ASSERT_TRUE(m.ok());
  exercise_grow(**m, false);
  EXPECT_FALSE((*m)->guarded());
}

TEST(Memory, ReservationFailureFallsBack) {
  vm::set_reserve_fails_for_testing(true);
  auto m = Memory::create(mem_type(1, 4), uint64_t(1) << 32, true);
  vm::set_reserve_fails_for_testing(false);
  ASSERT_TRUE(m.ok());
  exercise_grow(**m, false);
}

TEST(Memory, StoreFallbackFlag) {
  Engine engine(EngineConfig{.reserve_memory = false});
  Store store(engine);
  auto m = store.create_memory(mem_type(1, 4));
  ASSERT_TRUE(m.ok());
  exercise_grow(**m, false);
}

TEST(Memory, GrowWithoutMax) {
  auto m = Memory::create(mem_type(0, std::nullopt), uint64_t(1) << 32, true);
  ASSERT_TRUE(m.ok());
  Memory& mem = **m;
  EXPECT_EQ(mem.size_bytes(), 0u);
  EXPECT_FALSE(mem.in_bounds(0, 1));
  EXPECT_TRUE(mem.in_bounds(0, 0));
  EXPECT_EQ(mem.grow(1), 0);
  EXPECT_EQ(mem.grow(65536), -1);  // would pass 4 GiB
  EXPECT_EQ(mem.grow(65535), 1);   // exactly 4 GiB: reserved, so nearly free
  EXPECT_EQ(mem.size_pages(), 65536u);
  EXPECT_EQ(mem.grow(1), -1);
  EXPECT_EQ(mem.grow(0), 65536);
}

TEST(Memory, StoreLimitCapsGrow) {
  auto m = Memory::create(mem_type(1, std::nullopt), 4 * 65536, true);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->grow(3), 1);
  EXPECT_EQ((*m)->grow(1), -1);
  EXPECT_FALSE(Memory::create(mem_type(5, std::nullopt), 4 * 65536, true).ok());
}

TEST(Memory, Memory64) {
  auto m = Memory::create(mem_type(1, 3, true), uint64_t(1) << 32, true);
  ASSERT_TRUE(m.ok());
  Memory& mem = **m;
  EXPECT_TRUE(mem.is64());
  EXPECT_FALSE(mem.reserved());  // memory64 always checks explicitly
  EXPECT_EQ(mem.grow(2), 1);
  EXPECT_EQ(mem.grow(1), -1);
  EXPECT_EQ(mem.grow(UINT64_MAX), -1);
  EXPECT_FALSE(mem.in_bounds(uint64_t(1) << 40, 1));
  auto big = Memory::create(mem_type(0, std::nullopt, true), uint64_t(1) << 20, true);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ((*big)->grow(uint64_t(1) << 48), -1);
  EXPECT_EQ((*big)->grow(16), 0);
  EXPECT_EQ((*big)->grow(1), -1);  // store limit 1 MiB
}

TEST(Memory, CustomPageSize) {
  ir::MemoryType t = mem_type(3, 10);
  t.page_size_log2 = 0;
  auto m = Memory::create(t, uint64_t(1) << 32, true);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE((*m)->guarded());
  EXPECT_EQ((*m)->size_bytes(), 3u);
  EXPECT_EQ((*m)->grow(7), 3);
  EXPECT_EQ((*m)->grow(1), -1);
}

TEST(Memory, FillCopyBounds) {
  auto m = Memory::create(mem_type(1, 1), uint64_t(1) << 32, true);
  ASSERT_TRUE(m.ok());
  Memory& mem = **m;
  EXPECT_EQ(mem.fill(10, 0xAB, 4), sem::TrapKind::None);
  EXPECT_EQ(mem.copy(12, mem, 10, 4), sem::TrapKind::None);  // overlapping
  EXPECT_EQ(mem.data()[15], 0xAB);
  EXPECT_EQ(mem.data()[16], 0);
  EXPECT_EQ(mem.data()[13], 0xAB);
  EXPECT_EQ(mem.fill(65536, 1, 0), sem::TrapKind::None);
  EXPECT_EQ(mem.fill(65537, 1, 0), sem::TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(mem.fill(65530, 1, 7), sem::TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(mem.data()[65535], 0);  // nothing written on a trap
  EXPECT_EQ(mem.copy(0, mem, 65530, 7), sem::TrapKind::MemoryOutOfBounds);
}

ir::TableType table_type(uint64_t min, std::optional<uint64_t> max, bool is64 = false) {
  ir::TableType t;
  t.elem = ir::funcref();
  t.limits.min = min;
  t.limits.max = max;
  t.limits.is64 = is64;
  return t;
}

TEST(Table, GrowFillCopyInit) {
  Engine engine;
  Store store(engine);
  Func* f = store.create_host_func(ir::FuncType{}, [](Caller&, auto, auto) -> std::optional<Trap> {
    return std::nullopt;
  });
  Func* g = store.create_host_func(ir::FuncType{}, [](Caller&, auto, auto) -> std::optional<Trap> {
    return std::nullopt;
  });
  const Ref rf = Ref::from_func(f), rg = Ref::from_func(g);
  auto tr = store.create_table(table_type(2, 5), rf);
  ASSERT_TRUE(tr.ok());
  Table& t = **tr;
  Ref x;
  EXPECT_EQ(t.get(1, x), sem::TrapKind::None);
  EXPECT_EQ(x, rf);
  EXPECT_EQ(t.grow(2, rg), 2);
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(t.get(3, x), sem::TrapKind::None);
  EXPECT_EQ(x, rg);
  EXPECT_EQ(t.grow(2, rg), -1);
  EXPECT_EQ(t.grow(1, Ref::null()), 4);
  EXPECT_EQ(t.grow(0, Ref::null()), 5);
  // fill
  EXPECT_EQ(t.fill(0, Ref::null(), 2), sem::TrapKind::None);
  EXPECT_EQ(t.fill(5, rf, 0), sem::TrapKind::None);
  EXPECT_EQ(t.fill(4, rf, 2), sem::TrapKind::TableOutOfBounds);
  EXPECT_EQ(t.get(4, x), sem::TrapKind::None);
  EXPECT_TRUE(x.is_null());  // nothing written on a trap
  // now: [null, null, rg, rg, null]; overlapping copy forwards and backwards
  EXPECT_EQ(Table::copy(t, 0, t, 2, 3), sem::TrapKind::None);  // [rg, rg, null, rg, null]
  EXPECT_EQ(t.get(0, x), sem::TrapKind::None);
  EXPECT_EQ(x, rg);
  EXPECT_EQ(t.get(2, x), sem::TrapKind::None);
  EXPECT_TRUE(x.is_null());
  EXPECT_EQ(Table::copy(t, 1, t, 0, 4), sem::TrapKind::None);  // [rg, rg, rg, null, rg]
  EXPECT_EQ(t.get(4, x), sem::TrapKind::None);
  EXPECT_EQ(x, rg);
  EXPECT_EQ(t.get(3, x), sem::TrapKind::None);
  EXPECT_TRUE(x.is_null());
  EXPECT_EQ(Table::copy(t, 5, t, 0, 0), sem::TrapKind::None);
  EXPECT_EQ(Table::copy(t, 0, t, 6, 0), sem::TrapKind::TableOutOfBounds);
  EXPECT_EQ(Table::copy(t, 3, t, 0, 3), sem::TrapKind::TableOutOfBounds);
  // init
  std::vector<Ref> seg = {rf, rf, rf};
  EXPECT_EQ(t.init(3, seg, 1, 2), sem::TrapKind::None);
  EXPECT_EQ(t.get(3, x), sem::TrapKind::None);
  EXPECT_EQ(x, rf);
  EXPECT_EQ(t.init(3, seg, 2, 2), sem::TrapKind::TableOutOfBounds);
  EXPECT_EQ(t.init(5, seg, 3, 0), sem::TrapKind::None);
  EXPECT_EQ(t.set(5, rf), sem::TrapKind::TableOutOfBounds);
}

TEST(Table, Table64AndStoreLimit) {
  Engine engine;
  Store store(engine);
  store.limits.max_table_elements = 100;
  auto t = store.create_table(table_type(1, std::nullopt, true));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE((*t)->is64());
  EXPECT_EQ((*t)->grow(uint64_t(1) << 40, Ref::null()), -1);
  EXPECT_EQ((*t)->grow(99, Ref::null()), 1);
  EXPECT_EQ((*t)->grow(1, Ref::null()), -1);
  EXPECT_FALSE(store.create_table(table_type(101, std::nullopt)).ok());
}

TEST(Table, ExternrefTableFromWat) {
  Engine engine;
  Store store(engine);
  auto cm = testing::compile_wat(R"((module (table (export "t") 2 8 externref)))");
  ASSERT_TRUE(cm);
  auto in = instantiate(store, cm, {});
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  Table* t = (*in)->export_table("t");
  EXPECT_EQ(t->elem_type(), ir::externref());
  Ref e = store.make_extern(42);
  EXPECT_EQ(t->grow(3, e), 2);
  Ref x;
  EXPECT_EQ(t->get(4, x), sem::TrapKind::None);
  EXPECT_EQ(x.as_extern()->value, 42u);
}

TEST(Memory, MultiMemoryInstance) {
  Engine engine;
  Store store(engine);
  auto cm = testing::compile_wat(R"((module
    (memory $a (export "a") 1)
    (memory $b (export "b") i64 2 3)
    (data (memory $b) (i64.const 70000) "xy")
  ))");
  ASSERT_TRUE(cm);
  auto in = instantiate(store, cm, {});
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  Memory* b = (*in)->export_memory("b");
  EXPECT_TRUE(b->is64());
  EXPECT_EQ(b->data()[70001], 'y');
  EXPECT_EQ((*in)->export_memory("a")->data()[0], 0);
  EXPECT_EQ(b->grow(1), 2);
}

}  // namespace
}  // namespace skiff::rt
