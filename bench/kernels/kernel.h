/* The one entry point of a benchmark kernel: `unsigned run(unsigned n)`, returning a
 * checksum. Built twice from the same source: to wasm32 (exported as "run", no libc)
 * and natively (as bench_run, linked with native_main.c). */
#ifndef SKIFF_BENCH_KERNEL_H
#define SKIFF_BENCH_KERNEL_H
#ifdef __wasm__
#define KERNEL __attribute__((export_name("run"))) unsigned run(unsigned n)
#else
#define KERNEL unsigned bench_run(unsigned n)
#endif
#endif
