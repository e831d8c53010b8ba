// Embedding Skiff from C++: the tour of include/skiff/skiff.hpp.
//
//   embed [embed.wat]
//
// Compiles embed.wat (from the current directory, or the path given), links three host
// functions written as lambdas (one reads a string from the caller's memory, one returns
// a value, one traps), instantiates, calls exports through typed views, moves bytes in
// and out of linear memory, catches a wasm trap with its backtrace, and stops an endless
// loop with fuel. Every result is checked: a failed check is reported on stderr and the
// program exits with status 1 (0 when everything went as expected). The output is
// deterministic; embed.expected holds it.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <skiff/skiff.hpp>

namespace {

int failures = 0;

// Records a failed check (on stderr, so that stdout stays the expected transcript).
bool check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "check failed: %s\n", what.c_str());
    ++failures;
  }
  return ok;
}

// Prints a trap as embed.expected shows it: reason message, then one line per frame.
void print_trap(const skiff::Trap& trap) {
  std::printf("    trap: %s\n", trap.message().c_str());
  for (const skiff::TrapFrame& frame : trap.backtrace())
    std::printf("      at func[%u] %s\n", frame.func_index,
                frame.func_name.empty() ? "<unnamed>" : frame.func_name.c_str());
}

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The export `name` of `instance` as a function of C++ signature Sig (checked here,
// once; the calls then take and return plain C++ values).
template <class Sig>
std::optional<skiff::TypedFunc<Sig>> typed_export(const skiff::Instance& instance, const char* name) {
  std::optional<skiff::Func> func = instance.func(name);
  if (!check(func.has_value(), std::string("export ") + name)) return std::nullopt;
  skiff::Result<skiff::TypedFunc<Sig>> typed = func->typed<Sig>();
  if (!check(typed.ok(), std::string("the signature of ") + name)) return std::nullopt;
  return *typed;
}

// The integer square root of a non-negative x.
int32_t isqrt(int32_t x) {
  int32_t r = 0;
  while (int64_t(r + 1) * (r + 1) <= x) ++r;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "embed.wat";

  // 1. An engine (shared configuration) and a module compiled from the text file. A
  //    Module is immutable: one compilation serves every store below.
  skiff::Engine engine;
  skiff::Result<skiff::Module> compiled = skiff::Module::from_file(engine, path);
  if (!compiled) {
    std::fprintf(stderr, "cannot compile %s: %s\n", path.c_str(), compiled.error().to_string().c_str());
    return 1;
  }
  const skiff::Module& module = *compiled;
  std::printf("== module\n");
  std::printf("  name: %s\n", module.name().c_str());
  for (const skiff::ImportType& import : module.imports())
    std::printf("  import %s.%s: %s\n", import.module.c_str(), import.name.c_str(),
                import.type.func.to_string().c_str());
  size_t func_exports = 0;
  for (const skiff::ExportType& exp : module.exports())
    if (exp.type.kind == skiff::ExternKind::Func) ++func_exports;
  std::printf("  exports: %zu functions\n", func_exports);
  check(module.name() == "embed", "the name section names the module \"embed\"");
  check(module.imports().size() == 3, "three imports");

  // A module with an error is an Error value with its place: a line:column for text
  // that does not parse, the function for code that does not validate.
  skiff::Result<skiff::Module> unparsable =
      skiff::Module::compile_text(engine, "(module\n  (func (result i32) (i32.bogus)))");
  if (check(!unparsable.ok() && unparsable.error().line == 2 && unparsable.error().column == 23,
            "an unknown instruction is reported at 2:23"))
    std::printf("  unparsable module rejected at %u:%u\n", unparsable.error().line, unparsable.error().column);
  skiff::Result<skiff::Module> invalid =
      skiff::Module::compile_text(engine, "(module\n  (func (result i32) (i64.const 1)))");
  if (check(!invalid.ok() && invalid.error().func_index == 0, "an i64 returned as an i32 is reported in func 0"))
    std::printf("  invalid module rejected in func %lld\n", (long long)invalid.error().func_index);

  // 2. Host functions, from lambdas; the Linker deduces their wasm types.
  skiff::Linker linker(engine);
  std::vector<std::string> logged;
  // host.log(ptr, len): reads the string from the memory of the calling instance.
  skiff::Status defined = linker.func("host", "log",
              [&logged](skiff::Caller& caller, int32_t ptr, int32_t len) -> skiff::Result<void, skiff::Trap> {
                std::optional<skiff::Memory> memory = caller.memory();
                if (!memory) return skiff::Trap("host.log: the caller has no memory");
                // view() checks the bounds: wasm passes any numbers it likes.
                skiff::Result<std::span<uint8_t>> bytes = memory->view(uint32_t(ptr), uint32_t(len));
                if (!bytes) return skiff::Trap("host.log: string outside the caller's memory");
                std::string text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
                std::printf("  host.log: \"%s\"\n", text.c_str());
                logged.push_back(text);
                return {};
              });
  // host.next_id() -> i32: returns a value; the counter lives in the host.
  int32_t next_id = 1;
  if (defined) defined = linker.func("host", "next_id", [&next_id]() -> int32_t { return next_id++; });
  // host.checked_sqrt(i32) -> i32: traps (returns a Trap) for a negative input.
  if (defined) defined = linker.func("host", "checked_sqrt", [](int32_t x) -> skiff::Result<int32_t, skiff::Trap> {
    if (x < 0) return skiff::Trap("checked_sqrt: negative input " + std::to_string(x));
    return isqrt(x);
  });

  // Defining a name twice is an Error (Linker::allow_shadowing permits it).
  if (!defined) {
    std::fprintf(stderr, "cannot define the host functions: %s\n", defined.error().to_string().c_str());
    return 1;
  }

  // 3. A store (owns instances and their memories) and the instance.
  skiff::Store store(engine);
  skiff::Result<skiff::Instance, skiff::InstantiateError> instantiated = linker.instantiate(store, module);
  if (!instantiated) {
    std::fprintf(stderr, "cannot instantiate: %s\n", instantiated.error().error.to_string().c_str());
    return 1;
  }
  skiff::Instance instance = *instantiated;

  // Typed views of the exports: the signature is checked once, here, and the calls
  // take and return plain C++ values (Result<T, Trap>).
  auto greet = typed_export<void()>(instance, "greet");
  auto add = typed_export<int32_t(int32_t, int32_t)>(instance, "add");
  auto fib = typed_export<int32_t(int32_t)>(instance, "fib");
  auto two_ids = typed_export<int32_t()>(instance, "two_ids");
  auto sqrt_plus_one = typed_export<int32_t(int32_t)>(instance, "sqrt_plus_one");
  auto sum_bytes = typed_export<int32_t(int32_t, int32_t)>(instance, "sum_bytes");
  auto upcase = typed_export<void(int32_t, int32_t)>(instance, "upcase");
  auto average = typed_export<int32_t(int32_t, int32_t)>(instance, "average");
  std::optional<skiff::Memory> memory = instance.memory("memory");
  check(memory.has_value(), "export memory");
  if (!greet || !add || !fib || !two_ids || !sqrt_plus_one || !sum_bytes || !upcase || !average || !memory)
    return 1;

  // A signature that does not match is an Error, not a crash.
  skiff::Result<skiff::TypedFunc<int64_t(int32_t)>> wrong = fib->func().typed<int64_t(int32_t)>();
  if (check(!wrong.ok(), "fib is no (i32) -> (i64)"))
    std::printf("  fib as int64_t(int32_t): rejected\n");

  // 4. Calls.
  std::printf("== calls\n");
  skiff::Result<void, skiff::Trap> greeted = greet->call();
  check(greeted.ok(), "greet returns");
  check(logged.size() == 1 && logged[0] == "Hello from wasm!", "host.log got the greeting");

  skiff::Result<int32_t, skiff::Trap> sum = add->call(40, 2);
  if (check(sum.ok() && *sum == 42, "add(40, 2) == 42")) std::printf("  add(40, 2) = %d\n", *sum);
  skiff::Result<int32_t, skiff::Trap> wrapped = (*add)(INT32_MAX, 1);
  if (check(wrapped.ok() && *wrapped == INT32_MIN, "add wraps around"))
    std::printf("  add(2147483647, 1) = %d\n", *wrapped);
  skiff::Result<int32_t, skiff::Trap> f20 = fib->call(20);
  if (check(f20.ok() && *f20 == 6765, "fib(20) == 6765")) std::printf("  fib(20) = %d\n", *f20);
  skiff::Result<int32_t, skiff::Trap> ids = two_ids->call();
  if (check(ids.ok() && *ids == 102 && next_id == 3, "two_ids() == 102 (ids 1 and 2)"))
    std::printf("  two_ids() = %d (host ids 1 and 2)\n", *ids);
  skiff::Result<int32_t, skiff::Trap> root = sqrt_plus_one->call(144);
  if (check(root.ok() && *root == 13, "sqrt_plus_one(144) == 13"))
    std::printf("  sqrt_plus_one(144) = %d\n", *root);

  // 5. Linear memory from the host: write bytes, let wasm work on them, read back.
  std::printf("== memory\n");
  std::printf("  size: %llu bytes (%llu page)\n", (unsigned long long)memory->size(),
              (unsigned long long)memory->pages());
  check(memory->size() == 65536 && memory->pages() == 1, "one page of memory");
  const std::string_view text = "the quick brown fox";
  const int32_t at = 1024;
  check(memory->write(at, bytes_of(text)).ok(), "write the text at 1024");
  int32_t expected_sum = 0;
  for (char c : text) expected_sum += uint8_t(c);
  skiff::Result<int32_t, skiff::Trap> byte_sum = sum_bytes->call(at, int32_t(text.size()));
  if (check(byte_sum.ok() && *byte_sum == expected_sum, "sum_bytes sees what the host wrote"))
    std::printf("  sum_bytes(1024, %zu) = %d\n", text.size(), *byte_sum);
  check(upcase->call(at, int32_t(text.size())).ok(), "upcase returns");
  std::vector<uint8_t> back(text.size());
  check(memory->read(at, back).ok(), "read the text back");
  std::string upper(back.begin(), back.end());
  if (check(upper == "THE QUICK BROWN FOX", "upcase changed the memory in place"))
    std::printf("  read after upcase: \"%s\"\n", upper.c_str());
  // view(): the bytes in place, without a copy (valid until the memory grows).
  skiff::Result<std::span<uint8_t>> word = memory->view(at + 4, 5);
  if (check(word.ok(), "view of 5 bytes at 1028")) {
    std::string_view seen(reinterpret_cast<const char*>(word->data()), word->size());
    if (check(seen == "QUICK", "the view shows QUICK")) std::printf("  view(1028, 5): \"QUICK\"\n");
    (*word)[0] = 'q';  // writes through the view are visible to wasm
    skiff::Result<int32_t, skiff::Trap> one = sum_bytes->call(at + 4, 1);
    if (check(one.ok() && *one == 'q', "wasm sees a write through the view"))
      std::printf("  after writing 'q' through the view, wasm reads %d\n", *one);
  }
  // Accesses past the end are Errors, never a write out of bounds.
  uint8_t four[4] = {1, 2, 3, 4};
  bool write_refused = !memory->write(memory->size() - 2, four).ok();
  bool view_refused = !memory->view(memory->size(), 1).ok();
  if (check(write_refused && view_refused, "writes and views past the end are refused"))
    std::printf("  write/view past the end: refused\n");
  skiff::Result<uint64_t> grown = memory->grow(1);
  if (check(grown.ok() && *grown == 1 && memory->pages() == 2, "grow by one page"))
    std::printf("  grow(1): was %llu page, now %llu\n", (unsigned long long)*grown,
                (unsigned long long)memory->pages());

  // 6. Traps: a wasm trap (with its backtrace) and a trap raised by a host function.
  std::printf("== traps\n");
  skiff::Result<int32_t, skiff::Trap> avg = average->call(10, 2);
  if (check(avg.ok() && *avg == 5, "average(10, 2) == 5")) std::printf("  average(10, 2) = %d\n", *avg);
  skiff::Result<int32_t, skiff::Trap> div0 = average->call(10, 0);
  if (check(!div0.ok(), "average(10, 0) traps")) {
    const skiff::Trap& trap = div0.error();
    std::printf("  average(10, 0):\n");
    print_trap(trap);
    check(trap.reason() == skiff::TrapReason::IntDivByZero, "the reason is IntDivByZero");
    check(trap.backtrace().size() == 3, "three frames: divide, mean, average");
    check(!trap.backtrace().empty() && trap.backtrace().front().func_name == "divide",
          "the innermost frame is divide");
  }
  skiff::Result<int32_t, skiff::Trap> neg = sqrt_plus_one->call(-4);
  if (check(!neg.ok(), "sqrt_plus_one(-4) traps")) {
    const skiff::Trap& trap = neg.error();
    std::printf("  sqrt_plus_one(-4):\n");
    print_trap(trap);
    check(trap.reason() == skiff::TrapReason::Host, "the reason is Host");
    check(trap.message() == "checked_sqrt: negative input -4", "the host's message is kept");
  }
  // The instance stays usable after a trap.
  skiff::Result<int32_t, skiff::Trap> again = add->call(1, 1);
  if (check(again.ok() && *again == 2, "add works after the traps"))
    std::printf("  add(1, 1) after the traps = %d\n", *again);

  // 7. Fuel: a store with a fuel budget stops code that never returns.
  std::printf("== fuel\n");
  skiff::StoreLimits limits;
  limits.fuel = 100'000;
  skiff::Store metered(engine, limits);
  // The same Module and Linker serve this second store (host functions are copied in).
  skiff::Result<skiff::Instance, skiff::InstantiateError> second = linker.instantiate(metered, module);
  if (!check(second.ok(), "instantiate in the metered store")) return 1;
  std::optional<skiff::Func> spin_func = second->func("spin");
  std::optional<skiff::Func> fib_func = second->func("fib");
  if (!check(spin_func && fib_func, "spin and fib in the metered store")) return 1;
  skiff::Result<skiff::TypedFunc<void()>> spin2 = spin_func->typed<void()>();
  skiff::Result<skiff::TypedFunc<int32_t(int32_t)>> fib2 = fib_func->typed<int32_t(int32_t)>();
  if (!check(spin2.ok() && fib2.ok(), "typed spin and fib in the metered store")) return 1;
  std::printf("  fuel before: %llu\n", (unsigned long long)metered.fuel());
  skiff::Result<void, skiff::Trap> spun = spin2->call();
  if (check(!spun.ok(), "spin stops")) {
    std::printf("  spin():\n");
    print_trap(spun.error());
    check(spun.error().reason() == skiff::TrapReason::OutOfFuel, "the reason is OutOfFuel");
  }
  if (check(metered.fuel() == 0, "no fuel left")) std::printf("  fuel after: 0\n");
  // Refuel: the store runs again, and the budget goes down with the work done.
  check(metered.set_fuel(1'000'000).ok(), "set_fuel");
  skiff::Result<int32_t, skiff::Trap> f15 = fib2->call(15);
  if (check(f15.ok() && *f15 == 610, "fib(15) == 610 after refuelling"))
    std::printf("  refuelled: fib(15) = %d\n", *f15);
  uint64_t left = metered.fuel();
  if (check(left > 0 && left < 1'000'000, "fib(15) used some of the fuel, not all"))
    std::printf("  fib(15) used some fuel and left the rest\n");
  // Too little fuel for a job is the same trap, in the middle of the work.
  check(metered.set_fuel(1'000).ok(), "set_fuel(1000)");
  skiff::Result<int32_t, skiff::Trap> f25 = fib2->call(25);
  if (check(!f25.ok() && f25.error().reason() == skiff::TrapReason::OutOfFuel,
            "fib(25) runs out of 1000 units"))
    std::printf("  fib(25) with 1000 units: %s\n", f25.error().message().c_str());
  // The unmetered store never needed fuel.
  check(!store.set_fuel(10).ok(), "set_fuel needs StoreLimits::fuel");

  if (failures) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  std::printf("== all checks passed\n");
  return 0;
}
