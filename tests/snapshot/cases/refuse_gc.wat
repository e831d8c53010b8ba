;; A cycle of GC objects reachable from a global cannot be written as constant
;; expressions (each object's global may only name earlier ones): refused, naming
;; the global.
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: global 1 reaches a cycle of GC objects
(module
  (type $s (struct (field (mut (ref null $s)))))
  (global $ok (mut (ref null $s)) (ref.null $s))
  (global $g (mut (ref null $s)) (ref.null $s))
  (func (export "init")
    (local $a (ref $s)) (local $b (ref $s))
    (global.set $ok (struct.new $s (struct.new $s (ref.null $s))))
    (local.set $a (struct.new $s (ref.null $s)))
    (local.set $b (struct.new $s (local.get $a)))
    (struct.set $s 0 (local.get $a) (local.get $b))
    (global.set $g (struct.new $s (local.get $a)))))
