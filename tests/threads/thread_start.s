# wasi_thread_start(tid, arg) for the threads tests (no wasi-libc: Debian has no
# wasm32-wasi-threads sysroot). `arg` points at a struct whose first word is the
# new thread's stack top: the instance's __stack_pointer is set to it before any
# C code runs, then thread_entry(tid, arg) (thread_rt.h) runs the thread.
	.globaltype __stack_pointer, i32
	.functype thread_entry (i32, i32) -> ()
	.globl wasi_thread_start
	.type wasi_thread_start,@function
wasi_thread_start:
	.functype wasi_thread_start (i32, i32) -> ()
	local.get 1
	i32.load 0
	global.set __stack_pointer
	local.get 0
	local.get 1
	call thread_entry
	end_function
