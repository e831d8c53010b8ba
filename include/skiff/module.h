// skiff::Module: a validated, compiled module, ready to instantiate many times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "skiff/engine.h"
#include "skiff/export.h"
#include "skiff/result.h"
#include "skiff/types.h"

namespace skiff {

namespace detail {
struct ModuleImpl;
}

/// A compiled module. Immutable and thread-safe: share it across threads and
/// stores (copies are cheap and share the compiled form). Function bodies are
/// translated once, on first use, and the translation is reused by every instance.
class SKIFF_API Module {
 public:
  /// Decodes and validates a binary module.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> wasm);
  /// Parses and validates a module in the text format (.wat).
  static Result<Module> compile_text(const Engine& engine, std::string_view wat);
  /// Reads a file holding a binary (.wasm) or text (.wat) module.
  static Result<Module> from_file(const Engine& engine, const std::string& path);
  /// Decodes and validates only.
  static Status validate(const Engine& engine, std::span<const uint8_t> wasm);

  /// Imports in module order.
  std::vector<ImportType> imports() const;
  /// Exports in module order.
  std::vector<ExportType> exports() const;
  /// The module name from the name section, or "".
  std::string name() const;

  /// The module and the translated code of every function, for deserialize().
  /// Translates every function that was not yet translated.
  Result<std::vector<uint8_t>> serialize() const;
  /// Loads what serialize() produced with the same Skiff build. The bytes are
  /// trusted in the sense that they must come from serialize() (a checksum and
  /// the build's identity are verified, so a corrupt or foreign file is an Error).
  static Result<Module> deserialize(const Engine& engine, std::span<const uint8_t> bytes);

  /// Internal.
  const std::shared_ptr<const detail::ModuleImpl>& impl() const { return impl_; }
  explicit Module(std::shared_ptr<const detail::ModuleImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::ModuleImpl> impl_;
};

}  // namespace skiff
