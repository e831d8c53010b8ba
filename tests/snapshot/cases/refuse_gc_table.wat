;; A GC object that refers to itself, in a table entry, is refused, naming the entry.
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: table 0 element 2 reaches a cycle of GC objects
(module
  (type $s (struct (field (mut anyref))))
  (table $t 4 anyref)
  (func (export "init")
    (local $o (ref $s))
    (table.set $t (i32.const 1) (struct.new $s (ref.i31 (i32.const 1))))
    (local.set $o (struct.new $s (ref.null any)))
    (struct.set $s 0 (local.get $o) (local.get $o))
    (table.set $t (i32.const 2) (local.get $o))))
