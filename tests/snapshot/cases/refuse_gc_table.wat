;; A GC object in a table entry is refused, naming the entry.
;; SNAPSHOT: --init-func init
;; REFUSE: cannot snapshot: table 0 element 2 holds a GC object
(module
  (type $a (array i8))
  (table $t 4 anyref)
  (func (export "init") (table.set $t (i32.const 2) (array.new_default $a (i32.const 3)))))
