// translate(): runs the body decoder with the translator (translator.h).
#include "interp/translate.h"

#include <cstdio>
#include <cstdlib>

#include "interp/translator.h"
#include "interp/verify.h"

namespace skiff::interp {

Result<std::unique_ptr<Code>> translate(const rt::CompiledModule& cm, uint32_t func_index,
                                        const void* const* handlers,
                                        const TranslateOptions& opts) {
  const ir::Module& m = cm.module;
  if (func_index < m.num_imported_funcs || func_index >= m.num_funcs())
    return make_error("translate: not a defined function");
  auto code = std::make_unique<Code>();
  detail::Translator t(cm, func_index, handlers, *code, opts);
  valid::TypeContext ctx;
  ctx.canon = &cm.canon;
  valid::BodyDecoder<detail::Translator> dec;
  SKIFF_TRY(dec.decode_function(m, ctx, func_index, t));
  t.finish();
  if (opts.verify) {
    Status v = verify_code(*code, cm, handlers);
    if (!v.ok()) {
#ifndef NDEBUG
      // A translator bug: stop here, where it is found, rather than run the code.
      std::fprintf(stderr, "skiff: %s\n", v.error().message.c_str());
      std::abort();
#endif
      return std::move(v).error();
    }
  }
  return code;
}

}  // namespace skiff::interp
