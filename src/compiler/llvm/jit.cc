// libskiff_compiler.so: the C entry point (tier1_abi.h CompilerApi) and the module
// driver: one LLVM module per wasm module, every defined function emitted by the
// Emitter (or as a call_slow stub when it cannot be compiled yet), a slot wrapper
// per function, verifyModule, the new pass manager at the requested level, then
// code generation to an ELF relocatable object in memory. The compiler loads
// nothing: the runtime maps the object with its own loader
// (src/compiler/object_loader.h), so JIT and ahead-of-time code share one path.
//
// Code generation choices that keep the loader small: PIC relocation model, small
// code model, every definition dso_local with hidden visibility (direct PC-relative
// calls, no GOT except for the allow-listed externals such as memcpy), nounwind
// and no unwind tables (no .eh_frame to register: traps siglongjmp), frame
// pointers kept (backtraces walk them). Target: the host CPU and its features.
//
// Thread safety: compile() may run on several threads: each has its own
// LLVMContext and its own TargetMachine (thread_local).
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include "compiler/llvm/emit_simd.h"
#include "compiler/llvm/emitter.h"
#include "compiler/llvm/fault_locs.h"
#include "compiler/llvm/inline_chains.h"
#include "compiler/llvm/loop_versioning.h"

namespace skiff::compiler {
namespace {

namespace rt1 = rt::tier1;

void copy_text(char* dst, size_t cap, const std::string& s) {
  size_t n = s.size() < cap - 1 ? s.size() : cap - 1;
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

// The object of one compile (owned by the handle given to release()).
struct Output {
  llvm::SmallVector<char, 0> object;
};

// This thread's TargetMachine for the host (made on first use).
llvm::TargetMachine* host_machine(std::string* err, std::string* target) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // Line tables only, no variables: the instruction-referencing LiveDebugValues
    // (x86-64's default) still numbers every machine value of every function,
    // ~70% of what the line tables cost codegen; the older VarLoc one has nothing
    // to do without DBG_VALUEs. (A process-wide LLVM option, set as the command
    // line would: nothing else in the process uses LLVM.)
    auto& opts = llvm::cl::getRegisteredOptions();
    if (auto it = opts.find("experimental-debug-variable-locations"); it != opts.end())
      (void)it->second->addOccurrence(0, "experimental-debug-variable-locations", "false");
  });
  thread_local std::unique_ptr<llvm::TargetMachine> tm;
  thread_local std::string tm_error, tm_target;
  if (!tm && tm_error.empty()) {
    std::string triple = llvm::sys::getProcessTriple();
    std::string e;
    const llvm::Target* t = llvm::TargetRegistry::lookupTarget(triple, e);
    if (!t) {
      tm_error = "no LLVM target for " + triple + ": " + e;
    } else {
      std::string cpu = llvm::sys::getHostCPUName().str();
      std::string features;
      for (const auto& [name, on] : llvm::sys::getHostCPUFeatures()) {
        if (!features.empty()) features += ",";
        features += (on ? "+" : "-") + name.str();
      }
      llvm::TargetOptions opts;
      tm.reset(t->createTargetMachine(triple, cpu, features, opts, llvm::Reloc::PIC_,
                                      llvm::CodeModel::Small, llvm::CodeGenOptLevel::Default));
      if (!tm) tm_error = "cannot create an LLVM target machine for " + triple;
      tm_target = cpu + " " + features;
    }
  }
  if (!tm) *err = tm_error;
  *target = tm_target;
  return tm.get();
}

