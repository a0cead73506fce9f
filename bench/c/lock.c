/*
 * The `lock` scenario as C: 2 pthreads x 1,000,000 increments of a shared counter, each under a
 * pthread mutex. The floor the playground's Lock is held against (docs/quality-bars.md: within 3x).
 * Prints one JSON line: {"work_s": <seconds from first start to last join>, "loop_s": <the longer
 * of the two threads' own loop times>, "num": <count>}, as bench/py/lock.py does.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define N 1000000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* volatile so -O2 cannot fold the loop into one add: every increment is a real load/store
   inside the critical section, as in the program being compared. */
static volatile long num = 0;

static double loop_s = 0;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run1(void *arg) {
  (void)arg;
  double t0 = now();
  for (int i = 0; i < N; i++) {
    pthread_mutex_lock(&lock);
    num += 1;
    pthread_mutex_unlock(&lock);
  }
  double dt = now() - t0;
  pthread_mutex_lock(&lock);
  if (dt > loop_s) loop_s = dt;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  double t0 = now();
  pthread_create(&t1, NULL, run1, NULL);
  pthread_create(&t2, NULL, run1, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  double dt = now() - t0;
  printf("{\"work_s\": %.6f, \"loop_s\": %.6f, \"num\": %ld}\n", dt, loop_s, num);
  return num == 2L * N ? 0 : 1;
}
