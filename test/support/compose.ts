import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, parseDocument, visit } from 'yaml';

/**
 * What `docker compose config` would print for the fields the tests run, for machines without the compose
 * plugin: each file parsed (anchors, `<<` merge keys), interpolated (${VAR}, ${VAR:-default},
 * ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, $VAR, $$), then merged in order
 * as the compose specification says (mappings key by key; command, entrypoint and healthcheck.test
 * replaced; other sequences appended; `!reset` removes a value, `!override` replaces it whole).
 */

export type ComposeValue = string | number | boolean | null | ComposeValue[] | { [key: string]: ComposeValue };

export interface ComposeService {
  command?: string[];
  environment?: Record<string, string | null>;
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: { test?: string[] };
  image?: string;
  volumes?: string[];
  [key: string]: unknown;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

/** The error compose prints before starting anything ("required variable X is missing a value: …"). */
export class ComposeInterpolationError extends Error {}

const RESET = '\u0000compose-reset';
const OVERRIDE = '\u0000compose-override';
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test']);

/** Interpolates one string value as compose does; `at` names the field in the error. */
export function interpolate(text: string, env: Record<string, string | undefined>, at = 'value'): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      // Find the matching brace (defaults may hold ${...} themselves).
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      if (depth > 0) throw new ComposeInterpolationError(`invalid interpolation format for ${at}: "${text}"`);
      out += expand(text.slice(i + 2, j - 1), env, at);
      i = j;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (!name) {
        out += '$';
        i++;
      } else {
        out += env[name] ?? '';
        i += 1 + name.length;
      }
    }
  }
  return out;
}

function expand(inner: string, env: Record<string, string | undefined>, at: string): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
  if (!match) throw new ComposeInterpolationError(`invalid interpolation format for ${at}: "\${${inner}}"`);
  const [, name, operator, word = ''] = match;
  const value = env[name];
  const unset = value === undefined;
  const unsetOrEmpty = unset || value === '';
  switch (operator) {
    case undefined:
      return value ?? '';
    case ':-':
      return unsetOrEmpty ? interpolate(word, env, at) : value;
    case '-':
      return unset ? interpolate(word, env, at) : value;
    case ':?':
    case '?':
      if (operator === ':?' ? unsetOrEmpty : unset) {
        throw new ComposeInterpolationError(`error while interpolating ${at}: required variable ${name} is missing a value: ${interpolate(word, env, at)}`);
      }
      return value!;
    case ':+':
      return unsetOrEmpty ? '' : interpolate(word, env, at);
    default: // '+'
      return unset ? '' : interpolate(word, env, at);
  }
}

function interpolateTree(value: unknown, env: Record<string, string | undefined>, at: string): unknown {
  if (typeof value === 'string') return value === RESET ? value : interpolate(value, env, at);
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, env, `${at}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, env, at === '' ? key : `${at}.${key}`)]));
  }
  return value;
}

/** Parses one compose file: anchors and merge keys resolved, `!reset` / `!override` kept as markers. */
export function parseComposeFile(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { merge: true });
  const errors = doc.errors.map((e) => e.message);
  if (errors.length > 0) throw new Error(`invalid YAML: ${errors.join('; ')}`);
  visit(doc, {
    Node(_key, node) {
      if (node.tag === '!reset') return doc.createNode(RESET);
      if (node.tag === '!override') {
        node.tag = undefined;
        return doc.createNode({ [OVERRIDE]: node });
      }
      return undefined;
    },
  });
  if (!isNode(doc.contents)) throw new Error('empty compose file');
  return doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function merge(base: unknown, over: unknown, key: string): unknown {
  if (over === RESET) return undefined;
  if (isMap(over) && OVERRIDE in over) return strip(over[OVERRIDE]);
  if (isMap(base) && isMap(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const merged = merge(base[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && !REPLACED_SEQUENCES.has(key)) {
    const seen = new Set(base.map((v) => JSON.stringify(v)));
    return [...base, ...over.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  return strip(over);
}

/** Markers in a value that had nothing under it (a `!reset` in the first file). */
function strip(value: unknown): unknown {
  if (value === RESET) return undefined;
  if (isMap(value)) {
    if (OVERRIDE in value) return strip(value[OVERRIDE]);
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (strip(v) === undefined ? [] : [[k, strip(v)]])));
  }
  if (Array.isArray(value)) return value.map(strip);
  return value;
}

/**
 * `docker compose -f files[0] -f files[1] … config`, with `env` as the shell environment (no .env is
 * read: pass its variables in `env`). Environment values come out as strings, `null` for a bare key.
 */
export function loadCompose(files: string[], env: Record<string, string | undefined>): ComposeModel {
  let model: unknown = {};
  for (const file of files) {
    const parsed = parseComposeFile(readFileSync(file, 'utf8'));
    model = merge(model, interpolateTree(parsed, env, ''), '');
  }
  const out = strip(model) as ComposeModel;
  for (const service of Object.values(out.services ?? {})) {
    if (service.environment) {
      service.environment = Object.fromEntries(Object.entries(service.environment).map(([k, v]) => [k, v === null ? null : String(v)]));
    }
  }
  return out;
}

/** The `ENV` of the Dockerfile's last stage (what every container starts with, before compose's). */
export function imageEnvironment(dockerfile: string): Record<string, string> {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\r?\n/g, ' ');
  const lastStage = text.slice(text.search(/^FROM [^\n]*$(?![\s\S]*^FROM )/m));
  const env: Record<string, string> = {};
  for (const line of lastStage.split('\n')) {
    const instruction = /^ENV\s+(.*)$/.exec(line.trim());
    if (!instruction) continue;
    for (const pair of instruction[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[pair[1]] = pair[2].replace(/^"|"$/g, '');
  }
  return env;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
