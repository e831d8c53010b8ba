// Traps on known lines (tests/observe/trap_lines.sh reads the markers):
//   no argument: an integer division by zero in divide() (DIV_LINE), called from
//   compute() (CALL_LINE) from main();
//   "oob": a store far outside memory in poke() (OOB_LINE).
// Built with -g (DWARF) by tests/observe.
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) int divide(int a, int b) {
  return a / b;  // DIV_LINE
}

__attribute__((noinline)) int compute(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += divide(100, n - 1 - i);  // CALL_LINE
  return sum;
}

__attribute__((noinline)) void poke(volatile int* p, int v) {
  p[(0xfffffff0u - (unsigned)(unsigned long)p) / sizeof(int)] = v;  // OOB_LINE
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "oob") == 0) {
    static int cell;
    poke(&cell, argc);
    printf("not reached\n");
    return 0;
  }
  printf("%d\n", compute(argc + 2));
  return 0;
}
