#include "cli_common.h"
#include "cli_load.h"
#include "support/result.h"

#include <cerrno>
#include <cstdio>
#include <cstring>


#include "binary/decoder.h"
#include "support/file_bytes.h"
#include "text/wat_parser.h"
#include "valid/validator.h"

namespace skiff::cli {

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  auto f = FileBytes::open(path);
  if (!f.ok()) return std::move(f).error();
  return f->to_vector();
}

namespace {
Status write_bytes(const std::string& path, const void* p, size_t n) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return make_error("cannot create: " + std::string(std::strerror(errno)));
  bool ok = n == 0 || std::fwrite(p, 1, n, f) == n;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return make_error("cannot write: " + std::string(std::strerror(errno)));
  return {};
}
}  // namespace

Status write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  return write_bytes(path, bytes.data(), bytes.size());
}

Status write_file(const std::string& path, std::string_view text) {
  return write_bytes(path, text.data(), text.size());
}

bool parse_wasi_dir(std::string v, WasiDir* out) {
  WasiDir d;
  if (v.size() > 3 && v.compare(v.size() - 3, 3, ":ro") == 0) {
    d.read_only = true;
    v.resize(v.size() - 3);
  }
  size_t sep = v.find("::");
  d.host = v.substr(0, sep);
  d.guest = sep == std::string::npos ? v : v.substr(sep + 2);
  if (d.host.empty() || d.guest.empty()) return false;
  *out = std::move(d);
  return true;
}

bool is_wasm_binary(std::span<const uint8_t> b) {
  return b.size() >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
}

bool load_module(const std::string& path, Loaded* out, LoadError* err) {
  auto bytes = read_file(path);
  if (!bytes.ok()) {
    *err = {LoadStage::Read, std::move(bytes).error()};
    return false;
  }
  if (is_wasm_binary(*bytes)) {
    auto m = binary::decode(bytes->data(), bytes->size());
    if (!m.ok()) {
      *err = {LoadStage::Decode, std::move(m).error()};
      return false;
    }
    out->module = std::move(*m);
    out->from_text = false;
    out->bytes = std::move(*bytes);
    return true;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto m = text::parse_wat(text, ir::Features::wasm3(), &out->source_map);
  if (!m.ok()) {
    *err = {LoadStage::Parse, std::move(m).error()};
    return false;
  }
  out->module = std::move(*m);
  out->from_text = true;
  return true;
}

Status validate_loaded(const Loaded& l) {
  Status s = valid::validate(l.module);
  if (!s.ok() && l.from_text) {
    Error e = std::move(s).error();
    l.source_map.locate(e);
    return e;
  }
  return s;
}

std::string format_error(const std::string& path, const Error& e, bool from_text) {
  char buf[64];
  std::string out = path;
  if (e.line != 0) {
    std::snprintf(buf, sizeof buf, ":%u:%u", e.line, e.column);
    out += buf;
  } else if (e.offset >= 0 && !from_text) {
    std::snprintf(buf, sizeof buf, ":0x%llx", static_cast<unsigned long long>(e.offset));
    out += buf;
  }
  out += ": ";
  if (e.func_index >= 0) {
    std::snprintf(buf, sizeof buf, "func %lld: ", static_cast<long long>(e.func_index));
    out += buf;
  }
  if (e.line == 0 && e.offset >= 0 && from_text) {
    std::snprintf(buf, sizeof buf, "at byte 0x%llx of the %s: ",
                  static_cast<unsigned long long>(e.offset),
                  e.func_index >= 0 ? "body" : "expression");
    out += buf;
  }
  out += e.message;
  return out;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "skiff: error: %s\n", message.c_str());
  return 1;
}

int fail(const std::string& path, const Error& e, bool from_text) {
  return fail(format_error(path, e, from_text));
}

}  // namespace skiff::cli
