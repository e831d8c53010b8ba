// Skiff's C++ embedding API: everything in one include.
//
//   skiff::Engine engine;
//   auto module = skiff::Module::compile_text(engine, "(module (func (export \"add\") ...))");
//   skiff::Store store(engine);
//   skiff::Linker linker(engine);
//   linker.func("env", "log", [](int32_t x) { std::printf("%d\n", x); });
//   auto instance = linker.instantiate(store, *module);
//   auto add = instance->func("add")->typed<int32_t(int32_t, int32_t)>();
//   auto sum = add->call(1, 2);  // Result<int32_t, Trap>
#pragma once

#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/instance_pre.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/objects.h"
#include "skiff/result.h"
#include "skiff/snapshot.h"
#include "skiff/store.h"
#include "skiff/trap.h"
#include "skiff/types.h"
#include "skiff/val.h"
#include "skiff/wasi.h"
