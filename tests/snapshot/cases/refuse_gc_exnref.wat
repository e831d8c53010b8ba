;; An exception reference inside a GC object cannot be snapshotted: refused, naming
;; the global the object is reached from.
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: a GC object (type 0) reachable from global 0 holds an exception (exnref)
(module
  (type $s (struct (field exnref)))
  (tag $e)
  (global $g (mut (ref null $s)) (ref.null $s))
  (func (export "init")
    (local $x exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e))
      (unreachable))
    (local.set $x)
    (global.set $g (struct.new $s (local.get $x)))))
