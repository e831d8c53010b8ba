// The plugin host's fast path: one InstancePre per plugin (imports resolved and
// type-checked once, the memory image built once), then a fresh, isolated instance
// per request, as a server spawning a sandbox for every request would. Each
// plugin runs `--count` times on the input, every run in a new Store with a fuel
// budget; the outputs must all be the same (no run sees another's memory).
//
//   plugin_spawner [--count N] [--input TEXT] DIR
//
// Prints one line per plugin, then "spawn rate: ..." (instances/s, instantiate +
// name + alloc + transform + drop, on one thread). Exit status: 0 when every
// plugin ran every time with the same output, 1 otherwise, 2 for a bad command line.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <skiff/skiff.hpp>

namespace fs = std::filesystem;

namespace {

// One run: instantiate, transform(input), the output (or why not).
skiff::Result<std::string> run_once(const skiff::Engine& engine, const skiff::InstancePre& pre,
                                    const std::string& input) {
  skiff::StoreLimits limits;
  limits.fuel = 1'000'000;
  limits.max_memory_bytes = 16ull << 20;
  skiff::Store store(engine, limits);
  auto instance = pre.instantiate(store);
  if (!instance) return skiff::Error{"cannot be instantiated: " + instance.error().error.to_string()};
  std::optional<skiff::Memory> memory = instance->memory("memory");
  std::optional<skiff::Func> alloc_f = instance->func("alloc");
  std::optional<skiff::Func> transform_f = instance->func("transform");
  if (!memory || !alloc_f || !transform_f) return skiff::Error{"does not export memory, alloc and transform"};
  auto alloc = alloc_f->typed<int32_t(int32_t)>();
  auto transform = transform_f->typed<int32_t(int32_t, int32_t)>();
  if (!alloc || !transform) return skiff::Error{"alloc or transform has the wrong type"};
  const int32_t len = int32_t(input.size());
  auto ptr = alloc->call(len);
  if (!ptr) return skiff::Error{"alloc trapped: " + ptr.error().message()};
  std::span<const uint8_t> in(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  if (!memory->write(uint32_t(*ptr), in)) return skiff::Error{"alloc returned no room"};
  auto out_len = transform->call(*ptr, len);
  if (!out_len) return skiff::Error{"transform trapped: " + out_len.error().message()};
  if (*out_len < 0 || *out_len > len) return skiff::Error{"transform returned a bad length"};
  auto out = memory->view(uint32_t(*ptr), uint32_t(*out_len));
  if (!out) return skiff::Error{"the output is outside the memory"};
  return std::string(reinterpret_cast<const char*>(out->data()), out->size());
}

}  // namespace

int main(int argc, char** argv) {
  long count = 1000;
  std::string input = "Hello, WebAssembly!";
  std::optional<fs::path> dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--count" && i + 1 < argc) {
      count = std::strtol(argv[++i], nullptr, 10);
      if (count <= 0) {
        std::fprintf(stderr, "plugin_spawner: --count needs a positive number\n");
        return 2;
      }
    } else if (a == "--input" && i + 1 < argc) {
      input = argv[++i];
    } else if (!dir && a.rfind("--", 0) != 0) {
      dir = a;
    } else {
      std::fprintf(stderr, "usage: plugin_spawner [--count N] [--input TEXT] DIR\n");
      return 2;
    }
  }
  if (!dir) {
    std::fprintf(stderr, "usage: plugin_spawner [--count N] [--input TEXT] DIR\n");
    return 2;
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(*dir, ec))
    if (e.path().extension() == ".wat" || e.path().extension() == ".wasm") files.push_back(e.path());
  if (ec || files.empty()) {
    std::fprintf(stderr, "plugin_spawner: no plugins in %s\n", dir->string().c_str());
    return 1;
  }
  std::sort(files.begin(), files.end());

  skiff::Engine engine;
  skiff::Linker linker(engine);
  // host.log: accepted and dropped (this host measures spawning, not logging).
  (void)linker.func("host", "log", [](uint32_t, uint32_t) {});
  bool all_ok = true;
  long spawned = 0;
  std::chrono::nanoseconds spent{0};
  for (const fs::path& file : files) {
    auto module = skiff::Module::from_file(engine, file.string());
    if (!module) {
      std::printf("%s: does not compile: %s\n", file.filename().c_str(), module.error().to_string().c_str());
      all_ok = false;
      continue;
    }
    auto pre = skiff::InstancePre::create(linker, *module);
    if (!pre) {
      std::printf("%s: cannot be linked: %s\n", file.filename().c_str(), pre.error().to_string().c_str());
      all_ok = false;
      continue;
    }
    std::optional<std::string> first;
    long same = 0;
    std::string problem;
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < count; ++i) {
      auto out = run_once(engine, *pre, input);
      if (!out) {
        problem = out.error().to_string();
        break;
      }
      if (!first) first = *out;
      if (*out == *first) ++same;
    }
    spent += std::chrono::steady_clock::now() - t0;
    spawned += count;
    if (!problem.empty() || same != count) {
      std::printf("%s: %s\n", file.filename().c_str(),
                  problem.empty() ? "outputs differ between instances" : problem.c_str());
      all_ok = false;
      continue;
    }
    std::printf("%s: \"%s\" -> \"%s\" in %ld fresh instances, all the same\n", file.filename().c_str(),
                input.c_str(), first->c_str(), count);
  }
  const double seconds = std::chrono::duration<double>(spent).count();
  std::printf("spawn rate: %.0f instances/s (%ld instances in %.3f s, one thread)\n",
              seconds > 0 ? double(spawned) / seconds : 0.0, spawned, seconds);
  return all_ok ? 0 : 1;
}
