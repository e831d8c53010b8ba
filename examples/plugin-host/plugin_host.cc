// A plugin host on Skiff: loads every *.wasm / *.wat file of the directories given as a
// plugin, checks it against the plugin ABI of README.md, and runs each plugin on each
// input string, every call in a fresh Store with a fuel budget and a memory cap, so
// that a plugin that traps, loops, grabs memory or breaks the ABI is reported and
// disabled while the host and the other plugins carry on.
//
//   plugin_host [--fuel N] [--memory-mib N] [--input TEXT]... DIR...
//
// Exit status: 0 when the host ran (whatever the plugins did), 1 when a directory
// cannot be read or holds no usable plugin, 2 for a bad command line.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <skiff/skiff.hpp>

namespace fs = std::filesystem;

namespace {

// What the host allows each call. The defaults are what plugin_host.expected shows.
struct HostLimits {
  uint64_t fuel = 1'000'000;             // wasm instructions per call (instantiation included)
  uint64_t memory_bytes = 16ull << 20;   // per linear memory
  size_t max_input = 1 << 20;            // bytes of an input string
  size_t log_lines = 16;                 // host.log calls per call
  size_t log_bytes = 256;                // bytes per host.log message
  size_t name_bytes = 64;                // bytes of a plugin's name
};

// The wasm types of the ABI.
skiff::FuncType func_type(std::initializer_list<skiff::ValKind> params,
                          std::initializer_list<skiff::ValKind> results) {
  skiff::FuncType t;
  for (skiff::ValKind k : params) t.params.emplace_back(k);
  for (skiff::ValKind k : results) t.results.emplace_back(k);
  return t;
}
constexpr skiff::ValKind i32 = skiff::ValKind::I32;

struct RequiredFunc {
  const char* name;
  skiff::FuncType type;
};
const std::vector<RequiredFunc>& required_funcs() {
  static const std::vector<RequiredFunc> funcs = {
      {"name", func_type({}, {i32})},
      {"name_len", func_type({}, {i32})},
      {"alloc", func_type({i32}, {i32})},
      {"transform", func_type({i32, i32}, {i32})},
  };
  return funcs;
}
const skiff::FuncType& log_type() {
  static const skiff::FuncType type = func_type({i32, i32}, {});
  return type;
}

// Bytes as a quoted C-style string: printable ASCII as is, everything else escaped,
// so that no plugin output can play with the terminal.
std::string escaped(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

// The static half of the ABI: what a module imports and exports. nullopt when it fits.
std::optional<std::string> check_abi(const skiff::Module& module) {
  for (const skiff::ImportType& import : module.imports()) {
    bool is_log = import.module == "host" && import.name == "log" &&
                  import.type.kind == skiff::ExternKind::Func;
    if (!is_log) return "imports " + import.module + "." + import.name + " (only host.log is offered)";
    if (!(import.type.func == log_type()))
      return "imports host.log as " + import.type.func.to_string() + ", not " + log_type().to_string();
  }
  std::vector<skiff::ExportType> exports = module.exports();
  auto find = [&exports](std::string_view name) -> const skiff::ExportType* {
    for (const skiff::ExportType& e : exports)
      if (e.name == name) return &e;
    return nullptr;
  };
  const skiff::ExportType* memory = find("memory");
  if (!memory) return std::string("no export \"memory\" (a 32-bit memory)");
  if (memory->type.kind != skiff::ExternKind::Memory || memory->type.memory.is64)
    return std::string("export \"memory\" is no 32-bit memory");
  for (const RequiredFunc& want : required_funcs()) {
    const skiff::ExportType* have = find(want.name);
    if (!have)
      return std::string("no export \"") + want.name + "\" (a function " + want.type.to_string() + ")";
    if (have->type.kind != skiff::ExternKind::Func)
      return std::string("export \"") + want.name + "\" is no function";
    if (!(have->type.func == want.type))
      return std::string("export \"") + want.name + "\" is " + have->type.func.to_string() + ", not " +
             want.type.to_string();
  }
  return std::nullopt;
}

// The export `name` of `instance` as a function of C++ signature Sig.
template <class Sig>
skiff::Result<skiff::TypedFunc<Sig>> typed_export(const skiff::Instance& instance, const char* name) {
  std::optional<skiff::Func> func = instance.func(name);
  if (!func) return skiff::Error{std::string("no function ") + name};
  return func->typed<Sig>();
}

// What one call collects through host.log (reached with Store::user_data).
struct CallLog {
  const HostLimits* limits = nullptr;
  std::vector<std::string> lines;
};

// Why a call failed.
struct Failure {
  std::string what;                 // one line
  std::optional<skiff::Trap> trap;  // when a trap stopped it (for the backtrace)
};

struct CallResult {
  std::vector<std::string> log;
  std::optional<std::string> name;    // the plugin's name, when it got that far
  std::optional<std::string> output;  // on success
  std::optional<Failure> failure;
};

struct Plugin {
  std::string file;  // the file name, for reports
  skiff::Module module;
  std::string name;
  bool disabled = false;
};

class Host {
 public:
  explicit Host(HostLimits limits) : limits_(limits), engine_(plugin_config()), linker_(engine_) {
    // host.log(ptr, len): the one import a plugin may have. It reads the message from
    // the calling plugin's exported memory, with the bounds and the quota checked; a
    // violation traps the plugin.
    // A fresh linker has nothing to shadow: this definition cannot fail.
    (void)linker_.func("host", "log",
                 [](skiff::Caller& caller, uint32_t ptr, uint32_t len) -> skiff::Result<void, skiff::Trap> {
                   auto* log = static_cast<CallLog*>(caller.user_data());
                   if (log->lines.size() >= log->limits->log_lines)
                     return skiff::Trap("host.log: more than " + std::to_string(log->limits->log_lines) +
                                        " messages in one call");
                   if (len > log->limits->log_bytes)
                     return skiff::Trap("host.log: a message of " + std::to_string(len) + " bytes (at most " +
                                        std::to_string(log->limits->log_bytes) + ")");
                   std::optional<skiff::Extern> exported = caller.get_export("memory");
                   std::optional<skiff::Memory> memory = exported ? exported->memory() : std::nullopt;
                   if (!memory) return skiff::Trap("host.log: the plugin exports no memory");
                   skiff::Result<std::span<uint8_t>> bytes = memory->view(ptr, len);
                   if (!bytes) return skiff::Trap("host.log: the message is outside the plugin's memory");
                   log->lines.emplace_back(reinterpret_cast<const char*>(bytes->data()), bytes->size());
                   return {};
                 });
  }

  const HostLimits& limits() const { return limits_; }

  // Compiles a plugin file (once: the Module serves every call) and checks the ABI;
  // then a first call in a fresh store reads its name. The error says why not.
  skiff::Result<Plugin> load(const fs::path& path) {
    skiff::Result<skiff::Module> module = skiff::Module::from_file(engine_, path.string());
    if (!module) return skiff::Error{"does not compile: " + module.error().to_string()};
    if (std::optional<std::string> violation = check_abi(*module))
      return skiff::Error{"violates the plugin ABI: " + *violation};
    Plugin plugin{path.filename().string(), std::move(*module), "", false};
    CallResult probe = call(plugin, std::nullopt);
    if (probe.failure) return skiff::Error{probe.failure->what};
    plugin.name = *probe.name;
    return plugin;
  }

  // Instantiates the plugin in a store of its own, reads its name and, given an input,
  // runs transform on it. Nothing of the store outlives the call.
  CallResult call(const Plugin& plugin, std::optional<std::string_view> input) const {
    CallResult result;
    CallLog log{&limits_, {}};
    auto fail = [&](std::string what, std::optional<skiff::Trap> trap = std::nullopt) -> CallResult {
      result.log = std::move(log.lines);
      result.failure = Failure{std::move(what), std::move(trap)};
      return std::move(result);
    };
    auto trapped = [&](const char* during, skiff::Trap trap) -> CallResult {
      std::string what = trap.reason() == skiff::TrapReason::OutOfFuel
                             ? std::string("ran out of fuel in ") + during + " (" + std::to_string(limits_.fuel) +
                                   " units)"
                             : std::string("trapped in ") + during + ": " + trap.message();
      return fail(std::move(what), std::move(trap));
    };

    skiff::StoreLimits store_limits;
    store_limits.fuel = limits_.fuel;
    store_limits.max_memory_bytes = limits_.memory_bytes;
    store_limits.max_table_elements = 10'000;
    store_limits.max_gc_heap_bytes = limits_.memory_bytes;
    skiff::Store store(engine_, store_limits);
    store.set_user_data(&log);

    skiff::Result<skiff::Instance, skiff::InstantiateError> instance = linker_.instantiate(store, plugin.module);
    if (!instance) {
      skiff::InstantiateError& error = instance.error();
      if (error.trap) return trapped("instantiation", std::move(*error.trap));
      return fail("cannot be instantiated: " + error.error.to_string());
    }
    // check_abi vouched for these; a failure here would be the host's bug.
    std::optional<skiff::Memory> memory = instance->memory("memory");
    auto name = typed_export<int32_t()>(*instance, "name");
    auto name_len = typed_export<int32_t()>(*instance, "name_len");
    auto alloc = typed_export<int32_t(int32_t)>(*instance, "alloc");
    auto transform = typed_export<int32_t(int32_t, int32_t)>(*instance, "transform");
    if (!memory || !name || !name_len || !alloc || !transform) return fail("host error: the ABI check let it in");

    // name() / name_len(): 1 to name_bytes bytes of printable ASCII in the memory.
    skiff::Result<int32_t, skiff::Trap> name_ptr = name->call();
    if (!name_ptr) return trapped("name", std::move(name_ptr).error());
    skiff::Result<int32_t, skiff::Trap> name_size = name_len->call();
    if (!name_size) return trapped("name_len", std::move(name_size).error());
    if (*name_size <= 0 || uint32_t(*name_size) > limits_.name_bytes)
      return fail("violates the plugin ABI: name_len() is " + std::to_string(*name_size) + " (1 to " +
                  std::to_string(limits_.name_bytes) + " bytes)");
    std::string plugin_name(size_t(*name_size), '\0');
    if (!memory->read(uint32_t(*name_ptr),
                      std::span<uint8_t>(reinterpret_cast<uint8_t*>(plugin_name.data()), plugin_name.size())))
      return fail("violates the plugin ABI: the name is outside the memory");
    if (!std::all_of(plugin_name.begin(), plugin_name.end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
      return fail("violates the plugin ABI: the name " + escaped(plugin_name) + " is not printable ASCII");
    result.name = plugin_name;
    if (!input) {
      result.log = std::move(log.lines);
      return result;
    }

    // alloc(len): room for the input, which the host copies in.
    const int32_t len = int32_t(input->size());
    skiff::Result<int32_t, skiff::Trap> ptr = alloc->call(len);
    if (!ptr) return trapped("alloc", std::move(ptr).error());
    std::span<const uint8_t> in(reinterpret_cast<const uint8_t*>(input->data()), input->size());
    if (!memory->write(uint32_t(*ptr), in))
      return fail("violates the plugin ABI: alloc(" + std::to_string(len) + ") returned " + std::to_string(*ptr) +
                  ", not room for " + std::to_string(len) + " bytes in its memory");

    // transform(ptr, len): rewrites the bytes in place; the result is the new length.
    skiff::Result<int32_t, skiff::Trap> new_len = transform->call(*ptr, len);
    if (!new_len) return trapped("transform", std::move(new_len).error());
    if (*new_len < 0 || *new_len > len)
      return fail("violates the plugin ABI: transform returned the length " + std::to_string(*new_len) +
                  " for " + std::to_string(len) + " bytes in place");
    // Read the memory again: transform may have grown it (and moved its bytes).
    skiff::Result<std::span<uint8_t>> out = memory->view(uint32_t(*ptr), uint32_t(*new_len));
    if (!out) return fail("violates the plugin ABI: the output is outside the memory");
    result.output = std::string(reinterpret_cast<const char*>(out->data()), out->size());
    result.log = std::move(log.lines);
    return result;
  }

 private:
  // Plugins get the WebAssembly 2.0 core: one 32-bit memory each, and a small stack
  // (1 MiB, 10,000 nested calls) so that deep recursion traps early.
  static skiff::Config plugin_config() {
    skiff::Config config;
    config.multi_memory = false;
    config.memory64 = false;
    config.max_wasm_stack = size_t(1) << 20;
    config.max_call_depth = 10'000;
    return config;
  }

  HostLimits limits_;
  skiff::Engine engine_;
  skiff::Linker linker_;
};

void print_failure(const Failure& failure) {
  std::printf("    failed: %s\n", failure.what.c_str());
  if (failure.trap)
    for (const skiff::TrapFrame& frame : failure.trap->backtrace())
      std::printf("      at func[%u] %s\n", frame.func_index,
                  frame.func_name.empty() ? "<unnamed>" : frame.func_name.c_str());
}

// A call's log messages: the first few, and how many more there were.
void print_log(const std::vector<std::string>& lines) {
  const size_t shown = 4;
  for (size_t i = 0; i < lines.size() && i < shown; ++i) std::printf("    log: %s\n", escaped(lines[i]).c_str());
  if (lines.size() > shown) std::printf("    log: (%zu more)\n", lines.size() - shown);
}

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr, "plugin_host: %s\nusage: plugin_host [--fuel N] [--memory-mib N] [--input TEXT]... DIR...\n",
               message);
  std::exit(2);
}

uint64_t number(const char* flag, const char* text) {
  char* end = nullptr;
  unsigned long long n = std::strtoull(text, &end, 10);
  if (!*text || *end || n == 0) usage((std::string(flag) + " wants a positive number").c_str());
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  HostLimits limits;
  std::vector<std::string> inputs;
  std::vector<fs::path> dirs;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage((std::string(arg) + " wants a value").c_str());
      return argv[++i];
    };
    if (arg == "--fuel") {
      limits.fuel = number("--fuel", value());
    } else if (arg == "--memory-mib") {
      limits.memory_bytes = number("--memory-mib", value()) << 20;
    } else if (arg == "--input") {
      inputs.emplace_back(value());
      if (inputs.back().size() > limits.max_input) usage("an input of more than 1 MiB");
    } else if (arg.starts_with("--")) {
      usage(("unknown option " + std::string(arg)).c_str());
    } else {
      dirs.emplace_back(arg);
    }
  }
  if (dirs.empty()) usage("no plugin directory");
  if (inputs.empty()) inputs.emplace_back("Hello, WebAssembly!");

