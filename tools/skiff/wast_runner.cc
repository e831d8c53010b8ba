// The spec-test runner (see wast_runner.h for the contract).
#include "wast_runner.h"

#include <utility>

#include "binary/decoder.h"
#include "cli_common.h"
#include "cli_load.h"
#include "text/wat_parser.h"
#include "valid/validator.h"

namespace skiff::cli {

using text::Command;
using text::WastModule;
using Kind = Command::Kind;
using OK = WastEngine::Outcome::Kind;

// ---- expected failures -------------------------------------------------------

std::string ExpectedFailures::key_path(const std::string& path) {
  static constexpr std::string_view kRoot = "testsuite/";
  size_t at = path.rfind(kRoot);
  if (at != std::string::npos && (at == 0 || path[at - 1] == '/')) {
    return path.substr(at + kRoot.size());
  }
  return path;
}

Status ExpectedFailures::parse(std::string_view text) {
  uint32_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos || line[b] == '#') continue;
    line = line.substr(b);
    size_t sp = line.find_first_of(" \t");
    std::string_view key = line.substr(0, sp);
    std::string_view reason = sp == std::string_view::npos ? "" : line.substr(sp + 1);
    while (!reason.empty() && (reason.back() == '\r' || reason.back() == ' ')) {
      reason.remove_suffix(1);
    }
    size_t colon = key.rfind(':');
    bool digits = colon != std::string_view::npos && colon + 1 < key.size();
    for (size_t i = colon + 1; digits && i < key.size(); ++i) {
      digits = key[i] >= '0' && key[i] <= '9';
    }
    if (!digits) {
      return make_text_error("expected 'file:line reason'", line_no, uint32_t(b + 1));
    }
    map_[std::string(key)] = std::string(reason);
  }
  return {};
}

const std::string* ExpectedFailures::find(const std::string& path, uint32_t line) const {
  auto it = map_.find(key_path(path) + ":" + std::to_string(line));
  return it == map_.end() ? nullptr : &it->second;
}

// ---- the runner --------------------------------------------------------------

