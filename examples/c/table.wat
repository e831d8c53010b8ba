;; table.wat: an exported funcref table of 2 slots (at most 10), slot 1 holding $inc,
;; and call_indirect through it.
(module
  (type $i32_to_i32 (func (param i32) (result i32)))
  (table $t (export "table") 2 10 funcref)
  (elem (i32.const 1) $inc)
  (func $inc (export "inc") (type $i32_to_i32)
    (i32.add (local.get 0) (i32.const 1)))
  ;; call_indirect(x, i) calls table[i](x)
  (func (export "call_indirect") (param $x i32) (param $i i32) (result i32)
    (call_indirect $t (type $i32_to_i32) (local.get $x) (local.get $i)))
  (func (export "size") (result i32) (table.size $t)))
