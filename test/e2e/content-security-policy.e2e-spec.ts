import { createHash } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';

const sha256 = (content: string): string => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;

/** The directive's sources, e.g. sourcesOf(policy, 'script-src') → ["'self'", "'sha256-…'"]. */
function sourcesOf(policy: string, name: string): string[] {
  const directive = policy.split(';').map((d) => d.trim()).find((d) => d.split(/\s+/)[0] === name);
  return directive ? directive.split(/\s+/).slice(1) : [];
}

/** Inline blocks as a browser finds them: <script> without src, <style>; their exact text is what is hashed. */
function inlineBlocks(html: string): { scripts: string[]; styles: string[] } {
  return {
    scripts: [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)].filter((m) => !/\ssrc\s*=/.test(m[1] ?? '')).map((m) => m[2]!),
    styles: [...html.matchAll(/<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi)].map((m) => m[2]!),
  };
}

/**
 * No page of the platform allows 'unsafe-inline' (issue 15): an injected <script> or <style> does not run,
 * while each page's own inline blocks do, allowed one by one by their SHA-256.
 */
describe('Content-Security-Policy of the platform’s pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/activation?token=x', '/mot-de-passe-oublie', '/adresse-de-contact?token=x', '/connexion', '/docs'])('%s: no unsafe-inline, and every inline block allowed by its hash', async (path) => {
    const page = await t.http.get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    const scriptSrc = sourcesOf(policy, 'script-src');
    const styleSrc = sourcesOf(policy, 'style-src');
    expect(scriptSrc).toContain("'self'");
    expect(sourcesOf(policy, 'script-src-attr')).toEqual(["'none'"]);
    const { scripts, styles } = inlineBlocks(page.text);
    expect(scripts.length + styles.length).toBeGreaterThan(0);
    for (const script of scripts) expect(scriptSrc).toContain(sha256(script));
    for (const style of styles) expect(styleSrc).toContain(sha256(style));
    // only the page's own blocks: a block injected into the page would carry another hash
    expect(scriptSrc.filter((s) => s.startsWith("'sha256-"))).toHaveLength(new Set(scripts).size);
    expect(styleSrc.filter((s) => s.startsWith("'sha256-"))).toHaveLength(new Set(styles).size);
    // our own pages use no inline event handlers or style attributes (script-src-attr 'none' would block them)
    if (path !== '/docs') expect(page.text).not.toMatch(/\s(on[a-z]+|style)\s*=/i);
  });

  it('Swagger UI loads its scripts from the platform itself', async () => {
    const page = await t.http.get('/docs');
    const external = [...page.text.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(external.length).toBeGreaterThan(0);
    for (const src of external) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const asset = await t.http.get(new URL(src, 'http://liasse.test/docs').pathname);
      expect(asset.status).toBe(200);
    }
  });

  it('the JSON API answers under the same strict policy', async () => {
    const res = await t.http.get('/health/live');
    const policy = String(res.headers['content-security-policy']);
    expect(policy).not.toContain('unsafe-inline');
    expect(sourcesOf(policy, 'script-src')).toEqual(["'self'"]);
    expect(sourcesOf(policy, 'style-src')).toEqual(["'self'"]);
  });
});
