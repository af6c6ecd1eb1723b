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
  metrics.attemptEnded("gpu", "retried", "demo.gpu-echo", 30);
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

test("times attempts by job type and outcome", async () => {
  const metrics = createWorkerMetrics(["cpu"]);
  metrics.attemptStarted("cpu");
  metrics.attemptEnded("cpu", "completed", "report.generate", 40);
  const text = await metrics.render();
  expect(text).toContain("# TYPE jobline_worker_attempt_duration_seconds histogram");
  expect(text).toContain('jobline_worker_attempt_duration_seconds_bucket{le="0.05",type="report.generate",outcome="completed"} 1');
  expect(text).toContain('jobline_worker_attempt_duration_seconds_bucket{le="0.025",type="report.generate",outcome="completed"} 0');
  expect(text).toContain('jobline_worker_attempt_duration_seconds_count{type="report.generate",outcome="completed"} 1');
});

test("reads the queues' depths at scrape time, the dead letters among them", async () => {
  const counts = [
    { name: "cpu", waiting: 7, active: 2, delayed: 1, completed: 30, failed: 0, paused: false },
    { name: "dead-letter", waiting: 4, active: 0, delayed: 0, completed: 0, failed: 0, paused: false },
  ];
  const text = await createWorkerMetrics(["cpu"], { queueCounts: async () => counts }).render();
  expect(text).toContain('jobline_queue_jobs{queue="cpu",state="waiting"} 7');
  expect(text).toContain('jobline_queue_jobs{queue="cpu",state="active"} 2');
  expect(text).toContain('jobline_queue_jobs{queue="dead-letter",state="waiting"} 4');
});

test("still answers a scrape when the queues cannot be read", async () => {
  const text = await createWorkerMetrics(["cpu"], { queueCounts: () => Promise.reject(new Error("redis down")) }).render();
  expect(text).toContain('jobline_worker_jobs_active{queue="cpu"} 0');
});
