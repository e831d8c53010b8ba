// Record/replay test program: reads every kind of nondeterministic input (clocks,
// random bytes, stdin, a file, a directory listing, file status, the environment
// and arguments), writes a file and prints all of it. Built twice: -DVARIANT
// prints one line differently (a replay with it must diverge at that write).
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  printf("argc=%d", argc);
  for (int i = 1; i < argc; ++i) printf(" [%s]", argv[i]);
  const char* foo = getenv("FOO");
  printf("\nFOO=%s\n", foo ? foo : "(unset)");

  struct timespec rt, mono;
  clock_gettime(CLOCK_REALTIME, &rt);
  clock_gettime(CLOCK_MONOTONIC, &mono);
  printf("realtime=%lld.%09ld monotonic=%lld.%09ld\n", (long long)rt.tv_sec, rt.tv_nsec,
         (long long)mono.tv_sec, mono.tv_nsec);

  unsigned char rnd[16];
  if (getentropy(rnd, sizeof rnd) != 0) return 20;
  printf("random=");
  for (size_t i = 0; i < sizeof rnd; ++i) printf("%02x", rnd[i]);
  printf("\n");

  char line[256] = "";
  if (!fgets(line, sizeof line, stdin)) strcpy(line, "(eof)\n");
  printf("stdin: %s", line);

  FILE* f = fopen("/sandbox/in.txt", "r");
  if (!f) return 21;
  char buf[256] = "";
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("in.txt (%zu bytes): %s", n, buf);

  struct stat st;
  if (stat("/sandbox/in.txt", &st) != 0) return 22;
  printf("in.txt size=%lld mtime=%lld ino=%llu\n", (long long)st.st_size, (long long)st.st_mtime,
         (unsigned long long)st.st_ino);

  DIR* d = opendir("/sandbox/dir");
  if (!d) return 23;
  int entries = 0;
  struct dirent* e;
  char names[512] = "";
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    ++entries;
    strncat(names, " ", sizeof names - strlen(names) - 1);
    strncat(names, e->d_name, sizeof names - strlen(names) - 1);
  }
  closedir(d);
  printf("dir: %d entries:%s\n", entries, names);

  FILE* out = fopen("/sandbox/out.txt", "w");
  if (!out) return 24;
  fprintf(out, "written at %lld with %02x%02x\n", (long long)rt.tv_sec, rnd[0], rnd[1]);
  fclose(out);
#ifdef VARIANT
  printf("this line differs in the variant\n");
#else
  printf("wrote out.txt\n");
#endif
  fprintf(stderr, "to stderr: %02x\n", rnd[2]);
  return 7;
}
