(module
 (type $none_=>_none (func))
 (type $none_=>_i32 (func (result i32)))
 (type $i32_f64_i32_=>_i32 (func (param i32 f64 i32) (result i32)))
 (type $i64_i32_=>_f32 (func (param i64 i32) (result f32)))
 (global $global$0 (mut i32) (i32.const 10))
 (memory $0 16 17)
 (export "func_1" (func $0))
 (export "func_1_invoker" (func $1))
 (export "func_2_invoker" (func $3))
 (export "func_4" (func $4))
 (export "func_6" (func $6))
 (export "hangLimitInitializer" (func $7))
 (func $0 (result i32)
  (local $0 i32)
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return
    (local.get $0)
   )
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (i32.load16_u align=1
   (i32.const 11)
  )
 )
 (func $1
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return)
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (drop
   (call $0)
  )
  (drop
   (call $0)
  )
 )
 (func $2
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return)
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (v128.store align=1
   (i32.const 10)
   (v128.const i32x4 0xff8eff89 0x007b0000 0xff91ffcc 0xff86ffcb)
  )
 )
 (func $3
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return)
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (call $2)
 )
 (func $4 (param $0 i32) (param $1 f64) (param $2 i32) (result i32)
  (unreachable)
 )
 (func $5 (result i32)
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return
    (i32.const -67108864)
   )
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (i32.const -127)
 )
 (func $6 (param $0 i64) (param $1 i32) (result f32)
  (local $2 f32)
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return
    (local.get $2)
   )
  )
  (global.set $global$0
   (i32.sub
    (i32.const 0)
    (i32.const 1)
   )
  )
  (memory.copy
   (i32.and
    (local.get $1)
    (i32.const 15)
   )
   (i32.and
    (local.get $1)
    (i32.const 15)
   )
   (local.get $1)
  )
  (if
   (i32.eqz
    (global.get $global$0)
   )
   (return
    (f32.const 8388609)
   )
  )
  (global.set $global$0
   (i32.sub
    (global.get $global$0)
    (i32.const 1)
   )
  )
  (drop
   (if (result i32)
    (local.tee $1
     (i32.load offset=22 align=2
      (i32.const 3)
     )
    )
    (call $5)
    (local.get $1)
   )
  )
  (return
   (local.get $2)
  )
 )
 (func $7
  (global.set $global$0
   (i32.const 10)
  )
 )
)

