import { LoopPause, PollingLoop } from './loop-pause';

const settled = async (p: Promise<void>, ms = 50): Promise<boolean> => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('LoopPause', () => {
  it('lasts its time when nothing wakes it', async () => {
    const pause = new LoopPause();
    pause.begin();
    expect(await settled(pause.sleep(10_000))).toBe(false);
    pause.stop();
  });

  it('ends at once when woken, and a wake-up during the work ends the next pause at once', async () => {
    const pause = new LoopPause();
    pause.begin();
    const sleeping = pause.sleep(10_000);
    pause.wake();
    expect(await settled(sleeping)).toBe(true);
    pause.begin();
    pause.wake(); // during the round of work
    expect(await settled(pause.sleep(10_000))).toBe(true);
    pause.begin();
    expect(await settled(pause.sleep(10_000))).toBe(false);
    pause.stop();
  });

  it('ends the current pause on stop, and never sleeps again', async () => {
    const pause = new LoopPause();
    pause.begin();
    const sleeping = pause.sleep(10_000);
    pause.stop();
    expect(await settled(sleeping)).toBe(true);
    pause.begin();
    expect(await settled(pause.sleep(10_000))).toBe(true);
  });
});

describe('PollingLoop', () => {
  it('runs rounds back to back while they ask no pause, pauses as asked, wakes on demand, and stop waits for the round in progress', async () => {
    const pauses = [0, 0, 10_000, 10_000];
    let rounds = 0;
    let finishRound: (() => void) | undefined;
    const loop = new PollingLoop(async () => {
      rounds++;
      if (rounds === 4) await new Promise<void>((resolve) => (finishRound = resolve));
      return pauses[rounds - 1] ?? 10_000;
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Two full batches, then a round that asked for a long pause.
    expect(rounds).toBe(3);
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(4);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The fourth round is still working: stop waits for it, and no round starts after it.
    expect(stopped).toBe(false);
    finishRound!();
    await stopping;
    expect(rounds).toBe(4);
  });
});
