import { startTestApp, TestApp } from '../support/test-app';

/** Errors raised outside our handlers (Fastify parsing, unknown routes) keep the problem+json contract. */
describe('HTTP error contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers invalid JSON with 400 COMMON.MALFORMED_BODY as problem+json', async () => {
    const res = await t.http.post('/api/v1/auth/login', '{"email":', { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('COMMON.MALFORMED_BODY');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.http.post('/api/v1/auth/login', 'email=a', { headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('COMMON.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 COMMON.ROUTE_NOT_FOUND', async () => {
    const res = await t.http.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'COMMON.ROUTE_NOT_FOUND', status: 404, instance: '/api/v1/no-such-thing' });
  });

  it('refuses unknown fields and names each invalid field', async () => {
    const res = await t.http.post('/api/v1/auth/login', { email: 42, password: 'x', admin: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['admin', 'email']);
  });

  it('answers a badly encoded or over-long URL with 400 COMMON.MALFORMED_URL', async () => {
    const bad = await t.http.get('/api/v1/password-resets/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.MALFORMED_URL');
    const long = await t.http.get(`/api/v1/password-resets/${'a'.repeat(200)}`);
    expect(long.status).toBe(400);
    expect(long.headers['content-type']).toContain('application/problem+json');
  });

  it('speaks English when asked', async () => {
    const res = await t.http.get('/api/v1/no-such-thing', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(res.body.detail).toBe('No such route.');
    expect(res.body.messages.fr).toBe("Cette adresse n'existe pas.");
  });

  it('requires authentication on non-public routes', async () => {
    const res = await t.http.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('COMMON.UNAUTHENTICATED');
    const forged = await t.http.get('/api/v1/me', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(forged.status).toBe(401);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/health/live', { headers: { 'x-request-id': 'trace-1234567' } });
    expect(kept.headers['x-request-id']).toBe('trace-1234567');
    const replaced = await t.http.get('/health/live', { headers: { 'x-request-id': 'bad id<script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the Swagger UI and the document it shows', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await t.http.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/accounts']).toBeDefined();
  });

  // Prometheus metrics (behind METRICS_TOKEN): test/e2e/metrics-access.e2e-spec.ts.

  it('reports PostgreSQL and Redis on /health', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });
});
