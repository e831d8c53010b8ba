// Loading a module into the decoder's ir::Module for the commands that work on
// the module's form rather than through the embedding API (validate, wat2wasm,
// wasm2wat, inspect, wast): .wasm or .wat, told by the magic bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli_common.h"
#include "ir/module.h"
#include "text/wat_parser.h"

namespace skiff::cli {

// Where a module came from, and what stage rejected it.
enum class LoadStage : uint8_t { Read, Decode, Parse, Validate };

struct LoadError {
  LoadStage stage = LoadStage::Read;
  Error error;
};

struct Loaded {
  ir::Module module;
  bool from_text = false;
  std::vector<uint8_t> bytes;  // the file's bytes (binary input only)
  text::SourceMap source_map;  // text input: turns validation offsets into line:column
};

// Reads `path` and decodes or parses it. Does not validate.
// On failure fills *err and returns false.
bool load_module(const std::string& path, Loaded* out, LoadError* err);

// Validates a loaded module; an error of a text module is placed at line:column.
Status validate_loaded(const Loaded& l);

}  // namespace skiff::cli
