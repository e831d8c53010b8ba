// The constant-expression evaluator used by instantiation.
//
// It runs a validated constant expression against a (possibly partially built)
// instance: t.const, ref.null, ref.func, global.get, and extended-const's
// i32/i64 add/sub/mul. GC constant instructions (ref.i31, struct.new, array.new*,
// any.convert_extern, extern.convert_any) give the error "unsupported constant
// expression: <op>" until the GC issue lands. Malformed input gives an error, never
// a crash (index checks, stack depth checks).
#pragma once

#include "ir/module.h"
#include "runtime/instance.h"
#include "runtime/value.h"
#include "support/result.h"

namespace skiff::rt {

// `type` is the expression's declared (module-relative) result type; the returned
// Val carries its canonical form.
Result<Val> eval_const(const Instance& inst, const ir::Expr& expr, ir::ValType type);

}  // namespace skiff::rt
