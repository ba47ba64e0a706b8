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
