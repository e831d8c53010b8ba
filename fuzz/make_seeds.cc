// Builds the fuzzers' seed corpora from the spec testsuite: every module of every
// .wast script, as binary (OUT/bin/N.wasm) and as text (OUT/wat/N.wat).
// usage: make_seeds OUT SCRIPT.wast...
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "binary/encoder.h"
#include "text/printer.h"
#include "text/wast.h"

using namespace skiff;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_seeds OUT SCRIPT.wast...\n");
    return 2;
  }
  std::string out = argv[1];
  unsigned n = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i]);
    std::stringstream ss;
    ss << in.rdbuf();
    auto script = text::parse_wast(ss.str());
    if (!script.ok()) continue;
    for (const text::Command& c : script->commands) {
      if (!c.module) continue;
      const text::WastModule& wm = *c.module;
      std::string base = std::to_string(n++);
      auto write_bin = [&](const std::vector<uint8_t>& bytes) {
        std::ofstream(out + "/bin/" + base + ".wasm", std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
      };
      switch (wm.form) {
        case text::WastModule::Form::Text:
          if (wm.error) break;
          write_bin(binary::encode(wm.module));
          std::ofstream(out + "/wat/" + base + ".wat") << text::print_module(wm.module);
          break;
        case text::WastModule::Form::Binary:  // malformed ones included: good decoder seeds
          write_bin(wm.bytes);
          break;
        case text::WastModule::Form::Quote:
          std::ofstream(out + "/wat/" + base + ".wat") << wm.text;
          break;
      }
    }
  }
  std::printf("%u seed modules in %s\n", n, out.c_str());
  return 0;
}
