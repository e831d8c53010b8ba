;; label_fusion shapes (tests/wast/label_fusion.wast, legacy-EH and plain ones) as
;; param-less exports: f(3) ^ 65599*f(20) each.
(module
  (tag $e (param i32))
  (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $f0 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 0 i32.const 1 i32.add else local.get 0 end
    return)
  (func $f1 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 0 i32.const 1 i32.add else local.get 0 end
    local.set 1 local.get 1)
  (func $f2 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 0 i32.const 1 i32.add else local.get 0 end
    local.get 0 call $add)
  (func $f3 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 0 i32.const 1 i32.add else local.get 0 end
    i32.const 7 i32.add)
  (func $f4 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 1 else local.get 0 i32.const 1 i32.add end
    return)
  (func $f5 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 1 else local.get 0 i32.const 1 i32.add end
    local.set 1 local.get 1)
  (func $f6 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 1 else local.get 0 i32.const 1 i32.add end
    local.get 0 call $add)
  (func $f7 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 i32.const 10 i32.lt_u if (result i32) local.get 1 else local.get 0 i32.const 1 i32.add end
    i32.const 7 i32.add)
  (func $f8 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 1 local.get 0 i32.const 10 i32.lt_u br_if 0 drop local.get 0 end
    return)
  (func $f9 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 1 local.get 0 i32.const 10 i32.lt_u br_if 0 drop local.get 0 end
    local.set 1 local.get 1)
  (func $f10 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 1 local.get 0 i32.const 10 i32.lt_u br_if 0 drop local.get 0 end
    local.get 0 call $add)
  (func $f11 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 1 local.get 0 i32.const 10 i32.lt_u br_if 0 drop local.get 0 end
    i32.const 7 i32.add)
  (func $f12 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 1 br 1 end local.get 0 end
    return)
  (func $f13 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 1 br 1 end local.get 0 end
    local.set 1 local.get 1)
  (func $f14 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 1 br 1 end local.get 0 end
    local.get 0 call $add)
  (func $f15 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 1 br 1 end local.get 0 end
    i32.const 7 i32.add)
  (func $f16 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block $o (result i32) block $i (result i32) local.get 1 local.get 0 i32.const 3 i32.and br_table $i $o $i end drop local.get 0 end
    return)
  (func $f17 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block $o (result i32) block $i (result i32) local.get 1 local.get 0 i32.const 3 i32.and br_table $i $o $i end drop local.get 0 end
    local.set 1 local.get 1)
  (func $f18 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block $o (result i32) block $i (result i32) local.get 1 local.get 0 i32.const 3 i32.and br_table $i $o $i end drop local.get 0 end
    local.get 0 call $add)
  (func $f19 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block $o (result i32) block $i (result i32) local.get 1 local.get 0 i32.const 3 i32.and br_table $i $o $i end drop local.get 0 end
    i32.const 7 i32.add)
  (func $f20 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 local.get 0 i32.const 10 i32.lt_u if (param i32) (result i32) drop local.get 1 end
    return)
  (func $f21 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 local.get 0 i32.const 10 i32.lt_u if (param i32) (result i32) drop local.get 1 end
    local.set 1 local.get 1)
  (func $f22 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 local.get 0 i32.const 10 i32.lt_u if (param i32) (result i32) drop local.get 1 end
    local.get 0 call $add)
  (func $f23 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    local.get 0 local.get 0 i32.const 10 i32.lt_u if (param i32) (result i32) drop local.get 1 end
    i32.const 7 i32.add)
  (func $f24 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 1 catch_all local.get 0 end
    return)
  (func $f25 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 1 catch_all local.get 0 end
    local.set 1 local.get 1)
  (func $f26 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 1 catch_all local.get 0 end
    local.get 0 call $add)
  (func $f27 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 1 catch_all local.get 0 end
    i32.const 7 i32.add)
  (func $f28 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 catch $e drop local.get 0 catch_all i32.const -1 end
    return)
  (func $f29 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 catch $e drop local.get 0 catch_all i32.const -1 end
    local.set 1 local.get 1)
  (func $f30 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 catch $e drop local.get 0 catch_all i32.const -1 end
    local.get 0 call $add)
  (func $f31 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 catch $e drop local.get 0 catch_all i32.const -1 end
    i32.const 7 i32.add)
  (func $f32 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 delegate 0 catch $e end
    return)
  (func $f33 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 delegate 0 catch $e end
    local.set 1 local.get 1)
  (func $f34 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 delegate 0 catch $e end
    local.get 0 call $add)
  (func $f35 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    try (result i32) try (result i32) local.get 0 i32.const 10 i32.lt_u if local.get 0 throw $e end local.get 1 delegate 0 catch $e end
    i32.const 7 i32.add)
  (func $f36 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) try (result i32) local.get 1 delegate 0 end
    return)
  (func $f37 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) try (result i32) local.get 1 delegate 0 end
    local.set 1 local.get 1)
  (func $f38 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) try (result i32) local.get 1 delegate 0 end
    local.get 0 call $add)
  (func $f39 (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.mul local.set 1
    block (result i32) try (result i32) local.get 1 delegate 0 end
    i32.const 7 i32.add)

  (func (export "ifelse_else_local/return") (result i32) (i32.xor (call $f0 (i32.const 3)) (i32.mul (i32.const 65599) (call $f0 (i32.const 20)))))
  (func (export "ifelse_else_local/local_set") (result i32) (i32.xor (call $f1 (i32.const 3)) (i32.mul (i32.const 65599) (call $f1 (i32.const 20)))))
  (func (export "ifelse_else_local/call_args") (result i32) (i32.xor (call $f2 (i32.const 3)) (i32.mul (i32.const 65599) (call $f2 (i32.const 20)))))
  (func (export "ifelse_else_local/add_const") (result i32) (i32.xor (call $f3 (i32.const 3)) (i32.mul (i32.const 65599) (call $f3 (i32.const 20)))))
  (func (export "ifelse_then_local/return") (result i32) (i32.xor (call $f4 (i32.const 3)) (i32.mul (i32.const 65599) (call $f4 (i32.const 20)))))
  (func (export "ifelse_then_local/local_set") (result i32) (i32.xor (call $f5 (i32.const 3)) (i32.mul (i32.const 65599) (call $f5 (i32.const 20)))))
  (func (export "ifelse_then_local/call_args") (result i32) (i32.xor (call $f6 (i32.const 3)) (i32.mul (i32.const 65599) (call $f6 (i32.const 20)))))
  (func (export "ifelse_then_local/add_const") (result i32) (i32.xor (call $f7 (i32.const 3)) (i32.mul (i32.const 65599) (call $f7 (i32.const 20)))))
  (func (export "br_if_block/return") (result i32) (i32.xor (call $f8 (i32.const 3)) (i32.mul (i32.const 65599) (call $f8 (i32.const 20)))))
  (func (export "br_if_block/local_set") (result i32) (i32.xor (call $f9 (i32.const 3)) (i32.mul (i32.const 65599) (call $f9 (i32.const 20)))))
  (func (export "br_if_block/call_args") (result i32) (i32.xor (call $f10 (i32.const 3)) (i32.mul (i32.const 65599) (call $f10 (i32.const 20)))))
  (func (export "br_if_block/add_const") (result i32) (i32.xor (call $f11 (i32.const 3)) (i32.mul (i32.const 65599) (call $f11 (i32.const 20)))))
  (func (export "br_block/return") (result i32) (i32.xor (call $f12 (i32.const 3)) (i32.mul (i32.const 65599) (call $f12 (i32.const 20)))))
  (func (export "br_block/local_set") (result i32) (i32.xor (call $f13 (i32.const 3)) (i32.mul (i32.const 65599) (call $f13 (i32.const 20)))))
  (func (export "br_block/call_args") (result i32) (i32.xor (call $f14 (i32.const 3)) (i32.mul (i32.const 65599) (call $f14 (i32.const 20)))))
  (func (export "br_block/add_const") (result i32) (i32.xor (call $f15 (i32.const 3)) (i32.mul (i32.const 65599) (call $f15 (i32.const 20)))))
  (func (export "br_table_block/return") (result i32) (i32.xor (call $f16 (i32.const 3)) (i32.mul (i32.const 65599) (call $f16 (i32.const 20)))))
  (func (export "br_table_block/local_set") (result i32) (i32.xor (call $f17 (i32.const 3)) (i32.mul (i32.const 65599) (call $f17 (i32.const 20)))))
  (func (export "br_table_block/call_args") (result i32) (i32.xor (call $f18 (i32.const 3)) (i32.mul (i32.const 65599) (call $f18 (i32.const 20)))))
  (func (export "br_table_block/add_const") (result i32) (i32.xor (call $f19 (i32.const 3)) (i32.mul (i32.const 65599) (call $f19 (i32.const 20)))))
  (func (export "if_params_no_else/return") (result i32) (i32.xor (call $f20 (i32.const 3)) (i32.mul (i32.const 65599) (call $f20 (i32.const 20)))))
  (func (export "if_params_no_else/local_set") (result i32) (i32.xor (call $f21 (i32.const 3)) (i32.mul (i32.const 65599) (call $f21 (i32.const 20)))))
  (func (export "if_params_no_else/call_args") (result i32) (i32.xor (call $f22 (i32.const 3)) (i32.mul (i32.const 65599) (call $f22 (i32.const 20)))))
  (func (export "if_params_no_else/add_const") (result i32) (i32.xor (call $f23 (i32.const 3)) (i32.mul (i32.const 65599) (call $f23 (i32.const 20)))))
  (func (export "try_catch_nothing_thrown/return") (result i32) (i32.xor (call $f24 (i32.const 3)) (i32.mul (i32.const 65599) (call $f24 (i32.const 20)))))
  (func (export "try_catch_nothing_thrown/local_set") (result i32) (i32.xor (call $f25 (i32.const 3)) (i32.mul (i32.const 65599) (call $f25 (i32.const 20)))))
  (func (export "try_catch_nothing_thrown/call_args") (result i32) (i32.xor (call $f26 (i32.const 3)) (i32.mul (i32.const 65599) (call $f26 (i32.const 20)))))
  (func (export "try_catch_nothing_thrown/add_const") (result i32) (i32.xor (call $f27 (i32.const 3)) (i32.mul (i32.const 65599) (call $f27 (i32.const 20)))))
  (func (export "try_catch_thrown/return") (result i32) (i32.xor (call $f28 (i32.const 3)) (i32.mul (i32.const 65599) (call $f28 (i32.const 20)))))
  (func (export "try_catch_thrown/local_set") (result i32) (i32.xor (call $f29 (i32.const 3)) (i32.mul (i32.const 65599) (call $f29 (i32.const 20)))))
  (func (export "try_catch_thrown/call_args") (result i32) (i32.xor (call $f30 (i32.const 3)) (i32.mul (i32.const 65599) (call $f30 (i32.const 20)))))
  (func (export "try_catch_thrown/add_const") (result i32) (i32.xor (call $f31 (i32.const 3)) (i32.mul (i32.const 65599) (call $f31 (i32.const 20)))))
  (func (export "try_delegate/return") (result i32) (i32.xor (call $f32 (i32.const 3)) (i32.mul (i32.const 65599) (call $f32 (i32.const 20)))))
  (func (export "try_delegate/local_set") (result i32) (i32.xor (call $f33 (i32.const 3)) (i32.mul (i32.const 65599) (call $f33 (i32.const 20)))))
  (func (export "try_delegate/call_args") (result i32) (i32.xor (call $f34 (i32.const 3)) (i32.mul (i32.const 65599) (call $f34 (i32.const 20)))))
  (func (export "try_delegate/add_const") (result i32) (i32.xor (call $f35 (i32.const 3)) (i32.mul (i32.const 65599) (call $f35 (i32.const 20)))))
  (func (export "try_delegate_nothing_thrown/return") (result i32) (i32.xor (call $f36 (i32.const 3)) (i32.mul (i32.const 65599) (call $f36 (i32.const 20)))))
  (func (export "try_delegate_nothing_thrown/local_set") (result i32) (i32.xor (call $f37 (i32.const 3)) (i32.mul (i32.const 65599) (call $f37 (i32.const 20)))))
  (func (export "try_delegate_nothing_thrown/call_args") (result i32) (i32.xor (call $f38 (i32.const 3)) (i32.mul (i32.const 65599) (call $f38 (i32.const 20)))))
  (func (export "try_delegate_nothing_thrown/add_const") (result i32) (i32.xor (call $f39 (i32.const 3)) (i32.mul (i32.const 65599) (call $f39 (i32.const 20)))))
)
