/**
 * The pause of a worker loop that polls a table and is woken by its NOTIFY (the outbox relay, the webhook
 * dispatcher): it ends after `ms`, at once when woken or stopped. A wake-up that comes while the loop works
 * (rows committed after its claim's snapshot) ends the next pause at once instead of being lost.
 */
export class LoopPause {
  private woken = false;
  private stopped = false;
  private end?: () => void;

  /** A round of work starts: the wake-ups before it are answered by this round. */
  begin(): void {
    this.woken = false;
  }

  wake(): void {
    this.woken = true;
    this.end?.();
  }

  /** Shutdown: the current pause ends and none starts again. */
  stop(): void {
    this.stopped = true;
    this.end?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.end = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.end = done;
    });
  }
}

/**
 * A worker loop over a table (the outbox relay, the webhook dispatcher): rounds of work, each followed by
 * the pause it asks for, until `stop`, which ends the current pause and waits for the round in progress.
 * `round` handles its own errors (it knows what to log and how long to back off) and returns the pause in
 * ms, 0 to go on at once (a full batch: more rows are waiting).
 */
export class PollingLoop {
  private readonly pause = new LoopPause();
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly round: () => Promise<number>) {}

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A NOTIFY said rows are waiting. */
  wake(): void {
    this.pause.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pause.begin();
      const pauseMs = await this.round();
      if (pauseMs > 0) await this.pause.sleep(pauseMs);
    }
  }
}
