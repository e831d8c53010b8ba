// Entry points of the body checker for plain validation: function bodies and
// constant expressions.
#include <optional>

#include "valid/body_decoder.h"

namespace skiff::valid {

Status validate_function_body(const ir::Module& m, uint32_t func_index, const TypeContext& ctx) {
  std::optional<TypeCanon> own;
  TypeContext c = ctx;
  if (!c.canon) c.canon = &own.emplace(m);
  // One decoder per thread keeps its stacks' capacity from body to body.
  thread_local BodyDecoder<NullConsumer> d;
  NullConsumer null;
  return d.decode_function(m, c, func_index, null);
}

Status validate_const_expr(const ir::Module& m, const ir::Expr& e, ValType expected,
                           uint32_t visible_globals, const TypeContext& ctx) {
  std::optional<TypeCanon> own;
  TypeContext c = ctx;
  if (!c.canon) c.canon = &own.emplace(m);
  Checker k;
  if (!k.begin_const(m, c, e, expected, visible_globals)) return k.take_error();
  for (;;) {
    switch (k.step()) {
      case Step::Done:
        return {};
      case Step::Fail:
        return k.take_error();
      default:
        break;
    }
  }
}

}  // namespace skiff::valid
