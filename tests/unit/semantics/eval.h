// A tiny evaluator of straight-line wasm functions over the pure semantics, for the
// tests: it runs a function body made of local.get/set/tee, constants, drop, select,
// nop and any numeric or SIMD (non-memory) instruction, calling src/semantics for
// each op. Anything else (control flow, calls, memory, globals, refs) makes the run
// "unsupported", and the caller skips that assertion.
//
// SKIFF_SEM_TEST_OPS is the map from every numeric Op of the opcode table to its
// semantics function (the function named like the op's text, '.' -> '_'); the
// evaluator's switch and the coverage test are both generated from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/module.h"
#include "ir/opcode.h"
#include "semantics/semantics.h"

namespace skiff::semtest {

// Ops whose only operands are stack values (immediate kind None).
#define SKIFF_SEM_TEST_OPS(X)                                      \
  X(I32Eqz, i32_eqz)                                               \
  X(I32Eq, i32_eq)                                                 \
  X(I32Ne, i32_ne)                                                 \
  X(I32LtS, i32_lt_s)                                              \
  X(I32LtU, i32_lt_u)                                              \
  X(I32GtS, i32_gt_s)                                              \
  X(I32GtU, i32_gt_u)                                              \
  X(I32LeS, i32_le_s)                                              \
  X(I32LeU, i32_le_u)                                              \
  X(I32GeS, i32_ge_s)                                              \
  X(I32GeU, i32_ge_u)                                              \
  X(I64Eqz, i64_eqz)                                               \
  X(I64Eq, i64_eq)                                                 \
  X(I64Ne, i64_ne)                                                 \
  X(I64LtS, i64_lt_s)                                              \
  X(I64LtU, i64_lt_u)                                              \
  X(I64GtS, i64_gt_s)                                              \
  X(I64GtU, i64_gt_u)                                              \
  X(I64LeS, i64_le_s)                                              \
  X(I64LeU, i64_le_u)                                              \
  X(I64GeS, i64_ge_s)                                              \
  X(I64GeU, i64_ge_u)                                              \
  X(F32Eq, f32_eq)                                                 \
  X(F32Ne, f32_ne)                                                 \
  X(F32Lt, f32_lt)                                                 \
  X(F32Gt, f32_gt)                                                 \
  X(F32Le, f32_le)                                                 \
  X(F32Ge, f32_ge)                                                 \
  X(F64Eq, f64_eq)                                                 \
  X(F64Ne, f64_ne)                                                 \
  X(F64Lt, f64_lt)                                                 \
  X(F64Gt, f64_gt)                                                 \
  X(F64Le, f64_le)                                                 \
  X(F64Ge, f64_ge)                                                 \
  X(I32Clz, i32_clz)                                               \
  X(I32Ctz, i32_ctz)                                               \
  X(I32Popcnt, i32_popcnt)                                         \
  X(I32Add, i32_add)                                               \
  X(I32Sub, i32_sub)                                               \
  X(I32Mul, i32_mul)                                               \
  X(I32DivS, i32_div_s)                                            \
  X(I32DivU, i32_div_u)                                            \
  X(I32RemS, i32_rem_s)                                            \
  X(I32RemU, i32_rem_u)                                            \
  X(I32And, i32_and)                                               \
  X(I32Or, i32_or)                                                 \
  X(I32Xor, i32_xor)                                               \
  X(I32Shl, i32_shl)                                               \
  X(I32ShrS, i32_shr_s)                                            \
  X(I32ShrU, i32_shr_u)                                            \
  X(I32Rotl, i32_rotl)                                             \
  X(I32Rotr, i32_rotr)                                             \
  X(I64Clz, i64_clz)                                               \
  X(I64Ctz, i64_ctz)                                               \
  X(I64Popcnt, i64_popcnt)                                         \
  X(I64Add, i64_add)                                               \
  X(I64Sub, i64_sub)                                               \
  X(I64Mul, i64_mul)                                               \
  X(I64DivS, i64_div_s)                                            \
  X(I64DivU, i64_div_u)                                            \
  X(I64RemS, i64_rem_s)                                            \
  X(I64RemU, i64_rem_u)                                            \
  X(I64And, i64_and)                                               \
  X(I64Or, i64_or)                                                 \
  X(I64Xor, i64_xor)                                               \
  X(I64Shl, i64_shl)                                               \
  X(I64ShrS, i64_shr_s)                                            \
  X(I64ShrU, i64_shr_u)                                            \
  X(I64Rotl, i64_rotl)                                             \
  X(I64Rotr, i64_rotr)                                             \
  X(F32Abs, f32_abs)                                               \
  X(F32Neg, f32_neg)                                               \
  X(F32Ceil, f32_ceil)                                             \
  X(F32Floor, f32_floor)                                           \
  X(F32Trunc, f32_trunc)                                           \
  X(F32Nearest, f32_nearest)                                       \
  X(F32Sqrt, f32_sqrt)                                             \
  X(F32Add, f32_add)                                               \
  X(F32Sub, f32_sub)                                               \
  X(F32Mul, f32_mul)                                               \
  X(F32Div, f32_div)                                               \
  X(F32Min, f32_min)                                               \
  X(F32Max, f32_max)                                               \
  X(F32Copysign, f32_copysign)                                     \
  X(F64Abs, f64_abs)                                               \
  X(F64Neg, f64_neg)                                               \
  X(F64Ceil, f64_ceil)                                             \
  X(F64Floor, f64_floor)                                           \
  X(F64Trunc, f64_trunc)                                           \
  X(F64Nearest, f64_nearest)                                       \
  X(F64Sqrt, f64_sqrt)                                             \
  X(F64Add, f64_add)                                               \
  X(F64Sub, f64_sub)                                               \
  X(F64Mul, f64_mul)                                               \
  X(F64Div, f64_div)                                               \
  X(F64Min, f64_min)                                               \
  X(F64Max, f64_max)                                               \
  X(F64Copysign, f64_copysign)                                     \
  X(I32WrapI64, i32_wrap_i64)                                      \
  X(I32TruncF32S, i32_trunc_f32_s)                                 \
  X(I32TruncF32U, i32_trunc_f32_u)                                 \
  X(I32TruncF64S, i32_trunc_f64_s)                                 \
  X(I32TruncF64U, i32_trunc_f64_u)                                 \
  X(I64ExtendI32S, i64_extend_i32_s)                               \
  X(I64ExtendI32U, i64_extend_i32_u)                               \
  X(I64TruncF32S, i64_trunc_f32_s)                                 \
  X(I64TruncF32U, i64_trunc_f32_u)                                 \
  X(I64TruncF64S, i64_trunc_f64_s)                                 \
  X(I64TruncF64U, i64_trunc_f64_u)                                 \
  X(F32ConvertI32S, f32_convert_i32_s)                             \
  X(F32ConvertI32U, f32_convert_i32_u)                             \
  X(F32ConvertI64S, f32_convert_i64_s)                             \
  X(F32ConvertI64U, f32_convert_i64_u)                             \
  X(F32DemoteF64, f32_demote_f64)                                  \
  X(F64ConvertI32S, f64_convert_i32_s)                             \
  X(F64ConvertI32U, f64_convert_i32_u)                             \
  X(F64ConvertI64S, f64_convert_i64_s)                             \
  X(F64ConvertI64U, f64_convert_i64_u)                             \
  X(F64PromoteF32, f64_promote_f32)                                \
  X(I32ReinterpretF32, i32_reinterpret_f32)                        \
  X(I64ReinterpretF64, i64_reinterpret_f64)                        \
  X(F32ReinterpretI32, f32_reinterpret_i32)                        \
  X(F64ReinterpretI64, f64_reinterpret_i64)                        \
  X(I32Extend8S, i32_extend8_s)                                    \
  X(I32Extend16S, i32_extend16_s)                                  \
  X(I64Extend8S, i64_extend8_s)                                    \
  X(I64Extend16S, i64_extend16_s)                                  \
  X(I64Extend32S, i64_extend32_s)                                  \
  X(I32TruncSatF32S, i32_trunc_sat_f32_s)                          \
  X(I32TruncSatF32U, i32_trunc_sat_f32_u)                          \
  X(I32TruncSatF64S, i32_trunc_sat_f64_s)                          \
  X(I32TruncSatF64U, i32_trunc_sat_f64_u)                          \
  X(I64TruncSatF32S, i64_trunc_sat_f32_s)                          \
  X(I64TruncSatF32U, i64_trunc_sat_f32_u)                          \
  X(I64TruncSatF64S, i64_trunc_sat_f64_s)                          \
  X(I64TruncSatF64U, i64_trunc_sat_f64_u)                          \
  X(I64Add128, i64_add128)                                         \
  X(I64Sub128, i64_sub128)                                         \
  X(I64MulWideS, i64_mul_wide_s)                                   \
  X(I64MulWideU, i64_mul_wide_u)                                   \
  X(I8x16Swizzle, i8x16_swizzle)                                   \
  X(I8x16Splat, i8x16_splat)                                       \
  X(I16x8Splat, i16x8_splat)                                       \
  X(I32x4Splat, i32x4_splat)                                       \
  X(I64x2Splat, i64x2_splat)                                       \
  X(F32x4Splat, f32x4_splat)                                       \
  X(F64x2Splat, f64x2_splat)                                       \
  X(I8x16Eq, i8x16_eq)                                             \
  X(I8x16Ne, i8x16_ne)                                             \
  X(I8x16LtS, i8x16_lt_s)                                          \
  X(I8x16LtU, i8x16_lt_u)                                          \
  X(I8x16GtS, i8x16_gt_s)                                          \
  X(I8x16GtU, i8x16_gt_u)                                          \
  X(I8x16LeS, i8x16_le_s)                                          \
  X(I8x16LeU, i8x16_le_u)                                          \
  X(I8x16GeS, i8x16_ge_s)                                          \
  X(I8x16GeU, i8x16_ge_u)                                          \
  X(I16x8Eq, i16x8_eq)                                             \
  X(I16x8Ne, i16x8_ne)                                             \
  X(I16x8LtS, i16x8_lt_s)                                          \
  X(I16x8LtU, i16x8_lt_u)                                          \
  X(I16x8GtS, i16x8_gt_s)                                          \
  X(I16x8GtU, i16x8_gt_u)                                          \
  X(I16x8LeS, i16x8_le_s)                                          \
  X(I16x8LeU, i16x8_le_u)                                          \
  X(I16x8GeS, i16x8_ge_s)                                          \
  X(I16x8GeU, i16x8_ge_u)                                          \
  X(I32x4Eq, i32x4_eq)                                             \
  X(I32x4Ne, i32x4_ne)                                             \
  X(I32x4LtS, i32x4_lt_s)                                          \
  X(I32x4LtU, i32x4_lt_u)                                          \
  X(I32x4GtS, i32x4_gt_s)                                          \
  X(I32x4GtU, i32x4_gt_u)                                          \
  X(I32x4LeS, i32x4_le_s)                                          \
  X(I32x4LeU, i32x4_le_u)                                          \
  X(I32x4GeS, i32x4_ge_s)                                          \
  X(I32x4GeU, i32x4_ge_u)                                          \
  X(F32x4Eq, f32x4_eq)                                             \
  X(F32x4Ne, f32x4_ne)                                             \
  X(F32x4Lt, f32x4_lt)                                             \
  X(F32x4Gt, f32x4_gt)                                             \
  X(F32x4Le, f32x4_le)                                             \
  X(F32x4Ge, f32x4_ge)                                             \
  X(F64x2Eq, f64x2_eq)                                             \
  X(F64x2Ne, f64x2_ne)                                             \
  X(F64x2Lt, f64x2_lt)                                             \
  X(F64x2Gt, f64x2_gt)                                             \
  X(F64x2Le, f64x2_le)                                             \
  X(F64x2Ge, f64x2_ge)                                             \
  X(V128Not, v128_not)                                             \
  X(V128And, v128_and)                                             \
  X(V128Andnot, v128_andnot)                                       \
  X(V128Or, v128_or)                                               \
  X(V128Xor, v128_xor)                                             \
  X(V128Bitselect, v128_bitselect)                                 \
  X(V128AnyTrue, v128_any_true)                                    \
  X(F32x4DemoteF64x2Zero, f32x4_demote_f64x2_zero)                 \
  X(F64x2PromoteLowF32x4, f64x2_promote_low_f32x4)                 \
  X(I8x16Abs, i8x16_abs)                                           \
  X(I8x16Neg, i8x16_neg)                                           \
  X(I8x16Popcnt, i8x16_popcnt)                                     \
  X(I8x16AllTrue, i8x16_all_true)                                  \
  X(I8x16Bitmask, i8x16_bitmask)                                   \
  X(I8x16NarrowI16x8S, i8x16_narrow_i16x8_s)                       \
  X(I8x16NarrowI16x8U, i8x16_narrow_i16x8_u)                       \
  X(F32x4Ceil, f32x4_ceil)                                         \
  X(F32x4Floor, f32x4_floor)                                       \
  X(F32x4Trunc, f32x4_trunc)                                       \
  X(F32x4Nearest, f32x4_nearest)                                   \
  X(I8x16Shl, i8x16_shl)                                           \
  X(I8x16ShrS, i8x16_shr_s)                                        \
  X(I8x16ShrU, i8x16_shr_u)                                        \
  X(I8x16Add, i8x16_add)                                           \
  X(I8x16AddSatS, i8x16_add_sat_s)                                 \
  X(I8x16AddSatU, i8x16_add_sat_u)                                 \
  X(I8x16Sub, i8x16_sub)                                           \
  X(I8x16SubSatS, i8x16_sub_sat_s)                                 \
  X(I8x16SubSatU, i8x16_sub_sat_u)                                 \
  X(F64x2Ceil, f64x2_ceil)                                         \
  X(F64x2Floor, f64x2_floor)                                       \
  X(I8x16MinS, i8x16_min_s)                                        \
  X(I8x16MinU, i8x16_min_u)                                        \
  X(I8x16MaxS, i8x16_max_s)                                        \
  X(I8x16MaxU, i8x16_max_u)                                        \
  X(F64x2Trunc, f64x2_trunc)                                       \
  X(I8x16AvgrU, i8x16_avgr_u)                                      \
  X(I16x8ExtaddPairwiseI8x16S, i16x8_extadd_pairwise_i8x16_s)      \
  X(I16x8ExtaddPairwiseI8x16U, i16x8_extadd_pairwise_i8x16_u)      \
  X(I32x4ExtaddPairwiseI16x8S, i32x4_extadd_pairwise_i16x8_s)      \
  X(I32x4ExtaddPairwiseI16x8U, i32x4_extadd_pairwise_i16x8_u)      \
  X(I16x8Abs, i16x8_abs)                                           \
  X(I16x8Neg, i16x8_neg)                                           \
  X(I16x8Q15mulrSatS, i16x8_q15mulr_sat_s)                         \
  X(I16x8AllTrue, i16x8_all_true)                                  \
  X(I16x8Bitmask, i16x8_bitmask)                                   \
  X(I16x8NarrowI32x4S, i16x8_narrow_i32x4_s)                       \
  X(I16x8NarrowI32x4U, i16x8_narrow_i32x4_u)                       \
  X(I16x8ExtendLowI8x16S, i16x8_extend_low_i8x16_s)                \
  X(I16x8ExtendHighI8x16S, i16x8_extend_high_i8x16_s)              \
  X(I16x8ExtendLowI8x16U, i16x8_extend_low_i8x16_u)                \
  X(I16x8ExtendHighI8x16U, i16x8_extend_high_i8x16_u)              \
  X(I16x8Shl, i16x8_shl)                                           \
  X(I16x8ShrS, i16x8_shr_s)                                        \
  X(I16x8ShrU, i16x8_shr_u)                                        \
  X(I16x8Add, i16x8_add)                                           \
  X(I16x8AddSatS, i16x8_add_sat_s)                                 \
  X(I16x8AddSatU, i16x8_add_sat_u)                                 \
  X(I16x8Sub, i16x8_sub)                                           \
  X(I16x8SubSatS, i16x8_sub_sat_s)                                 \
  X(I16x8SubSatU, i16x8_sub_sat_u)                                 \
  X(F64x2Nearest, f64x2_nearest)                                   \
  X(I16x8Mul, i16x8_mul)                                           \
  X(I16x8MinS, i16x8_min_s)                                        \
  X(I16x8MinU, i16x8_min_u)                                        \
  X(I16x8MaxS, i16x8_max_s)                                        \
  X(I16x8MaxU, i16x8_max_u)                                        \
  X(I16x8AvgrU, i16x8_avgr_u)                                      \
  X(I16x8ExtmulLowI8x16S, i16x8_extmul_low_i8x16_s)                \
  X(I16x8ExtmulHighI8x16S, i16x8_extmul_high_i8x16_s)              \
  X(I16x8ExtmulLowI8x16U, i16x8_extmul_low_i8x16_u)                \
  X(I16x8ExtmulHighI8x16U, i16x8_extmul_high_i8x16_u)              \
  X(I32x4Abs, i32x4_abs)                                           \
  X(I32x4Neg, i32x4_neg)                                           \
  X(I32x4AllTrue, i32x4_all_true)                                  \
  X(I32x4Bitmask, i32x4_bitmask)                                   \
  X(I32x4ExtendLowI16x8S, i32x4_extend_low_i16x8_s)                \
  X(I32x4ExtendHighI16x8S, i32x4_extend_high_i16x8_s)              \
  X(I32x4ExtendLowI16x8U, i32x4_extend_low_i16x8_u)                \
  X(I32x4ExtendHighI16x8U, i32x4_extend_high_i16x8_u)              \
  X(I32x4Shl, i32x4_shl)                                           \
  X(I32x4ShrS, i32x4_shr_s)                                        \
  X(I32x4ShrU, i32x4_shr_u)                                        \
  X(I32x4Add, i32x4_add)                                           \
  X(I32x4Sub, i32x4_sub)                                           \
  X(I32x4Mul, i32x4_mul)                                           \
  X(I32x4MinS, i32x4_min_s)                                        \
  X(I32x4MinU, i32x4_min_u)                                        \
  X(I32x4MaxS, i32x4_max_s)                                        \
  X(I32x4MaxU, i32x4_max_u)                                        \
  X(I32x4DotI16x8S, i32x4_dot_i16x8_s)                             \
  X(I32x4ExtmulLowI16x8S, i32x4_extmul_low_i16x8_s)                \
  X(I32x4ExtmulHighI16x8S, i32x4_extmul_high_i16x8_s)              \
  X(I32x4ExtmulLowI16x8U, i32x4_extmul_low_i16x8_u)                \
  X(I32x4ExtmulHighI16x8U, i32x4_extmul_high_i16x8_u)              \
  X(I64x2Abs, i64x2_abs)                                           \
  X(I64x2Neg, i64x2_neg)                                           \
  X(I64x2AllTrue, i64x2_all_true)                                  \
  X(I64x2Bitmask, i64x2_bitmask)                                   \
  X(I64x2ExtendLowI32x4S, i64x2_extend_low_i32x4_s)                \
  X(I64x2ExtendHighI32x4S, i64x2_extend_high_i32x4_s)              \
  X(I64x2ExtendLowI32x4U, i64x2_extend_low_i32x4_u)                \
  X(I64x2ExtendHighI32x4U, i64x2_extend_high_i32x4_u)              \
  X(I64x2Shl, i64x2_shl)                                           \
  X(I64x2ShrS, i64x2_shr_s)                                        \
  X(I64x2ShrU, i64x2_shr_u)                                        \
  X(I64x2Add, i64x2_add)                                           \
  X(I64x2Sub, i64x2_sub)                                           \
  X(I64x2Mul, i64x2_mul)                                           \
  X(I64x2Eq, i64x2_eq)                                             \
  X(I64x2Ne, i64x2_ne)                                             \
  X(I64x2LtS, i64x2_lt_s)                                          \
  X(I64x2GtS, i64x2_gt_s)                                          \
  X(I64x2LeS, i64x2_le_s)                                          \
  X(I64x2GeS, i64x2_ge_s)                                          \
  X(I64x2ExtmulLowI32x4S, i64x2_extmul_low_i32x4_s)                \
  X(I64x2ExtmulHighI32x4S, i64x2_extmul_high_i32x4_s)              \
  X(I64x2ExtmulLowI32x4U, i64x2_extmul_low_i32x4_u)                \
  X(I64x2ExtmulHighI32x4U, i64x2_extmul_high_i32x4_u)              \
  X(F32x4Abs, f32x4_abs)                                           \
  X(F32x4Neg, f32x4_neg)                                           \
  X(F32x4Sqrt, f32x4_sqrt)                                         \
  X(F32x4Add, f32x4_add)                                           \
  X(F32x4Sub, f32x4_sub)                                           \
  X(F32x4Mul, f32x4_mul)                                           \
  X(F32x4Div, f32x4_div)                                           \
  X(F32x4Min, f32x4_min)                                           \
  X(F32x4Max, f32x4_max)                                           \
  X(F32x4Pmin, f32x4_pmin)                                         \
  X(F32x4Pmax, f32x4_pmax)                                         \
  X(F64x2Abs, f64x2_abs)                                           \
  X(F64x2Neg, f64x2_neg)                                           \
  X(F64x2Sqrt, f64x2_sqrt)                                         \
  X(F64x2Add, f64x2_add)                                           \
  X(F64x2Sub, f64x2_sub)                                           \
  X(F64x2Mul, f64x2_mul)                                           \
  X(F64x2Div, f64x2_div)                                           \
  X(F64x2Min, f64x2_min)                                           \
  X(F64x2Max, f64x2_max)                                           \
  X(F64x2Pmin, f64x2_pmin)                                         \
  X(F64x2Pmax, f64x2_pmax)                                         \
  X(I32x4TruncSatF32x4S, i32x4_trunc_sat_f32x4_s)                  \
  X(I32x4TruncSatF32x4U, i32x4_trunc_sat_f32x4_u)                  \
  X(F32x4ConvertI32x4S, f32x4_convert_i32x4_s)                     \
  X(F32x4ConvertI32x4U, f32x4_convert_i32x4_u)                     \
  X(I32x4TruncSatF64x2SZero, i32x4_trunc_sat_f64x2_s_zero)         \
  X(I32x4TruncSatF64x2UZero, i32x4_trunc_sat_f64x2_u_zero)         \
  X(F64x2ConvertLowI32x4S, f64x2_convert_low_i32x4_s)              \
  X(F64x2ConvertLowI32x4U, f64x2_convert_low_i32x4_u)              \
  X(I8x16RelaxedSwizzle, i8x16_relaxed_swizzle)                    \
  X(I32x4RelaxedTruncF32x4S, i32x4_relaxed_trunc_f32x4_s)          \
  X(I32x4RelaxedTruncF32x4U, i32x4_relaxed_trunc_f32x4_u)          \
  X(I32x4RelaxedTruncF64x2SZero, i32x4_relaxed_trunc_f64x2_s_zero) \
  X(I32x4RelaxedTruncF64x2UZero, i32x4_relaxed_trunc_f64x2_u_zero) \
  X(F32x4RelaxedMadd, f32x4_relaxed_madd)                          \
  X(F32x4RelaxedNmadd, f32x4_relaxed_nmadd)                        \
  X(F64x2RelaxedMadd, f64x2_relaxed_madd)                          \
  X(F64x2RelaxedNmadd, f64x2_relaxed_nmadd)                        \
  X(I8x16RelaxedLaneselect, i8x16_relaxed_laneselect)              \
  X(I16x8RelaxedLaneselect, i16x8_relaxed_laneselect)              \
  X(I32x4RelaxedLaneselect, i32x4_relaxed_laneselect)              \
  X(I64x2RelaxedLaneselect, i64x2_relaxed_laneselect)              \
  X(F32x4RelaxedMin, f32x4_relaxed_min)                            \
  X(F32x4RelaxedMax, f32x4_relaxed_max)                            \
  X(F64x2RelaxedMin, f64x2_relaxed_min)                            \
  X(F64x2RelaxedMax, f64x2_relaxed_max)                            \
  X(I16x8RelaxedQ15mulrS, i16x8_relaxed_q15mulr_s)                 \
  X(I16x8RelaxedDotI8x16I7x16S, i16x8_relaxed_dot_i8x16_i7x16_s)   \
  X(I32x4RelaxedDotI8x16I7x16AddS, i32x4_relaxed_dot_i8x16_i7x16_add_s)

// Ops with a lane or shuffle immediate, handled one by one in the evaluator.
#define SKIFF_SEM_TEST_LANE_OPS(X)                                                        \
  X(I8x16Shuffle)                                                                         \
  X(I8x16ExtractLaneS) X(I8x16ExtractLaneU) X(I8x16ReplaceLane) X(I16x8ExtractLaneS)      \
      X(I16x8ExtractLaneU) X(I16x8ReplaceLane) X(I32x4ExtractLane) X(I32x4ReplaceLane)    \
          X(I64x2ExtractLane) X(I64x2ReplaceLane) X(F32x4ExtractLane) X(F32x4ReplaceLane) \
              X(F64x2ExtractLane) X(F64x2ReplaceLane)

struct Val {
  ir::ValKind kind = ir::ValKind::I32;
  uint64_t bits = 0;  // i32 (zero-extended), i64, f32/f64 bit patterns
  sem::V128 v{};      // v128
};

struct Outcome {
  enum class Kind : uint8_t { Ok, Trap, Unsupported };
  Kind kind = Kind::Unsupported;
  sem::TrapKind trap = sem::TrapKind::None;
  std::vector<Val> results;
  std::string why;          // Unsupported: the first instruction or shape not handled
  std::vector<ir::Op> ops;  // the numeric/SIMD ops executed, in order
};

// True when the evaluator implements `op` (numeric/SIMD ops and the few
// structural ones listed above).
bool evaluator_supports(ir::Op op);

// Runs function `func_index` (whole index space) of `m` on `args`.
Outcome run_function(const ir::Module& m, uint32_t func_index, const std::vector<Val>& args);

}  // namespace skiff::semtest
