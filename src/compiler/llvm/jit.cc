// libskiff_compiler.so: the C entry point (tier1_abi.h CompilerApi) and the module
// driver: one LLVM module per wasm module, every defined function emitted by the
// Emitter (or as a call_slow stub when it cannot be compiled yet), a slot wrapper
// per function, verifyModule, the new pass manager at the requested level, then
// ORC LLJIT in memory. Each compiled module gets its own JITDylib, removed by
// release().
//
// Thread safety: one LLJIT per process, made on first use; compile() may run on
// several threads (each has its own LLVMContext); the JIT is internally locked.
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "compiler/llvm/emitter.h"

namespace skiff::compiler {
namespace {

namespace rt1 = rt::tier1;

void copy_text(char* dst, size_t cap, const std::string& s) {
  size_t n = s.size() < cap - 1 ? s.size() : cap - 1;
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

llvm::orc::LLJIT* the_jit(std::string* err) {
  static std::once_flag once;
  static std::unique_ptr<llvm::orc::LLJIT> jit;
  static std::string init_error;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    auto j = llvm::orc::LLJITBuilder().create();
    if (!j) {
      init_error = llvm::toString(j.takeError());
      return;
    }
    jit = std::move(*j);
  });
  if (!jit) *err = "cannot start LLVM's JIT: " + init_error;
  return jit.get();
}

void optimize(llvm::Module& mod, uint32_t level) {
  if (level == 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel ol = level == 1   ? llvm::OptimizationLevel::O1
                               : level == 2 ? llvm::OptimizationLevel::O2
                                            : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(ol);
  mpm.run(mod, mam);
}

std::atomic<uint64_t> g_module_counter{0};

bool compile(const rt1::CompileRequest* req, rt1::CompileResult* out) {
  // One compile at a time: LLJIT's default compiler shares one TargetMachine,
  // which is not thread-safe (two scripts compiling at once under `skiff wast -j2`
  // produced "symbol already defined" from the assembler). Parallel compilation
  // comes with per-thread target machines.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::string err;
  llvm::orc::LLJIT* jit = the_jit(&err);
  if (!jit) {
    copy_text(out->error, sizeof out->error, err);
    return false;
  }
  const ir::Module& m = *req->module;
  auto tsc = std::make_unique<llvm::LLVMContext>();
  auto mod = std::make_unique<llvm::Module>("wasm", *tsc);
  mod->setDataLayout(jit->getDataLayout());
  mod->setTargetTriple(jit->getTargetTriple().str());
  ModuleEnv env{*tsc, *mod, m, *req->canon, req->mem0_guarded, {}};
  env.fuel = req->fuel;
  env.interruptible = req->interruptible;
  env.funcs.assign(m.num_funcs(), nullptr);
  const uint32_t nimp = m.num_imported_funcs;
  const uint32_t ndef = uint32_t(m.funcs.size());
  // Declare every defined function first (direct calls may go forwards).
  std::vector<bool> typed(ndef, true);
  for (uint32_t i = 0; i < ndef; ++i) {
    const ir::FuncType& ft = m.func_type(m.func_type_index(nimp + i));
    llvm::FunctionType* fty = env.func_type(ft);
    if (!fty) {
      typed[i] = false;
      std::snprintf(out->funcs[i].reason, sizeof out->funcs[i].reason,
                    "unsupported: a parameter or result type");
      continue;
    }
    auto* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, "f" + std::to_string(i),
                                     *mod);
    f->addFnAttr("frame-pointer", "all");
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
  {
    std::string msg;
    llvm::raw_string_ostream os(msg);
    if (llvm::verifyModule(*mod, &os)) {
      os.flush();
      copy_text(out->error, sizeof out->error, "tier 1 emitted invalid LLVM IR: " + msg);
      if (std::getenv("SKIFF_TIER1_DUMP")) mod->print(llvm::errs(), nullptr);
      return false;
    }
  }
  optimize(*mod, req->opt_level);
  if (std::getenv("SKIFF_TIER1_DUMP")) mod->print(llvm::errs(), nullptr);

  std::string jd_name = "skiff" + std::to_string(g_module_counter.fetch_add(1));
  auto jd = jit->createJITDylib(jd_name);
  if (!jd) {
    copy_text(out->error, sizeof out->error, llvm::toString(jd.takeError()));
    return false;
  }
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      jit->getDataLayout().getGlobalPrefix());
  if (gen) jd->addGenerator(std::move(*gen));
  else llvm::consumeError(gen.takeError());
  if (auto e = jit->addIRModule(*jd, llvm::orc::ThreadSafeModule(std::move(mod), std::move(tsc)))) {
    copy_text(out->error, sizeof out->error, llvm::toString(std::move(e)));
    return false;
  }
  for (uint32_t i = 0; i < ndef; ++i) {
    if (!typed[i]) continue;
    auto a = jit->lookup(*jd, "f" + std::to_string(i));
    auto s = jit->lookup(*jd, "s" + std::to_string(i));
    if (!a || !s) {
      std::string msg = !a ? llvm::toString(a.takeError()) : llvm::toString(s.takeError());
      if (a) llvm::consumeError(s.takeError());
      copy_text(out->error, sizeof out->error, "JIT lookup failed: " + msg);
      return false;
    }
    out->funcs[i].code = a->toPtr<void*>();
    out->funcs[i].slot_code = s->toPtr<void*>();
  }
  out->handle = &*jd;
  return true;
}

void release(void* handle) {
  if (!handle) return;
  std::string err;
  llvm::orc::LLJIT* jit = the_jit(&err);
  if (!jit) return;
  auto* jd = static_cast<llvm::orc::JITDylib*>(handle);
  llvm::consumeError(jit->getExecutionSession().removeJITDylib(*jd));
}

const rt1::CompilerApi kApi{rt1::kCompilerAbiVersion, &compile, &release};

}  // namespace
}  // namespace skiff::compiler

extern "C" __attribute__((visibility("default"))) const skiff::rt::tier1::CompilerApi*
skiff_compiler_api(uint32_t abi_version) {
  return abi_version == skiff::rt::tier1::kCompilerAbiVersion ? &skiff::compiler::kApi : nullptr;
}
