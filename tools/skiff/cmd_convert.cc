// skiff wat2wasm IN -o OUT, skiff wasm2wat IN [-o OUT]
#include <cstdio>

#include "binary/encoder.h"
#include "cli_common.h"
#include "cli_load.h"
#include "text/printer.h"
#include "valid/validator.h"

namespace skiff::cli {
namespace {

struct ConvertArgs {
  std::string in;
  std::string out;
  bool validate = true;
};

// Parses `IN [-o OUT] [--no-validate]`; returns 0 or the exit code of an error.
int parse_args(const char* cmd, const std::vector<std::string>& args, ConvertArgs* ca) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--output") {
      if (i + 1 >= args.size()) return fail(std::string(cmd) + ": -o needs a file name");
      ca->out = args[++i];
    } else if (a.rfind("-o", 0) == 0 && a.size() > 2 && a[2] != '-') {
      ca->out = a.substr(2);
    } else if (a == "--no-validate") {
      ca->validate = false;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return fail(std::string(cmd) + ": unknown option '" + a + "'");
    } else if (ca->in.empty()) {
      ca->in = a;
    } else {
      return fail(std::string(cmd) + ": expected one input file (see `skiff help " + cmd + "`)");
    }
  }
  if (ca->in.empty()) {
    return fail(std::string(cmd) + ": missing input file (see `skiff help " + cmd + "`)");
  }
  return 0;
}

// Loads and (optionally) validates; returns 0 or an exit code.
int load_checked(const ConvertArgs& ca, Loaded* l) {
  LoadError err;
  if (!load_module(ca.in, l, &err)) return fail(ca.in, err.error);
  if (ca.validate) {
    Status s = validate_loaded(*l);
    if (!s.ok()) return fail(ca.in, s.error(), l->from_text);
  }
  return 0;
}

}  // namespace

int cmd_wat2wasm(const std::vector<std::string>& args) {
  ConvertArgs ca;
  if (int rc = parse_args("wat2wasm", args, &ca)) return rc;
  if (ca.out.empty()) return fail("wat2wasm: missing -o OUT (see `skiff help wat2wasm`)");
  Loaded l;
  if (int rc = load_checked(ca, &l)) return rc;
  std::vector<uint8_t> bytes = binary::encode(l.module);
  Status s = write_file(ca.out, bytes);
  if (!s.ok()) return fail(ca.out + ": " + s.error().message);
  return 0;
}

int cmd_wasm2wat(const std::vector<std::string>& args) {
  ConvertArgs ca;
  if (int rc = parse_args("wasm2wat", args, &ca)) return rc;
  Loaded l;
  if (int rc = load_checked(ca, &l)) return rc;
  std::string text = text::print_module(l.module);
  if (ca.out.empty() || ca.out == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      return fail("cannot write to standard output");
    }
    return 0;
  }
  Status s = write_file(ca.out, text);
  if (!s.ok()) return fail(ca.out + ": " + s.error().message);
  return 0;
}

}  // namespace skiff::cli
