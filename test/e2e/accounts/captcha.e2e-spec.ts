import { SchedulerRegistry } from '@nestjs/schedule';
import { CaptchaImages } from '../../../src/modules/accounts/infrastructure/captcha-images';
import { CaptchaPurgeSweep } from '../../../src/modules/accounts/jobs/captcha-purge.handlers';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, PASSWORD, uniqueEmail } from '../../factories/accounts';
import { expectProblem, signUp } from './helpers';

/**
 * With CAPTCHA_ENABLED. The answer is stored hashed only, so the test learns it the way a person does:
 * from the drawing. It wraps CaptchaImages.draw (the real one still runs) to read the text it drew.
 */
describe('captcha on the public forms (enabled)', () => {
  let t: TestApp;
  let drawn: string[];
  beforeAll(async () => {
    t = await startTestApp({ CAPTCHA_ENABLED: 'true' });
    const images = t.app.get(CaptchaImages);
    const draw = images.draw.bind(images);
    drawn = [];
    jest.spyOn(images, 'draw').mockImplementation(() => {
      const result = draw();
      drawn.push(result.text);
      return result;
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  async function captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
    const res = await t.http.get('/api/v1/captcha');
    expect(res.status).toBe(200);
    return { captchaId: res.body.id, captchaAnswer: drawn[drawn.length - 1]! };
  }

  /** A wrong answer that cannot be right by chance: same length, every character different. */
  const wrong = (answer: string): string => [...answer].map((c) => (c === 'z' ? 'y' : 'z')).join('');

  it('serves a 5-character SVG challenge', async () => {
    const res = await t.http.get('/api/v1/captcha');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), image: expect.stringMatching(/^data:image\/svg\+xml;base64,/), expiresIn: 600, enabled: true });
    const svg = Buffer.from(res.body.image.split(',')[1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(drawn[drawn.length - 1]).toHaveLength(5);
    // The answer is not in the row: only its hash.
    const [row] = await t.orm.em.fork().getConnection().execute('select answer_hash from captcha_challenge where id = ?', [res.body.id]);
    expect(row.answer_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.answer_hash).not.toContain(drawn[drawn.length - 1]);
  });

  it('refuses a sign-up without a captcha, or with a wrong one, on the captchaAnswer field', async () => {
    expectProblem(await signUp(t, uniqueEmail()), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
    const { captchaId, captchaAnswer } = await captcha();
    expectProblem(await signUp(t, uniqueEmail(), { captchaId }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
    expectProblem(await signUp(t, uniqueEmail(), { captchaId, captchaAnswer: wrong(captchaAnswer) }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
    expectProblem(await signUp(t, uniqueEmail(), { captchaId: '0190a0a0-0000-7000-8000-000000000000', captchaAnswer }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
  });

  it('accepts the right answer (case-insensitively) once only', async () => {
    const email = uniqueEmail('captcha');
    const { captchaId, captchaAnswer } = await captcha();
    const ok = await signUp(t, email, { captchaId, captchaAnswer: ` ${captchaAnswer.toUpperCase()} ` });
    expect(ok.status).toBe(202);
    await t.mail.waitForTemplate(email, 'accounts.activation');
    expectProblem(await signUp(t, uniqueEmail(), { captchaId, captchaAnswer }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
  });

  it('burns the challenge on a wrong answer: the right one then fails', async () => {
    const { captchaId, captchaAnswer } = await captcha();
    expectProblem(await signUp(t, uniqueEmail(), { captchaId, captchaAnswer: wrong(captchaAnswer) }), 400, 'COMMON.CAPTCHA_INVALID');
    expectProblem(await signUp(t, uniqueEmail(), { captchaId, captchaAnswer }), 400, 'COMMON.CAPTCHA_INVALID');
  });

  it('expires a challenge after 10 minutes', async () => {
    const { captchaId, captchaAnswer } = await captcha();
    t.clock.advance(11 * 60_000);
    expectProblem(await signUp(t, uniqueEmail(), { captchaId, captchaAnswer }), 400, 'COMMON.CAPTCHA_INVALID');
  });

  it('guards the password reset and the reactivation request too', async () => {
    const user = await givenActiveUser(t);
    expectProblem(await t.http.post('/api/v1/password-resets', { email: user.email }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
    expect((await t.http.post('/api/v1/password-resets', { email: user.email, ...(await captcha()) })).status).toBe(202);
    await t.mail.waitForTemplate(user.email, 'accounts.password-reset');

    expect((await t.http.post('/api/v1/me/deactivation', { password: PASSWORD, confirm: true }, { token: user.token })).status).toBe(204);
    expectProblem(await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: user.email }), 400, 'COMMON.CAPTCHA_INVALID', 'captchaAnswer');
    expect((await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: user.email, ...(await captcha()) })).status).toBe(202);
    await t.mail.waitForTemplate(user.email, 'accounts.reactivation-requested');
  });

  it('purges challenges never answered once expired (worker cron, every 10 minutes), and only those', async () => {
    expect(t.app.get(SchedulerRegistry).getCronJob('accounts.captcha-purge')).toBeDefined();
    const stale: string[] = [];
    for (let i = 0; i < 3; i++) stale.push((await t.http.get('/api/v1/captcha')).body.id);
    t.clock.advance(10 * 60_000 + 1000);
    const fresh = await captcha();
    const count = async (ids: string[]): Promise<number> =>
      Number((await t.orm.em.fork().getConnection().execute('select count(*) as n from captcha_challenge where id in (?)', [ids]))[0].n);
    expect(await count(stale)).toBe(3);

    expect(await t.app.get(CaptchaPurgeSweep).run()).toBeGreaterThanOrEqual(3);
    expect(await count(stale)).toBe(0);
    expect(await count([fresh.captchaId])).toBe(1);
    // The challenge still valid still works.
    const email = uniqueEmail('after-purge');
    expect((await signUp(t, email, fresh)).status).toBe(202);
  });
});
