import { CaptchaImages } from '../../../src/modules/accounts/infrastructure/captcha-images';
import { startTestApp, TestApp } from '../../support/test-app';

/** With CAPTCHA_ENABLED: the contact form needs a right answer; a wrong or missing one opens nothing. */
describe('contact form with captchas enabled', () => {
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

  const body = { email: 'anonyme@example.test', firstName: 'A', lastName: 'Nonyme', title: 'Aide', description: 'Au secours' };
  const count = async () => Number((await t.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from support_ticket'))[0]!.n);

  it('refuses a missing or wrong answer', async () => {
    const missing = await t.http.post('/api/v1/contact', body);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('COMMON.CAPTCHA_INVALID');
    const id = (await t.http.get('/api/v1/captcha')).body.id;
    const wrong = [...drawn[drawn.length - 1]!].map((c) => (c === 'z' ? 'y' : 'z')).join('');
    expect((await t.http.post('/api/v1/contact', { ...body, captchaId: id, captchaAnswer: wrong })).body.code).toBe('COMMON.CAPTCHA_INVALID');
    expect(await count()).toBe(0);
  });

  it('accepts the right answer, once', async () => {
    const id = (await t.http.get('/api/v1/captcha')).body.id;
    const answer = drawn[drawn.length - 1]!;
    expect((await t.http.post('/api/v1/contact', { ...body, captchaId: id, captchaAnswer: answer })).status).toBe(202);
    expect((await t.http.post('/api/v1/contact', { ...body, captchaId: id, captchaAnswer: answer })).status).toBe(400);
    expect(await count()).toBe(1);
  });
});