// The default pipeline at `level`, with the target's cost model (without the
// TargetMachine, TTI is the generic one: no vector registers, so nothing is
// vectorized and unrolling guesses). `version_mem0`: loop_versioning.h.
void optimize(llvm::Module& mod, uint32_t level, llvm::TargetMachine* tm, bool version_mem0) {
  if (level == 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (version_mem0) add_mem0_loop_versioning(pb);
  llvm::OptimizationLevel ol = level == 1   ? llvm::OptimizationLevel::O1
                               : level == 2 ? llvm::OptimizationLevel::O2
                                            : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(ol);
  mpm.run(mod, mam);
}

// SKIFF_TIER1_TIME=1: each compile's functions and OSR entries (wasm function
// indices) and where its time went, on stderr (tier auto's batches, mainly).
bool trace_on() {
  static const bool on = [] {
    const char* e = std::getenv("SKIFF_TIER1_TIME");
    return e && *e && *e != '0';
  }();
  return on;
}

void trace_begin(const rt1::CompileRequest& req) {
  const ir::Module& m = *req.module;
  std::string list;
  uint32_t n = 0;
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    if (req.only && !req.only[i]) continue;
    ++n;
    if (req.only) list += " " + std::to_string(m.num_imported_funcs + i);
  }
  list += " | OSR:";
  for (uint32_t k = 0; k < req.osr_count; ++k)
    list += " " + std::to_string(m.num_imported_funcs + req.osr[2 * k]) + "@" + std::to_string(req.osr[2 * k + 1]);
  std::fprintf(stderr, "tier1 compile: %u functions, %u OSR entries:%s\n", n, req.osr_count, list.c_str());
}

