// Shared pieces of the `skiff` command-line tool: file I/O, telling .wasm from
// .wat (by the magic bytes, not the extension) and the error format
// `skiff: error: FILE:PLACE: message`. Only public headers: the commands that
// work on the decoder's ir::Module (validate, wat2wasm, wasm2wat, inspect, wast)
// load it with cli_load.h.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "skiff/result.h"  // Error, Result, Status (public: `skiff run` sees nothing internal)
#include "skiff/wasi.h"

namespace skiff::cli {

// Concatenation; avoids `"literal" + std::string` chains, which trip GCC 12's
// -Wrestrict false positives at -O2.
inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s += p;
  return s;
}

// Reads a whole file. Errors: "cannot open", "cannot read".
Result<std::vector<uint8_t>> read_file(const std::string& path);
Status write_file(const std::string& path, const std::vector<uint8_t>& bytes);
Status write_file(const std::string& path, std::string_view text);

// True when the bytes start with "\0asm".
bool is_wasm_binary(std::span<const uint8_t> bytes);

// A --dir value HOST[::GUEST][:ro] (run, snapshot); false when HOST or GUEST is empty.
bool parse_wasi_dir(std::string v, WasiDir* out);

// "FILE:0x1a: message" (binary places), "FILE:3:7: message" (text places).
// With from_text, a byte offset is one inside a function body or constant
// expression of a module parsed from text (it has no binary to point into):
// "FILE: func 2: at byte 0x4 of the body: message".
std::string format_error(const std::string& path, const Error& e, bool from_text = false);

// Prints `skiff: error: <msg>` to stderr; returns 1 (the exit code).
int fail(const std::string& message);
// Prints `skiff: error: FILE:PLACE: message`; returns 1.
int fail(const std::string& path, const Error& e, bool from_text = false);

// Subcommands: argv excludes the program name and the subcommand itself.
int cmd_validate(const std::vector<std::string>& args);
int cmd_wat2wasm(const std::vector<std::string>& args);
int cmd_wasm2wat(const std::vector<std::string>& args);
int cmd_inspect(const std::vector<std::string>& args);
int cmd_wast(const std::vector<std::string>& args);
int cmd_run(const std::vector<std::string>& args);
int cmd_resume(const std::vector<std::string>& args);
int cmd_replay(const std::vector<std::string>& args);
int cmd_snapshot(const std::vector<std::string>& args);
int cmd_compile(const std::vector<std::string>& args);  // cmd_compile.cc (tier 1, ahead of time)

}  // namespace skiff::cli
