// Debian 12's OpenBLAS (0.3.21) predates AMD Zen 4 and Zen 5: it falls back to its AVX2
// ("Haswell") kernels there, and sgemm runs at half the speed the CPU's AVX-512 allows (measured:
// 248 against 459 GFLOP/s on 2 Zen 5 cores, 2048³). OpenBLAS picks its kernels once, in its
// library constructor, from OPENBLAS_CORETYPE, and glibc resets the environment between a
// program's preinit functions and the libraries' constructors, so setting the variable in-process
// cannot work. Instead densa's executable re-executes itself once, before anything else runs,
// with OPENBLAS_CORETYPE=SkylakeX added: only on AMD CPUs with the AVX-512 subset those kernels
// use (F, CD, DQ, BW, VL, enabled by the OS), and never when the user set the variable (the
// way to opt out: OPENBLAS_CORETYPE=Haswell).
#include "blas_core_choice.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#if defined(__x86_64__) && defined(__linux__)
static int amd_with_avx512(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return 0;
  if (b != 0x68747541 || d != 0x69746e65 || c != 0x444d4163) return 0;  // "AuthenticAMD"
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;    // OSXSAVE
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 0xE6) != 0xE6) return 0;  // XMM, YMM, opmask and ZMM state enabled by the OS
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  const unsigned need = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
  return (b & need) == need;
}

static void choose_blas_core(int argc, char **argv, char **envp) {
  (void)argc;
  size_t n = 0;
  for (; envp[n]; n++)
    if (strncmp(envp[n], "OPENBLAS_CORETYPE=", 18) == 0) return;
  if (!amd_with_avx512()) return;
  char **env = malloc((n + 3) * sizeof *env);
  if (!env) return;
  memcpy(env, envp, n * sizeof *env);
  env[n] = "OPENBLAS_CORETYPE=SkylakeX";
  env[n + 1] = "DENSA_CHOSE_OPENBLAS_CORETYPE=1";  // so densa can say whose choice it was
  env[n + 2] = NULL;
  execve("/proc/self/exe", argv, env);
  free(env);  // exec failed: carry on with OpenBLAS's own choice
}

__attribute__((section(".preinit_array"), used)) static void (*densa_preinit)(int, char **, char **) =
    choose_blas_core;
#endif

int densa_blas_core_choice_linked(void) { return 1; }
