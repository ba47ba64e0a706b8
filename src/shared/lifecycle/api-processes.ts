import cluster, { Worker } from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

/**
 * `API_PROCESSES=N` (N > 1): this process becomes a supervisor that runs N API processes on the same port
 * (node:cluster; the supervisor accepts connections and hands them out in turn) and serves nothing itself.
 * One Node process runs its JavaScript on one core: behind one port, N processes use N cores. Each process
 * is a complete API (its own database pool, caches kept exact by the database's notifications, D13).
 *
 * - A process that exits while the supervisor is not stopping is replaced, one second later (a process that
 *   cannot start, e.g. a database down, is retried at that pace rather than in a tight loop).
 * - SIGTERM / SIGINT are passed on: each process drains as a single one does (graceful shutdown), then
 *   the supervisor exits; after `graceMs` it exits anyway.
 * - `/metrics`, answered by whichever process gets the scrape, is the sum over all processes (the
 *   supervisor gathers them over the cluster channel; backlog gauges read from the database are the
 *   largest reading, not a sum).
 */
export function superviseApiProcesses(count: number, graceMs: number, log: (message: string) => void = defaultLog): void {
  let stopping = false;
  const aggregator = new AggregatorRegistry();
  const start = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isMetricsRequest(message)) return;
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: METRICS_ANSWER, id: message.id, text }),
        (error: Error) => worker.isConnected() && worker.send({ type: METRICS_ANSWER, id: message.id, error: error.message }),
      );
    });
    return worker;
  };
  for (let i = 0; i < count; i++) start();
  log(`Liasse API supervisor ${process.pid}: ${count} processes (${Object.values(cluster.workers ?? {}).map((w) => w?.process.pid).join(' ')})`);

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`API process ${worker.process.pid} exited (${signal ?? `code ${code}`}): starting another in 1 s`);
    setTimeout(() => {
      if (!stopping) start();
    }, 1000);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`Liasse API supervisor: ${signal}, stopping ${Object.keys(cluster.workers ?? {}).length} processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), graceMs + 5000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The supervisor has no Nest logger: one JSON line per event on stdout, as pino writes the processes' own. */
function defaultLog(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, context: 'ApiSupervisor', msg: message })}\n`);
}

const METRICS_REQUEST = 'liasse:metrics-request';
const METRICS_ANSWER = 'liasse:metrics-answer';

function isMetricsRequest(message: unknown): message is { type: string; id: number } {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === METRICS_REQUEST;
}

let nextRequest = 0;

/**
 * In a supervised API process: the metrics of all processes, asked of the supervisor. Undefined when the
 * process is not supervised (its own registry is the answer).
 */
export function clusterMetrics(timeoutMs = 5000): Promise<string> | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  const id = nextRequest++;
  return new Promise<string>((resolve, reject) => {
    const onMessage = (message: { type?: string; id?: number; text?: string; error?: string }) => {
      if (message?.type !== METRICS_ANSWER || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('The API supervisor did not answer with the metrics'));
    }, timeoutMs);
    process.on('message', onMessage);
    process.send!({ type: METRICS_REQUEST, id });
  });
}

/** In a supervised API process: the registry the supervisor gathers (prom-client answers its requests). */
export function shareMetrics(registry: Registry): void {
  if (!cluster.isWorker) return;
  // Constructing one is what makes prom-client answer the supervisor's requests in this process.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}
