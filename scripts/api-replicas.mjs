#!/usr/bin/env node
// Benchmark helper: N replicas of the built API (dist/src/main.js) on one port, balanced by node:cluster,
// to measure replicas on one host the way a load balancer in front of N API processes would serve them.
//
//   APP_ROLE=api PORT=3200 API_REPLICAS=2 node scripts/api-replicas.mjs
//
// Not a production launcher: each replica keeps its own /metrics (a scrape reaches one of them), and a
// replica that dies is not restarted. In production, run replicas under the orchestrator, behind a load
// balancer (docs/operations.md, "Scaling"). SIGTERM / SIGINT are passed on; each replica shuts down
// gracefully (Nest's shutdown hooks), then this process exits.
import cluster from 'node:cluster';
import path from 'node:path';

const replicas = Number(process.env.API_REPLICAS ?? 2);

if (cluster.isPrimary) {
  for (let i = 0; i < replicas; i++) cluster.fork();
  // PIDs on stdout, for BENCH_PIDS (CPU per operation of each replica).
  console.log(`api replicas: ${Object.values(cluster.workers).map((w) => w.process.pid).join(' ')}`);
  const stop = (signal) => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
} else {
  await import(path.resolve('dist/src/main.js'));
}