bool compile(const rt1::CompileRequest* req, rt1::CompileResult* out) {
  const auto t_start = std::chrono::steady_clock::now();
  std::string err, target;
  llvm::TargetMachine* tm = host_machine(&err, &target);
  if (!tm) {
    copy_text(out->error, sizeof out->error, err);
    return false;
  }
  copy_text(out->target, sizeof out->target, target);
  const ir::Module& m = *req->module;
  auto tsc = std::make_unique<llvm::LLVMContext>();
  auto mod = std::make_unique<llvm::Module>("wasm", *tsc);
  mod->setDataLayout(tm->createDataLayout());
  mod->setTargetTriple(tm->getTargetTriple().str());
  mod->setPICLevel(llvm::PICLevel::BigPIC);
  ModuleEnv env{*tsc, *mod, m, *req->canon, req->mem0_guarded, {}};
  env.fuel = req->fuel;
  env.interruptible = req->interruptible;
  env.funcs.assign(m.num_funcs(), nullptr);
  // Line tables (emitter.h ModuleEnv::di): SKIFF_TIER1_LINES=0 leaves them out.
  // DebugDirectivesOnly: .debug_line alone (no .debug_info/_ranges/_str), which
  // is all the runtime reads, and cheaper to emit than LineTablesOnly (LLVM still
  // adds .debug_frame for any debug info; the loader ignores it).
  static const bool no_lines = [] {
    const char* e = std::getenv("SKIFF_TIER1_LINES");
    return e && e[0] == '0';
  }();
  std::unique_ptr<llvm::DIBuilder> dib;
  if (!no_lines) {
    dib = std::make_unique<llvm::DIBuilder>(*mod);
    env.di_file = dib->createFile("wasm", ".");
    dib->createCompileUnit(llvm::dwarf::DW_LANG_C, env.di_file, "skiff", /*isOptimized=*/true, "", 0,
                           "", llvm::DICompileUnit::DebugDirectivesOnly, 0, /*SplitDebugInlining=*/false,
                           false, llvm::DICompileUnit::DebugNameTableKind::None);
    env.di_type = dib->createSubroutineType(dib->getOrCreateTypeArray({}));
    env.di = dib.get();
    mod->addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
    mod->addModuleFlag(llvm::Module::Max, "Dwarf Version", 4);
  }
  const uint32_t nimp = m.num_imported_funcs;
  const uint32_t ndef = uint32_t(m.funcs.size());
  if (trace_on()) trace_begin(*req);
  // Declare every defined function first (direct calls may go forwards).
  for (uint32_t i = 0; i < ndef; ++i) {
    if (req->only && !req->only[i]) {
      // Not in this batch (tier auto): reached through the FuncEntry table.
      copy_text(out->funcs[i].reason, sizeof out->funcs[i].reason, "not in this batch");
      continue;
    }
    const ir::FuncType& ft = m.func_type(m.func_type_index(nimp + i));
    llvm::FunctionType* fty = env.func_type(ft);
    if (!fty) {
      std::snprintf(out->funcs[i].reason, sizeof out->funcs[i].reason,
                    "unsupported: a parameter or result type");
      continue;
    }
    auto* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, "f" + std::to_string(i),
                                     *mod);
    f->addFnAttr("frame-pointer", "all");
    f->setCallingConv(kNativeCC);  // guaranteed tail calls (emitter.h)
    env.funcs[nimp + i] = f;
  }
  valid::TypeContext vctx;
  vctx.canon = req->canon;
  valid::BodyDecoder<Emitter> dec;
  for (uint32_t i = 0; i < ndef; ++i) {
    llvm::Function* f = env.funcs[nimp + i];
    if (!f) continue;
    Emitter em(env, nimp + i, f);
    Status s = dec.decode_function(m, vctx, nimp + i, em);
    if (s.ok()) {
      out->funcs[i].compiled = true;
    } else {
      copy_text(out->funcs[i].reason, sizeof out->funcs[i].reason, s.error().message);
      emit_stub(env, nimp + i, f);
    }
  }
  for (uint32_t i = 0; i < ndef; ++i) {
    llvm::Function* f = env.funcs[nimp + i];
    if (f) emit_slot_wrapper(env, m.func_type(m.func_type_index(nimp + i)), f, "s" + std::to_string(i));
  }
  // On-stack replacement entries (tier auto): a second decode of the function's
  // body whose entry block switches into the asked loops that are eligible
  // (Emitter::set_osr), and the table of those loops. The function need not be
  // in this batch (its calls go through the FuncEntry table); one in the batch
  // that did not compile, or one without an eligible loop, gets none.
  auto* osr_ty = llvm::FunctionType::get(llvm::Type::getVoidTy(*tsc),
                                         {env.ptr(), env.ptr(), env.i32()}, false);
  std::map<uint32_t, std::vector<uint32_t>> osr_loops;
  for (uint32_t k = 0; k < req->osr_count; ++k) osr_loops[req->osr[2 * k]].push_back(req->osr[2 * k + 1]);
  for (auto& [i, loops] : osr_loops) {
    if (i >= ndef || (env.funcs[nimp + i] && !out->funcs[i].compiled)) continue;
    if (req->only && !req->only[i]) {
      // Not in the batch: a type tier 1 cannot take gets no entry either.
      const ir::FuncType& ft = m.func_type(m.func_type_index(nimp + i));
      if (!env.func_type(ft)) continue;
    }
    const std::string name = "o" + std::to_string(i);
    if (mod->getFunction(name)) continue;
    auto* f = llvm::Function::Create(osr_ty, llvm::Function::ExternalLinkage, name, *mod);
    f->addFnAttr("frame-pointer", "all");
    Emitter em(env, nimp + i, f);
    em.set_osr(std::move(loops));
    Status s = dec.decode_function(m, vctx, nimp + i, em);
    if (!s.ok() || em.osr_loops().empty()) {
      f->eraseFromParent();
      continue;
    }
    auto* table = llvm::ConstantDataArray::get(*tsc, llvm::ArrayRef<uint32_t>(em.osr_loops()));
    new llvm::GlobalVariable(*mod, table->getType(), /*isConstant=*/true,
                             llvm::GlobalValue::ExternalLinkage, table, "q" + std::to_string(i));
  }
  if (dib) dib->finalize();
  // Calls that inlining would turn into a signalling-NaN fold stay calls (emit_simd.h).
  SimdEmit::guard_folds_across_calls(env);
  {
  // Backtraces (code_map.h) name physical frames: a slot wrapper never absorbs its
  // function (the entry frame would hide it), and SKIFF_TIER1_INLINE=0 keeps every
  // wasm function out of line (exact backtraces, slower code).
  static const bool no_inline = [] {
    const char* e = std::getenv("SKIFF_TIER1_INLINE");
    return e && e[0] == '0';
  }();
  for (uint32_t i = 0; i < ndef; ++i) {
    llvm::Function* f = env.funcs[nimp + i];
    if (!f) continue;
    if (no_inline) f->addFnAttr(llvm::Attribute::NoInline);
    if (llvm::Function* w = mod->getFunction("s" + std::to_string(i)))
      for (llvm::BasicBlock& bb : *w)
        for (llvm::Instruction& ins : bb)
          if (auto* cb = llvm::dyn_cast<llvm::CallBase>(&ins); cb && cb->getCalledFunction() == f)
            cb->setIsNoInline();
  }
    std::string msg;
    llvm::raw_string_ostream os(msg);
    if (llvm::verifyModule(*mod, &os)) {
      os.flush();
      copy_text(out->error, sizeof out->error, "tier 1 emitted invalid LLVM IR: " + msg);
      if (std::getenv("SKIFF_TIER1_DUMP")) mod->print(llvm::errs(), nullptr);
      return false;
    }
  }
  std::chrono::steady_clock::time_point t_emitted;
  {
    // Versioned loops (loop_versioning.h): a guarded, unshared memory 0 only
    // (SKIFF_TIER1_LOOP_VERSIONING=0 turns them off).
    static const bool no_versioning = [] {
      const char* e = std::getenv("SKIFF_TIER1_LOOP_VERSIONING");
      return e && e[0] == '0';
    }();
    const bool mem0_plain = req->mem0_guarded && m.num_memories() > 0 && !m.memory_type(0).limits.shared &&
                            !m.memory_type(0).limits.is64;
    t_emitted = std::chrono::steady_clock::now();
    optimize(*mod, req->opt_level, tm, mem0_plain && !no_versioning);
    pin_fault_locations(*mod);  // loads that may fault: offsets, no cmov (fault_locs.h)
    if (dib) flatten_inline_chains(*mod, nimp);  // inlined callers into the line rows
  }
  const auto t_optimized = std::chrono::steady_clock::now();
  if (std::getenv("SKIFF_TIER1_DUMP")) mod->print(llvm::errs(), nullptr);

  // Everything defined here is local to the object: direct calls, no GOT.
  for (llvm::Function& f : *mod) {
    if (f.isDeclaration()) continue;
    f.setVisibility(llvm::GlobalValue::HiddenVisibility);
    f.setDSOLocal(true);
    f.addFnAttr(llvm::Attribute::NoUnwind);
    f.setUWTableKind(llvm::UWTableKind::None);
    // Backtraces walk frame pointers and name every frame (as tier 0 does): keep
    // them, and no sibling calls that would drop a caller's frame.
    f.addFnAttr("frame-pointer", "all");
    f.addFnAttr("disable-tail-calls", "true");
  }
  for (llvm::GlobalVariable& g : mod->globals()) {
    if (g.isDeclaration()) continue;
    if (!g.hasLocalLinkage()) g.setVisibility(llvm::GlobalValue::HiddenVisibility);
    g.setDSOLocal(true);
  }
  auto output = std::make_unique<Output>();
  {
    llvm::raw_svector_ostream os(output->object);
    llvm::legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
      copy_text(out->error, sizeof out->error, "LLVM cannot emit an object for this target");
      return false;
    }
    pm.run(*mod);
  }
  if (trace_on()) {
    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    std::fprintf(stderr, "tier1 compile done: emit %.1f ms, optimize %.1f ms, codegen %.1f ms\n",
                 ms(t_start, t_emitted), ms(t_emitted, t_optimized),
                 ms(t_optimized, std::chrono::steady_clock::now()));
  }
  out->object = reinterpret_cast<const uint8_t*>(output->object.data());
  out->object_size = output->object.size();
  out->handle = output.release();
  return true;
}

void release(void* handle) { delete static_cast<Output*>(handle); }

const rt1::CompilerApi kApi{rt1::kCompilerAbiVersion, &compile, &release};

}  // namespace
}  // namespace skiff::compiler

extern "C" __attribute__((visibility("default"))) const skiff::rt::tier1::CompilerApi*
skiff_compiler_api(uint32_t abi_version) {
  return abi_version == skiff::rt::tier1::kCompilerAbiVersion ? &skiff::compiler::kApi : nullptr;
}
