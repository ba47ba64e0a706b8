import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy directives of every response (helmet's defaults plus these): scripts and
 * styles from the platform itself only, never `'unsafe-inline'`. An injected `<script>` or `<style>` in a
 * page does not run.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
};

const INLINE_SCRIPT = /<script(?![^>]*\ssrc\s*=)(?:\s[^>]*)?>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style(?:\s[^>]*)?>([\s\S]*?)<\/style\s*>/gi;

const hashOf = (content: string): string => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;

/** The CSP source expressions ('sha256-…') of the inline `<script>` and `<style>` blocks of a page. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => hashOf(m[1]!));
  const styles = [...html.matchAll(INLINE_STYLE)].map((m) => hashOf(m[1]!));
  return { scripts: [...new Set(scripts)], styles: [...new Set(styles)] };
}

/** `policy` with the page's hashes added to script-src and style-src (each added if absent). */
export function policyForPage(policy: string, html: string): string {
  const { scripts, styles } = inlineHashes(html);
  if (scripts.length === 0 && styles.length === 0) return policy;
  const directives = policy.split(';').map((d) => d.trim()).filter(Boolean);
  const extend = (name: string, hashes: string[]): void => {
    if (hashes.length === 0) return;
    const at = directives.findIndex((d) => d === name || d.startsWith(`${name} `));
    if (at === -1) directives.push(`${name} 'self' ${hashes.join(' ')}`);
    else directives[at] = `${directives[at]} ${hashes.join(' ')}`;
  };
  extend('script-src', scripts);
  extend('style-src', styles);
  return directives.join(';');
}

/** Pages are constant (ours, Swagger UI's): their policy is computed once each. Bounded all the same. */
const MAX_REMEMBERED_PAGES = 64;

/**
 * HTML pages with inline blocks (the pages behind e-mailed links, Swagger UI at /docs) get the policy
 * set by helmet with the SHA-256 of each of their inline `<script>`/`<style>` blocks added: those run,
 * and nothing else inline does. Hashes rather than nonces: the pages are static, so no per-response
 * templating, and the same page always carries the same header.
 */
export function allowInlineBlocksOfPages(fastify: FastifyInstance): void {
  const remembered = new Map<string, string>();
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const base = reply.raw.getHeader('content-security-policy') ?? reply.getHeader('content-security-policy');
    if (typeof payload !== 'string' || !type.startsWith('text/html') || typeof base !== 'string') return done(null, payload);
    const key = `${base}\n${payload}`;
    let policy = remembered.get(key);
    if (policy === undefined) {
      policy = policyForPage(base, payload);
      if (remembered.size >= MAX_REMEMBERED_PAGES) remembered.delete(remembered.keys().next().value!);
      remembered.set(key, policy);
    }
    void reply.header('content-security-policy', policy);
    done(null, payload);
  });
}
