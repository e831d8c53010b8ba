// Seeds for fuzz_dwarf: splits wasm modules built with clang -g into that target's
// records (fuzz_dwarf.cc): the module without its .debug_* custom sections (kind 0;
// sections copied verbatim, so code offsets stay put when the debug sections come
// after the code, as wasm-ld writes them), then one record per debug section. Each
// module gives two seeds: as is, and without the "name" section (DWARF names only).
// usage: make_dwarf_seeds OUT_DIR IN.wasm...
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

const char* const kNames[8] = {nullptr,      ".debug_info",     ".debug_abbrev",      ".debug_line",
                               ".debug_str", ".debug_line_str", ".debug_str_offsets", ".debug_addr"};

bool leb(const std::vector<uint8_t>& b, size_t* i, uint64_t* v) {
  *v = 0;
  for (unsigned shift = 0; shift < 64 && *i < b.size(); shift += 7) {
    const uint8_t c = b[(*i)++];
    *v |= uint64_t(c & 0x7f) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

void record(std::vector<uint8_t>* out, unsigned kind, const uint8_t* p, size_t n) {
  out->push_back(uint8_t(kind));
  for (int k = 0; k < 4; ++k) out->push_back(uint8_t(n >> (8 * k)));
  out->insert(out->end(), p, p + n);
}

// The seed of module `b` (empty when it is not a wasm binary).
std::vector<uint8_t> split(const std::vector<uint8_t>& b, bool keep_names) {
  if (b.size() < 8) return {};
  std::vector<uint8_t> base(b.begin(), b.begin() + 8), debug;
  size_t i = 8;
  while (i < b.size()) {
    const size_t start = i;
    const uint8_t id = b[i++];
    uint64_t size = 0;
    if (!leb(b, &i, &size) || size > b.size() - i) return {};
    const size_t body = i, end = i + size;
    i = end;
    if (id == 0) {
      uint64_t len = 0;
      size_t j = body;
      if (!leb(b, &j, &len) || len > end - j) return {};
      const std::string name(b.begin() + long(j), b.begin() + long(j + len));
      j += len;
      bool dropped = false;
      for (unsigned k = 1; k < 8; ++k) {
        if (name == kNames[k]) {
          record(&debug, k, b.data() + j, end - j);
          dropped = true;
        }
      }
      if (dropped || (!keep_names && name == "name")) continue;
    }
    base.insert(base.end(), b.begin() + long(start), b.begin() + long(end));
  }
  std::vector<uint8_t> out;
  record(&out, 0, base.data(), base.size());
  out.insert(out.end(), debug.begin(), debug.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_dwarf_seeds OUT_DIR IN.wasm...\n");
    return 2;
  }
  const std::string dir = argv[1];
  int n = 0;
  for (int a = 2; a < argc; ++a) {
    std::ifstream in(argv[a], std::ios::binary);
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string stem = argv[a];
    stem = stem.substr(stem.find_last_of('/') + 1);
    for (bool names : {true, false}) {
      std::vector<uint8_t> s = split(b, names);
      if (s.empty()) {
        std::fprintf(stderr, "make_dwarf_seeds: %s is not a wasm module\n", argv[a]);
        return 1;
      }
      std::ofstream(dir + "/" + stem + (names ? "" : "-nonames") + ".seed", std::ios::binary)
          .write(reinterpret_cast<const char*>(s.data()), std::streamsize(s.size()));
      ++n;
    }
  }
  std::printf("%d DWARF seeds in %s\n", n, dir.c_str());
  return 0;
}
