// Shared by scp.cpp and scu.cpp (not part of the C API).
#ifndef DENSA_NET_COMMON_H
#define DENSA_NET_COMMON_H

// dcmnet's process-wide settings densa relies on, set once: no reverse DNS lookups (peers are
// named by address, and a lookup can stall an association for seconds) and DCMTK's logger quiet
// (densa reports errors itself).
void densa_net_initialize();

#endif
