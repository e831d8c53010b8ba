;; SNAPSHOT:
;; REFUSE: no init function: the module exports no function "wizer.initialize", "_initialize"
(module (func (export "main")))
