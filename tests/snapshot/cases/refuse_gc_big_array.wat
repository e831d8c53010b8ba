;; An array of more than 10,000 differing elements cannot be built by a constant
;; expression (array.new_fixed's operand limit in engines; array.new_data is not
;; constant): refused, naming the global that reaches it.
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: a GC object (type 0) reachable from global 0 is an array of 10001 elements that are not all equal
(module
  (type $a (array (mut i8)))
  (global $g (mut (ref null $a)) (ref.null $a))
  (func (export "init")
    (local $x (ref $a))
    (local.set $x (array.new_default $a (i32.const 10001)))
    (array.set $a (local.get $x) (i32.const 10000) (i32.const 1))
    (global.set $g (local.get $x))))
