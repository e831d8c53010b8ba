// What an InstancePre holds, and the Linker's side of making one. Internal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/api_impl.h"
#include "skiff/func.h"
#include "skiff/module.h"

namespace skiff::detail {

struct LinkerImpl;

// How one import is satisfied.
struct PreImport {
  enum Kind { Host, Object, Wasi } kind = Host;
  std::string module, name;
  uint64_t def_id = 0;  // Host: the Linker definition's id (StoreImpl::linker_funcs key)
  FuncType type;        // Host
  HostFunc body;        // Host
  StoreImpl* store = nullptr;  // Object
  rt::Extern object;           // Object
};

struct InstancePreImpl {
  Module module;
  std::vector<PreImport> imports;
};

// The linker's definition of each import of `cm`, in order (defined in linker.cc,
// which owns LinkerImpl); an Error names an import the linker does not define.
Result<std::vector<PreImport>> linker_resolve(const LinkerImpl& linker, const rt::CompiledModule& cm);

}  // namespace skiff::detail
