/** The worker's Prometheus series: names, labels, and the zeros a served queue starts with. */
import { createWorkerMetrics } from "../../src/metrics";

test("every served queue's series exist at 0 before the first attempt", async () => {
  const text = await createWorkerMetrics(["cpu"]).render();
  expect(text).toContain("# TYPE jobline_worker_jobs_total counter");
  expect(text).toContain('jobline_worker_jobs_total{queue="cpu",outcome="completed"} 0');
  expect(text).toContain('jobline_worker_jobs_active{queue="cpu"} 0');
  expect(text).not.toContain('queue="gpu"');
});

test("counts attempts, repairs and job changes by their labels", async () => {
  const metrics = createWorkerMetrics(["cpu", "gpu"]);
  metrics.attemptStarted("gpu");
  metrics.attemptStarted("gpu");
  metrics.attemptEnded("gpu", "retried");
  metrics.reconcilerRepaired("requeued");
  metrics.jobChanged("progress", "running");
  metrics.jobChanged("progress", "running");
  const text = await metrics.render();
  expect(text).toContain('jobline_worker_jobs_total{queue="gpu",outcome="retried"} 1');
  expect(text).toContain('jobline_worker_jobs_active{queue="gpu"} 1');
  expect(text).toContain('jobline_worker_reconciler_repairs_total{repair="requeued"} 1');
  expect(text).toContain("# TYPE jobline_worker_job_changes_total counter");
  expect(text).toContain('jobline_worker_job_changes_total{event="progress",status="running"} 2');
});

test("includes the process metrics, event-loop lag among them", async () => {
  const text = await createWorkerMetrics(["cpu"]).render();
  expect(text).toMatch(/^jobline_worker_process_cpu_seconds_total /m);
  expect(text).toMatch(/^jobline_worker_nodejs_eventloop_lag_seconds /m);
});
