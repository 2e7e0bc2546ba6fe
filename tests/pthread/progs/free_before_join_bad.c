/* free_before_join_bad.c - a job freed by its submitter while the worker runs.
 *
 * Bug: main waits for the job's `done` flag, then destroys and frees the
 * job, and only then joins the worker.  The worker publishes `done`, unlocks,
 * and afterwards still reads the job (its `verbose` field, for a log line).
 * If main runs between the worker's unlock and that read, the worker reads
 * freed memory.  Needs that interleaving; most schedules pass.
 * Oracle: ASan, signature `asan:heap-use-after-free:worker`.
 * Twin: free_before_join_ok.c joins the worker before freeing the job.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    pthread_mutex_t lock;
    pthread_cond_t finished;
    int id, verbose, done;
    long input, result;
};

static long collatz_steps(long n) {
    long steps = 0;
    for (; n != 1; steps++)
        n = n % 2 ? 3 * n + 1 : n / 2;
    return steps;
}

static void *worker(void *arg) {
    struct job *job = arg;
    long r = collatz_steps(job->input);
    pthread_mutex_lock(&job->lock);
    job->result = r;
    job->done = 1;
    pthread_cond_signal(&job->finished);
    pthread_mutex_unlock(&job->lock);
    if (job->verbose) /* the submitter may have freed the job by now */
        printf("job %d done\n", job->id);
    return NULL;
}

int main(void) {
    struct job *job = calloc(1, sizeof *job);
    if (job == NULL)
        return 2;
    pthread_mutex_init(&job->lock, NULL);
    pthread_cond_init(&job->finished, NULL);
    job->id = 1;
    job->input = 27;
    pthread_t t;
    if (pthread_create(&t, NULL, worker, job) != 0)
        return 2;

    pthread_mutex_lock(&job->lock);
    while (!job->done)
        pthread_cond_wait(&job->finished, &job->lock);
    long result = job->result;
    pthread_mutex_unlock(&job->lock);
    printf("steps %ld\n", result);

    pthread_cond_destroy(&job->finished); /* BUG: the worker is still running */
    pthread_mutex_destroy(&job->lock);
    free(job);
    pthread_join(t, NULL);
    return result == 111 ? 0 : 1;
}
