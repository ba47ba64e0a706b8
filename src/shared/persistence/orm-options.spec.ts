import { ormOptions } from './orm-options';

describe('ormOptions', () => {
  it('colours the migrator\'s log lines on a terminal only (no escape codes in a log file or CI output)', () => {
    const tty = process.stdout.isTTY;
    try {
      process.stdout.isTTY = false as never;
      expect(ormOptions('postgres://localhost/x').colors).toBe(false);
      process.stdout.isTTY = true;
      expect(ormOptions('postgres://localhost/x').colors).toBe(true);
    } finally {
      process.stdout.isTTY = tty;
    }
  });
});
