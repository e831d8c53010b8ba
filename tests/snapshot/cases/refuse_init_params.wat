;; SNAPSHOT: --init-func setup
;; REFUSE: the init function "setup" must take no parameters and return nothing
(module (func (export "setup") (param i32)))