  Host host(limits);
  std::printf("plugin host: %llu fuel and %llu MiB of memory per call\n", (unsigned long long)limits.fuel,
              (unsigned long long)(limits.memory_bytes >> 20));

  // Load: every .wasm / .wat file of each directory, in name order.
  std::vector<Plugin> plugins;
  int rejected = 0;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if ((p.extension() == ".wasm" || p.extension() == ".wat") && it->is_regular_file()) files.push_back(p);
    }
    if (ec) {
      std::fprintf(stderr, "plugin_host: cannot read %s: %s\n", dir.string().c_str(), ec.message().c_str());
      return 1;
    }
    std::sort(files.begin(), files.end());
    std::string label = fs::path(dir).lexically_normal().filename().string();
    if (label.empty()) label = fs::path(dir).lexically_normal().parent_path().filename().string();
    std::printf("loading %s/ (%zu files)\n", label.c_str(), files.size());
    for (const fs::path& file : files) {
      skiff::Result<Plugin> plugin = host.load(file);
      if (!plugin) {
        std::printf("  %s: rejected: %s\n", file.filename().string().c_str(), plugin.error().message.c_str());
        ++rejected;
        continue;
      }
      std::printf("  %s: plugin %s\n", plugin->file.c_str(), escaped(plugin->name).c_str());
      plugins.push_back(std::move(*plugin));
    }
  }
  std::printf("%zu plugins loaded, %d rejected\n", plugins.size(), rejected);
  if (plugins.empty()) {
    std::fprintf(stderr, "plugin_host: no usable plugin\n");
    return 1;
  }

  // Run: each input through each plugin still enabled, each call in a fresh store.
  int failed = 0;
  for (const std::string& input : inputs) {
    std::printf("input %s\n", escaped(input).c_str());
    for (Plugin& plugin : plugins) {
      if (plugin.disabled) continue;
      CallResult r = host.call(plugin, input);
      std::printf("  %s (%s)\n", plugin.name.c_str(), plugin.file.c_str());
      print_log(r.log);
      if (r.failure) {
        print_failure(*r.failure);
        std::printf("    disabled\n");
        plugin.disabled = true;
        ++failed;
        continue;
      }
      std::printf("    -> %s\n", escaped(*r.output).c_str());
    }
  }
  size_t working = std::count_if(plugins.begin(), plugins.end(), [](const Plugin& p) { return !p.disabled; });
  std::printf("done: %zu plugins worked, %d failed and were disabled, %d rejected\n", working, failed, rejected);
  return 0;
}
