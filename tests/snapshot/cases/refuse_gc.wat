;; A GC object in a global cannot be baked (GC objects are not supported).
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: global 0 holds a GC object (struct or array); GC objects are not supported
(module
  (type $s (struct (field i32)))
  (global $g (mut (ref null $s)) (ref.null $s))
  (func (export "init") (global.set $g (struct.new $s (i32.const 1)))))
