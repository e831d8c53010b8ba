;; memory.wat: an exported memory of 2 pages (at most 3) with 4 bytes of data at 0x1000,
;; and functions to read, write, size and grow it from inside wasm.
(module
  (memory (export "memory") 2 3)
  (data (i32.const 0x1000) "\01\02\03\04")
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param $addr i32) (result i32)
    (i32.load8_s (local.get $addr)))
  (func (export "store") (param $addr i32) (param $value i32)
    (i32.store8 (local.get $addr) (local.get $value)))
  (func (export "grow") (param $delta i32) (result i32)
    (memory.grow (local.get $delta))))
