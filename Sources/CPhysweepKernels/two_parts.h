// Runs a job split in two parts, part 1 on a helper thread when two threads are allowed.
#ifndef PHYSWEEP_TWO_PARTS_H
#define PHYSWEEP_TWO_PARTS_H

/// Runs part(context, 0) on the calling thread and part(context, 1) on the helper thread (both on
/// the caller when only one thread is allowed or another caller holds the helper); returns when both
/// are done.
void run_in_two_parts(void (*part)(void *context, int index), void *context);

#endif
