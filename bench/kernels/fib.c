/* fib(n), doubly recursive: calls and returns. */
#include "kernel.h"

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

KERNEL { return fib(n); }
