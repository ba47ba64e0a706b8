import { MAX_FAILED_MFA_CODES, MFA_LOCK_DURATION_MS, MfaThrottle } from './mfa-throttle.entity';

describe('MfaThrottle', () => {
  const t0 = new Date('2026-12-01T10:00:00Z');
  const at = (ms: number): Date => new Date(t0.getTime() + ms);

  it('locks at the fifth wrong code, for 15 minutes from it', () => {
    const throttle = new MfaThrottle('u', t0);
    for (let i = 1; i < MAX_FAILED_MFA_CODES; i++) expect(throttle.recordFailure(at(i * 1000))).toBeUndefined();
    expect(throttle.isLocked(at(4000))).toBe(false);
    const unlockAt = throttle.recordFailure(at(5000));
    expect(unlockAt).toEqual(at(5000 + MFA_LOCK_DURATION_MS));
    expect(MAX_FAILED_MFA_CODES).toBe(5);
    expect(MFA_LOCK_DURATION_MS).toBe(15 * 60_000);
    expect(throttle.isLocked(at(5000 + MFA_LOCK_DURATION_MS - 1))).toBe(true);
    expect(throttle.isLocked(at(5000 + MFA_LOCK_DURATION_MS))).toBe(false);
  });

  it('starts counting afresh after a lock has expired', () => {
    const throttle = new MfaThrottle('u', t0);
    for (let i = 0; i < MAX_FAILED_MFA_CODES; i++) throttle.recordFailure(t0);
    const later = at(MFA_LOCK_DURATION_MS + 1);
    expect(throttle.recordFailure(later)).toBeUndefined();
    expect(throttle.failures).toBe(1);
    expect(throttle.isLocked(later)).toBe(false);
  });
});
