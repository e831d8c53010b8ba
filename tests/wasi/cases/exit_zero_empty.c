// A program without output that returns 0 exits 0 with no output.
#include <stdlib.h>
int main(void) { return EXIT_SUCCESS; }
