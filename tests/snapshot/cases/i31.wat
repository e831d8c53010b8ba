;; i31 references (in an i31ref and, converted, in an externref global) are
;; constants: ref.i31, extern.convert_any.
;; SNAPSHOT: --init-func init
;; INVOKE: g => -5
;; INVOKE: e => 99
;; NODE: no (GC encoding of node 20 is pre-standard)
(module
  (global $g (mut i31ref) (ref.null i31))
  (global $e (mut externref) (ref.null extern))
  (func (export "init")
    (global.set $g (ref.i31 (i32.const -5)))
    (global.set $e (extern.convert_any (ref.i31 (i32.const 99)))))
  (func (export "g") (result i32) (i31.get_s (global.get $g)))
  (func (export "e") (result i32)
    (i31.get_u (ref.cast i31ref (any.convert_extern (global.get $e)))))
)
