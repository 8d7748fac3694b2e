// GNU extensions that Swift's Glibc module does not import (they need _GNU_SOURCE).
#ifndef PHYSWEEP_PROCESS_H
#define PHYSWEEP_PROCESS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically (no other thread's spawn inherits them).
int physweep_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc >= 2.29): the child starts in `path`.
int physweep_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
