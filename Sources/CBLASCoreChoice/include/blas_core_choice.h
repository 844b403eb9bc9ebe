// Linked into densa's executable only: picks OpenBLAS's AVX-512 kernels where Debian's OpenBLAS
// does not know the CPU (see blas_core_choice.c).
#ifndef DENSA_BLAS_CORE_CHOICE_H
#define DENSA_BLAS_CORE_CHOICE_H

/// Always 1; referencing it keeps the object file, and so its preinit function, in the link.
int densa_blas_core_choice_linked(void);

#endif
