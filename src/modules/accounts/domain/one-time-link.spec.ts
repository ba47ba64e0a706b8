import { LinkPurpose, OneTimeLink, passwordStamp } from './one-time-link.entity';

describe('OneTimeLink.isUsable', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const later = new Date(now.getTime() + 60_000);
  const link = (hash: string | undefined): OneTimeLink =>
    new OneTimeLink('u', LinkPurpose.PASSWORD_RESET, 'h', passwordStamp(hash), now, new Date(now.getTime() + 3_600_000));

  it('is usable while the password it was minted under is unchanged', () => {
    expect(link('$argon2id$old').isUsable(later, '$argon2id$old')).toBe(true);
    expect(link(undefined).isUsable(later, undefined)).toBe(true);
    expect(link(undefined).isUsable(later, null)).toBe(true);
  });

  it('dies when the password changes, whatever wrote it', () => {
    expect(link('$argon2id$old').isUsable(later, '$argon2id$new')).toBe(false);
    // A pending account's activation link dies once a password is set.
    expect(link(undefined).isUsable(later, '$argon2id$first')).toBe(false);
  });

  it('dies when used, expired or after five wrong answers', () => {
    const used = link('x');
    used.usedAt = now;
    expect(used.isUsable(later, 'x')).toBe(false);
    expect(link('x').isUsable(new Date(now.getTime() + 3_600_000), 'x')).toBe(false);
    const guessed = link('x');
    guessed.failedAttempts = 5;
    expect(guessed.isUsable(later, 'x')).toBe(false);
  });
});
