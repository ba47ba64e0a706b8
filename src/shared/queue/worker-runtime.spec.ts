import { workerConcurrency } from './worker-runtime';

describe('workerConcurrency', () => {
  it('leaves every job room for its second connection', () => {
    expect(workerConcurrency(5)).toBe(2);
    expect(workerConcurrency(10)).toBe(5);
    expect(workerConcurrency(1)).toBe(1);
    expect(workerConcurrency(40)).toBe(8);
  });
});