namespace {

const char* stage_name(LoadStage s) {
  switch (s) {
    case LoadStage::Read: return "read";
    case LoadStage::Decode: return "decode";
    case LoadStage::Parse: return "parse";
    case LoadStage::Validate: return "validation";
  }
  return "?";
}

// A script module made into an ir::Module (decoded / parsed when needed).
struct ModuleLoad {
  bool ok = false;
  LoadStage stage = LoadStage::Parse;
  Error error;
  bool quoted = false;  // the error's line:column is inside the quoted text
  std::shared_ptr<ir::Module> module;
};

// Proposal testsuites are written against the baseline their proposal started
// from: the threads proposal's against WebAssembly 1.0 (one memory, one table,
// 32-bit limits). Everything else runs with all of 3.0.
ir::Features features_for_script(const std::string& path) {
  if (path.find("proposals/threads/") != std::string::npos) return ir::Features::wasm1_threads();
  return ir::Features::wasm3();
}

ModuleLoad load(WastModule& wm, const ir::Features& features) {
  ModuleLoad r;
  switch (wm.form) {
    case WastModule::Form::Text:
      if (wm.error) {
        r.error = *wm.error;
        return r;
      }
      // Each command runs once, so the parsed module can move out.
      r.module = std::make_shared<ir::Module>(std::move(wm.module));
      break;
    case WastModule::Form::Binary: {
      r.stage = LoadStage::Decode;
      auto m = binary::decode(wm.bytes.data(), wm.bytes.size());
      if (!m.ok()) {
        r.error = std::move(m).error();
        return r;
      }
      r.module = std::make_shared<ir::Module>(std::move(*m));
      break;
    }
    case WastModule::Form::Quote: {
      auto m = text::parse_wat(wm.text, features);
      if (!m.ok()) {
        r.error = std::move(m).error();
        r.quoted = true;
        return r;
      }
      r.module = std::make_shared<ir::Module>(std::move(*m));
      break;
    }
  }
  r.ok = true;
  return r;
}

// Loads and validates.
ModuleLoad load_valid(WastModule& wm, const ir::Features& features) {
  ModuleLoad r = load(wm, features);
  if (!r.ok) return r;
  valid::ValidateOptions vo;
  vo.features = features;
  Status s = valid::validate(*r.module, vo);
  if (!s.ok()) {
    r.ok = false;
    r.stage = LoadStage::Validate;
    r.error = std::move(s).error();
  }
  return r;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

class Runner {
 public:
  Runner(const std::string& path, const WastOptions& o)
      : path_(path), o_(o), features_(features_for_script(path)) {
    if (o_.make_engine) engine_ = o_.make_engine();
    if (!engine_) engine_ = std::make_unique<WastEngine>();
  }

  WastReport take() { return std::move(rep_); }

  void run(std::vector<Command>& cmds) {
    for (Command& c : cmds) command(c);
  }

  void script_error(const Error& e) {
    ++rep_.failed;
    rep_.log += path_ + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) +
                ": script parse error: " + e.message + "\n";
  }

 private:
  // ---- outcomes ----
  void record(const Command& c, bool ok, const std::string& detail) {
    const std::string* xfail = o_.xfail ? o_.xfail->find(path_, c.line) : nullptr;
    std::string where = path_ + ":" + std::to_string(c.line) + ": " + text::to_string(c.kind);
    if (ok && xfail) {
      ++rep_.failed;
      rep_.log += where + ": unexpected pass (listed in expected failures: " + *xfail + ")\n";
    } else if (ok) {
      ++rep_.passed;
      if (o_.verbose) rep_.log += where + ": ok" + (detail.empty() ? "" : " (" + detail + ")") + "\n";
    } else if (xfail) {
      ++rep_.xfailed;
      if (o_.verbose) rep_.log += where + ": XFAIL " + *xfail + ": " + detail + "\n";
    } else {
      ++rep_.failed;
      rep_.log += where + ": " + detail + "\n";
    }
  }
  void pass(const Command& c, const std::string& note = {}) { record(c, true, note); }
  void fail(const Command& c, const std::string& why) { record(c, false, why); }
  void skip(const Command& c, const std::string& why = "no execution") {
    ++rep_.skipped;
    if (o_.verbose) {
      rep_.log += path_ + ":" + std::to_string(c.line) + ": " + text::to_string(c.kind) +
                  ": skipped (" + why + ")\n";
    }
  }

  std::string load_failure(const ModuleLoad& l) {
    return cat({stage_name(l.stage), " error: ", l.quoted ? "(in the quoted text) " : "",
                l.error.to_string()});
  }

  // Compares a failure message with the expected text; returns true when the
  // assertion passes. A mismatch fails with strict_messages (the default); otherwise it
  // is noted in the verbose log.
  void expect_message(const Command& c, const std::string& got) {
    if (starts_with(got, c.message)) return pass(c);
    std::string diff = "message differs: expected " + quoted(c.message) + ", got " + quoted(got);
    if (o_.strict_messages) return fail(c, diff);
    pass(c, diff);
  }

  // ---- modules and instances ----
  void define(const WastModule& wm, std::shared_ptr<ir::Module> m) {
    last_def_ = m;
    if (!wm.id.empty()) defs_[wm.id] = std::move(m);
  }

  // Handles an Outcome from instantiate / register / invoke that should be Ok.
  void expect_ok(const Command& c, const WastEngine::Outcome& out) {
    if (out.kind == OK::Unsupported) return skip(c, out.message.empty() ? "no execution" : out.message);
    if (out.kind == OK::Ok) return pass(c);
    fail(c, "failed: " + out.message);
  }

  void module_cmd(Command& c) {
    WastModule& wm = *c.module;
    ModuleLoad l = load_valid(wm, features_);
    if (!l.ok) return fail(c, load_failure(l));
    define(wm, l.module);
    if (wm.definition) return pass(c);
    WastEngine::Outcome out = engine_->instantiate(wm.id, *l.module);
    if (out.kind == OK::Unsupported || out.kind == OK::Ok) return pass(c);
    fail(c, "instantiation failed: " + out.message);
  }

  std::shared_ptr<ir::Module> lookup_def(const std::string& id) {
    if (id.empty()) return last_def_;
    auto it = defs_.find(id);
    return it == defs_.end() ? nullptr : it->second;
  }

  void instance_cmd(Command& c) {
    auto m = lookup_def(c.module_id);
    if (!m) return fail(c, "unknown module " + (c.module_id.empty() ? "(none)" : c.module_id));
    expect_ok(c, engine_->instantiate(c.instance_id, *m));
  }

  // assert_unlinkable / assert_trap on a module or an instance.
  void instantiation_assert(Command& c) {
    std::shared_ptr<ir::Module> m;
    std::string inst;
    if (c.is_instance) {
      m = lookup_def(c.module_id);
      if (!m) return fail(c, "unknown module " + c.module_id);
      inst = c.instance_id;
    } else {
      ModuleLoad l = load_valid(*c.module, features_);
      if (!l.ok) return fail(c, load_failure(l));
      define(*c.module, l.module);
      m = l.module;
      inst = c.module->id;
    }
    WastEngine::Outcome out = engine_->instantiate(inst, *m);
    if (out.kind == OK::Unsupported) return skip(c, out.message.empty() ? "no execution" : out.message);
    bool want_link = c.kind == Kind::AssertUnlinkable;
    bool got_right = want_link ? out.kind == OK::Unlinkable
                               : (out.kind == OK::Trap || out.kind == OK::Exception);
    if (!got_right) {
      return fail(c, std::string("expected ") + (want_link ? "a link error" : "a trap") +
                         " " + quoted(c.message) + ", got " +
                         (out.kind == OK::Ok ? "success" : quoted(out.message)));
    }
    expect_message(c, out.message);
  }

  void malformed(Command& c) {
    ModuleLoad l = load(*c.module, features_);
    if (l.ok) {
      return fail(c, "module was accepted; expected " + quoted(c.message));
    }
    expect_message(c, l.error.message);
  }

  void invalid(Command& c) {
    ModuleLoad l = load(*c.module, features_);
    if (!l.ok) {
      return fail(c, "expected " + quoted(c.message) + " from validation, but the " +
                         load_failure(l));
    }
    valid::ValidateOptions vo;
    vo.features = features_;
    Status s = valid::validate(*l.module, vo);
    if (s.ok()) return fail(c, "module validated; expected " + quoted(c.message));
    expect_message(c, s.error().message);
  }

  // ---- actions ----
  WastEngine::Outcome act(const text::WastAction& a) {
    if (a.kind == text::WastAction::Kind::Get) return engine_->get(a.instance, a.name);
    return engine_->invoke(a.instance, a.name, a.args);
  }

  void assert_return(Command& c) {
    WastEngine::Outcome out = act(c.action);
    if (out.kind == OK::Unsupported) return skip(c, out.message.empty() ? "no execution" : out.message);
    if (out.kind != OK::Ok) return fail(c, "expected results, got " + out.message);
    if (match_results(c.results, out.values)) return pass(c);
    std::string want, got;
    for (auto& r : c.results) want += (want.empty() ? "" : " ") + text::to_string(r);
    for (auto& v : out.values) got += (got.empty() ? "" : " ") + to_string(v);
    fail(c, "wrong results: expected [" + want + "], got [" + got + "]");
  }

  void assert_failure(Command& c, OK want, const char* what) {
    WastEngine::Outcome out = act(c.action);
    if (out.kind == OK::Unsupported) return skip(c, out.message.empty() ? "no execution" : out.message);
    if (out.kind != want) {
      std::string got = out.kind == OK::Ok ? "a normal return" : quoted(out.message);
      return fail(c, std::string("expected ") + what + " " + quoted(c.message) + ", got " + got);
    }
    if (want == OK::Exception) return pass(c);
    expect_message(c, out.message);
  }

  void command(Command& c) {
    switch (c.kind) {
      case Kind::Module: return module_cmd(c);
      case Kind::Instance: return instance_cmd(c);
      case Kind::Register:
        return expect_ok(c, engine_->register_instance(c.name, c.instance_id));
      case Kind::Action: return expect_ok(c, act(c.action));
      case Kind::AssertReturn: return assert_return(c);
      case Kind::AssertTrap: return assert_failure(c, OK::Trap, "a trap");
      case Kind::AssertExhaustion: return assert_failure(c, OK::Exhaustion, "exhaustion");
      case Kind::AssertException: return assert_failure(c, OK::Exception, "an exception");
      case Kind::AssertMalformed: return malformed(c);
      case Kind::AssertInvalid: return invalid(c);
      case Kind::AssertMalformedCustom:
      case Kind::AssertInvalidCustom: return skip(c);
      case Kind::AssertUnlinkable:
      case Kind::AssertUninstantiable: return instantiation_assert(c);
      case Kind::Thread:
        // No threads yet: the body runs in place, in order.
        return run(c.body);
      case Kind::Wait: return skip(c);
    }
  }

  const std::string& path_;
  const WastOptions& o_;
  ir::Features features_;
  WastReport rep_;
  std::unique_ptr<WastEngine> engine_;
  std::unordered_map<std::string, std::shared_ptr<ir::Module>> defs_;
  std::shared_ptr<ir::Module> last_def_;
};

}  // namespace

WastReport run_wast_text(const std::string& path, std::string_view text, const WastOptions& o) {
  Runner r(path, o);
  auto script = text::parse_wast(text);
  if (!script.ok()) {
    r.script_error(script.error());
    return r.take();
  }
  r.run(script->commands);
  return r.take();
}

WastReport run_wast_file(const std::string& path, const WastOptions& o) {
  auto bytes = read_file(path);
  if (!bytes.ok()) {
    WastReport rep;
    rep.failed = 1;
    rep.log = path + ": " + bytes.error().message + "\n";
    return rep;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return run_wast_text(path, text, o);
}

}  // namespace skiff::cli
