// skiff wast FILE... [-j N] [--verbose] [--xfail LIST] [--lax-messages] [--no-exec]
//
// Files run on a small pool of std::threads (one script per task); each
// script's report is buffered and printed in command-line order, so the output
// does not depend on -j.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli_common.h"
#include "compiler/compiler_loader.h"
#include "compiler/tier1.h"
#include "interp/verify.h"
#include "wast_exec.h"
#include "wast_runner.h"

namespace skiff::cli {

int cmd_wast(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  unsigned jobs = 1;
  WastOptions opts;
  std::string xfail_path;
  bool exec = true;
  bool guard_pages = true;
  bool deterministic = false;
  unsigned tier = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-j" || a == "--jobs" || (a.rfind("-j", 0) == 0 && a.size() > 2)) {
      std::string n;
      if (a.size() > 2 && a[1] == 'j') {
        n = a.substr(2);
      } else if (i + 1 < args.size()) {
        n = args[++i];
      } else {
        return fail("wast: " + a + " needs a number");
      }
      char* end = nullptr;
      long v = std::strtol(n.c_str(), &end, 10);
      if (n.empty() || *end != '\0' || v < 1 || v > 1024) {
        return fail("wast: bad job count '" + n + "'");
      }
      jobs = unsigned(v);
    } else if (a == "-v" || a == "--verbose") {
      opts.verbose = true;
    } else if (a == "--no-exec") {
      exec = false;
    } else if (a.rfind("--tier=", 0) == 0) {
      std::string t = a.substr(7);
      if (t != "0" && t != "1") return fail("wast: --tier takes 0 or 1, not '" + t + "'");
      tier = unsigned(t[0] - '0');
    } else if (a == "--bounds-checks") {
      guard_pages = false;
    } else if (a == "--deterministic") {
      deterministic = true;
    } else if (a == "--lax-messages") {
      opts.strict_messages = false;
    } else if (a == "--strict-messages") {
      opts.strict_messages = true;
    } else if (a == "--xfail" || a == "--expected-failures") {
      if (i + 1 >= args.size()) return fail("wast: " + a + " needs a file name");
      xfail_path = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      return fail("wast: unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) return fail("wast: missing FILE (see `skiff help wast`)");

  ExpectedFailures xfail;
  if (!xfail_path.empty()) {
    auto bytes = read_file(xfail_path);
    if (!bytes.ok()) return fail(xfail_path + ": " + bytes.error().message);
    Status s = xfail.parse(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    if (!s.ok()) return fail(xfail_path, s.error());
    opts.xfail = &xfail;
  }

  if (deterministic && tier == 1)
    return fail("wast: --deterministic runs tier 0 only (tier 1 does not canonicalise NaNs yet)");
  if (exec && tier == 1) {
    if (auto c = compiler::load_compiler(); !c.ok()) return fail("wast: --tier=1: " + c.error().message);
  }
  if (exec)
    opts.make_engine = [guard_pages, tier, deterministic] {
      return make_interp_engine(guard_pages, tier, deterministic);
    };

  std::vector<WastReport> reports(files.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      try {
        reports[i] = run_wast_file(files[i], opts);
      } catch (const std::bad_alloc&) {
        reports[i] = WastReport();
        reports[i].failed = 1;
        reports[i].log = files[i] + ": out of memory\n";
      }
    }
  };
  if (jobs > files.size()) jobs = unsigned(files.size());
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }

  WastReport total;
  for (const WastReport& r : reports) {
    std::fputs(r.log.c_str(), stdout);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    total.xfailed += r.xfailed;
  }
  std::printf("%u passed, %u failed, %u skipped", total.passed, total.failed, total.skipped);
  if (total.xfailed) std::printf(", %u expected failures", total.xfailed);
  std::printf("\n");
  if (exec && tier == 1) {
    const compiler::Tier1Stats& s = compiler::tier1_stats();
    std::printf("tier 1: %llu modules, %llu functions compiled, %llu fell back to tier 0 "
                "(%.0f ms compiling)\n",
                static_cast<unsigned long long>(s.modules.load()),
                static_cast<unsigned long long>(s.compiled.load()),
                static_cast<unsigned long long>(s.fallback.load()), double(s.compile_ns.load()) / 1e6);
    if (s.fallback.load()) {
      std::fprintf(stderr, "tier 1 fallback reasons (functions, reason):\n%s",
                   compiler::tier1_fallback_summary(opts.verbose ? 100 : 10).c_str());
    }
  }
  if (interp::verified_function_count())
    std::fprintf(stderr, "skiff wast: translated code of %llu functions verified\n",
                 static_cast<unsigned long long>(interp::verified_function_count()));
  return total.failed ? 1 : 0;
}

}  // namespace skiff::cli
