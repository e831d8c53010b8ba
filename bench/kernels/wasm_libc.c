/* The few libc routines clang may call from -nostdlib wasm32 kernels (loops it turns
 * into memset/memcpy). no_builtin keeps these loops from becoming calls to themselves. */
#ifdef __wasm__
__attribute__((no_builtin)) void* memset(void* d, int c, unsigned long n) {
  unsigned char* p = (unsigned char*)d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}
__attribute__((no_builtin)) void* memcpy(void* d, const void* s, unsigned long n) {
  unsigned char* p = (unsigned char*)d;
  const unsigned char* q = (const unsigned char*)s;
  while (n--) *p++ = *q++;
  return d;
}
__attribute__((no_builtin)) void* memmove(void* d, const void* s, unsigned long n) {
  unsigned char* p = (unsigned char*)d;
  const unsigned char* q = (const unsigned char*)s;
  if (p < q) {
    while (n--) *p++ = *q++;
  } else {
    while (n--) p[n] = q[n];
  }
  return d;
}
#endif
