// One persistent helper thread for large jobs split in two (halves of a large matrix product, each
// one single-threaded OpenBLAS call, or of a large jet activation), handed work through a mutex and
// condition variables. It sleeps between jobs instead of spinning, so on a shared two-core machine
// it takes no time from others (OpenBLAS's own threads spin and yield around every product).
#include "PhysweepKernels.h"
#include <pthread.h>
#include <stdatomic.h>

static atomic_int allowed_threads = 2;     // for two-part jobs: 1 or 2
static atomic_int configured_threads = 0;  // the last pw_kernels_set_threads; 0: never set
static pthread_mutex_t caller = PTHREAD_MUTEX_INITIALIZER;  // one caller uses the helper at a time
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_posted = PTHREAD_COND_INITIALIZER, job_done = PTHREAD_COND_INITIALIZER;
static void (*posted_part)(void *, int);
static void *posted_context;
static unsigned long posted, finished;  // job counters, guarded by `lock`
static int helper_running;              // guarded by `caller`

void pw_kernels_set_threads(int threads) {
    if (threads < 1) threads = 1;
    atomic_store(&allowed_threads, threads >= 2 ? 2 : 1);
    atomic_store(&configured_threads, threads);
}

int pw_kernels_threads(void) {
    return atomic_load(&configured_threads);
}

static void *helper(void *unused) {
    (void)unused;
    unsigned long seen = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (posted == seen) pthread_cond_wait(&job_posted, &lock);
        seen = posted;
        void (*part)(void *, int) = posted_part;
        void *context = posted_context;
        pthread_mutex_unlock(&lock);
        part(context, 1);
        pthread_mutex_lock(&lock);
        finished = seen;
        pthread_cond_signal(&job_done);
        pthread_mutex_unlock(&lock);
    }
    return 0;
}

void pw_run_in_two_parts(void (*part)(void *context, int index), void *context) {
    if (atomic_load(&allowed_threads) < 2 || pthread_mutex_trylock(&caller) != 0) {
        part(context, 0);
        part(context, 1);
        return;
    }
    if (!helper_running) {
        pthread_t thread;
        if (pthread_create(&thread, 0, helper, 0) != 0) {
            pthread_mutex_unlock(&caller);
            part(context, 0);
            part(context, 1);
            return;
        }
        pthread_detach(thread);
        helper_running = 1;
    }
    pthread_mutex_lock(&lock);
    posted_part = part;
    posted_context = context;
    unsigned long job = ++posted;
    pthread_cond_signal(&job_posted);
    pthread_mutex_unlock(&lock);
    part(context, 0);
    pthread_mutex_lock(&lock);
    while (finished != job) pthread_cond_wait(&job_done, &lock);
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&caller);
}
