// NODE-COMPARE
// main's return value is the exit status (here 255).
// EXIT: 255
int main(void) { return 255; }
