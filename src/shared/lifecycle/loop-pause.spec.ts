import { LoopPause } from './loop-pause';

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
