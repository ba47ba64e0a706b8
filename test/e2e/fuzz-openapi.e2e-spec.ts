import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { givenActiveUser, GivenUser, PASSWORD, SECRET_ANSWER } from '../factories/accounts';
import { ErpConnection, givenErpConnection } from '../factories/connections';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../factories/invoicing';
import { givenStructure, TINY_PDF, validSiret } from '../factories/organisation';
import { openTicket } from '../factories/support';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15: bad input never costs a 5xx. For every operation of the OpenAPI document (/api and /cpro), a
 * seeded, bounded sample of requests: valid-ish ones built from the schemas, the same with one field, query
 * value or route parameter replaced by bad input (NUL, lone surrogate, huge or deep values, wrong types,
 * negative or huge numbers), and junk bodies; sent anonymously, as a supplier's manager, as a member of
 * another structure, as an administrator and, on /cpro, as a technical account. Any 5xx, dropped
 * connection or error outside the envelope (problem+json with `code` on /api, `{codeRetour, libelle}` on
 * /cpro, the OAuth error on the token endpoint) fails, listing every such request with the seed.
 *
 * Re-run one sample: FUZZ_SEED=<seed> FUZZ_RUNS=<runs per operation> npx jest test/e2e/fuzz-openapi.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 15_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

/** As OpenAPI 3.1 writes it (`type: ["string", "null"]`), read through `resolve` as a type and `nullable`. */
type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  contentType?: string;
  body?: Schema;
}
interface FuzzRequest {
  who: string;
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const document = JSON.parse(readFileSync(join(__dirname, '../../openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    const parts = schema.allOf.map(resolve);
    return { ...Object.assign({}, ...parts), ...schema, allOf: undefined, properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})), required: parts.flatMap((p) => p.required ?? []) };
  }
  if (Array.isArray(schema.type)) {
    return { ...schema, type: schema.type.find((t) => t !== 'null'), nullable: schema.type.includes('null'), enum: schema.enum?.filter((v) => v !== null) };
  }
  return schema;
}

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method, op]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && op.operationId)
    .map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      return { method: method.toUpperCase(), path, operationId: op.operationId!, parameters: op.parameters ?? [], contentType, body: contentType ? content[contentType]!.schema : undefined };
    }),
);

/** Operations that end the callers' sessions or structures run last, so that the others are tried as their callers. */
const LAST = ['deactivateStructure', 'leaveStructure', 'changeMyPassword', 'deactivateMe', 'logOut'];
operations.sort((a, b) => LAST.indexOf(a.operationId) - LAST.indexOf(b.operationId));

/** Field names the /cpro readers use (PISTE-API.md): free-form bodies in the document. */
const CPRO_FIELDS = [
  'idFacture', 'idStructure', 'idStructureCPP', 'identifiantFactureCPP', 'idService', 'idDestinataire', 'numeroFacture', 'numeroFluxDepot',
  'fichierFlux', 'nomFichier', 'syntaxeFlux', 'pieceJointePrincipale', 'pieceJointeComplementaire', 'typeMime', 'pieceJointeNom', 'pieceJointeTypeMime',
  'destinataire', 'fournisseur', 'structure', 'listeFacture', 'parametresRecherche', 'pageResultatDemandee', 'nbResultatsMaximum', 'nouveauStatut',
  'motif', 'commentaire', 'cadreDeFacturation', 'dateFacture', 'montantTotal', 'ligneTva', 'lignePoste', 'format', 'formatDepot', 'modeDepot',
  'codeLangue', 'statutCourant', 'restreindreStructuresPrivees', 'avecSignature', 'references', 'numeroEngagement', 'codeServiceExecutant',
];

/** Bad values for a JSON field. */
const deep = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const badJson = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>('a\u0000b', '\u0000', '\uD800', 'x\uDC00y', 'ctrl\u0007', '\uD800@exemple.fr', 'a\u0000@exemple.fr') },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      'x'.repeat(100_000), '', ' ', -1, -1e308, 1e308, 2 ** 53 + 1, 0.5, null, true, {}, [], ['\u0000'], { nested: '\u0000' }, deep(40), deep(10),
      '../../etc/passwd', '2024-W01', '0000-00-00', '0000-01-01', '9999-12-31', '-1', 'NaN', '1e999', "' or 1=1 --", '<script>alert(1)</script>', '=cmd|calc',
      '00000000-0000-0000-0000-000000000000', 'é'.repeat(3000),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
/** Bad values for a query value or route parameter (already URL-encoded). */
const badText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%07', 'x%1Fy', '%ED%B0%80@exemple.fr') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '%C3%28', '%', '%ZZ', 'x'.repeat(5_000), '-1', '-99999999999999999999', '1e309', 'NaN', '0', '', '2024-W01', '0000-01-01', '9999-99-99',
      '%2E%2E%2F%2E%2E', 'null', 'true', '[]', '%5B%5D', encodeURIComponent('é'.repeat(300)), '00000000-0000-0000-0000-000000000000', "'%20or%201=1",
      '%0D%0ASet-Cookie:%20x=1',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent) },
);
/** Whole bodies that are not what the operation reads. */
const junkBody = fc.oneof(
  fc.constantFrom('', 'null', '[]', '"x"', '123', '{', '{"a":', '\u0000', '[' .repeat(100_000), '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

interface Context {
  ids: string[];
  emails: string[];
  paths: Record<string, string[]>;
}

/** A plausible value for a text field, from its name, so that valid-ish requests get past validation. */
function plausibleText(name: string, ctx: Context): fc.Arbitrary<string> {
  const n = name.toLowerCase();
  if (n.includes('email')) return fc.constantFrom(...ctx.emails);
  if (n.includes('password')) return fc.constantFrom(PASSWORD, 'Autre-Mot-De-Passe-99!');
  if (n === 'secretanswer') return fc.constant(SECRET_ANSWER);
  if (n.endsWith('id')) return fc.constantFrom(...ctx.ids);
  if (n.includes('identifier') || n === 'siret') return fc.constantFrom(...ctx.paths.identifier!);
  if (n === 'iban') return fc.constant('FR7630006000011234567890189');
  if (n === 'bic') return fc.constant('AGRIFRPP');
  if (n.includes('country')) return fc.constantFrom('FR', 'DE');
  if (n === 'currency') return fc.constant('EUR');
  if (/^(total|amount|unitprice|quantity|vatrate|rate|taxable|vatamount)/.test(n)) return fc.constantFrom('100.00', '20.00', '1', '0', '-5.00', '999999999999.99');
  if (n.includes('date') || n.startsWith('activation')) return fc.constantFrom('2026-01-15', '2025-12-31');
  if (n.includes('servicecode') || n === 'code') return fc.constantFrom('ACHATS', 'MC', 'MC_TRAITEMENT');
  if (n === 'subcategorycode' || n === 'categorycode') return fc.constantFrom('MC_TRAITEMENT', 'MC');
  if (n === 'number' || n.endsWith('number')) return fc.constantFrom('F-2026-001', 'EJ-1');
  if (n === 'postalcode') return fc.constant('75001');
  if (n.includes('phone')) return fc.constant('+33 1 23 45 67 89');
  return fc.constantFrom('Liasse', 'Compta', 'Une description', 'ACHATS');
}

function valueOf(schema: Schema | undefined, ctx: Context, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  let arb: fc.Arbitrary<unknown>;
  if (s.enum && s.enum.length > 0) arb = fc.constantFrom(...s.enum);
  else if (s.type === 'string') {
    switch (s.format) {
      case 'uuid':
        arb = fc.constantFrom(...ctx.ids);
        break;
      case 'date':
        arb = fc.constantFrom('2024-01-15', '2025-12-31', '2026-02-28');
        break;
      case 'date-time':
        arb = fc.constantFrom('2024-01-15T10:00:00.000Z', '2026-12-06T00:00:00Z');
        break;
      case 'email':
        arb = fc.constantFrom(...ctx.emails);
        break;
      default:
        // Plausible only: the mutations, one field at a time, and the junk bodies bring the bad input.
        arb = plausibleText(name, ctx);
    }
  } else if (s.type === 'integer' || s.type === 'number') arb = fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 100, 1000) });
  else if (s.type === 'boolean') arb = fc.boolean();
  else if (s.type === 'array') arb = depth > 4 ? fc.constant([]) : fc.array(valueOf(s.items, ctx, depth + 1, name), { maxLength: 3 });
  else if (s.properties && depth <= 4) {
    const shape = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, valueOf(v, ctx, depth + 1, k)]));
    arb = fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in shape) }) as fc.Arbitrary<unknown>;
  } else if (s.type === 'object' || s.additionalProperties) {
    // Free-form (the /cpro bodies): their known field names with plausible values, sometimes nested.
    const leaf = fc.oneof(fc.constantFrom(...ctx.ids.map((id) => id as unknown), 1, 42, 'A1', validSiret(), TINY_PDF.toString('base64'), 'facture.pdf', 'application/pdf', 'PDF', 'UBL', 'DEPOSEE', true), fc.string({ maxLength: 12 }));
    arb = fc.dictionary(fc.constantFrom(...CPRO_FIELDS), depth < 2 ? fc.oneof(leaf, fc.dictionary(fc.constantFrom(...CPRO_FIELDS), leaf, { maxKeys: 3 })) : leaf, { maxKeys: 6 });
  } else arb = fc.string({ maxLength: 10 });
  return s.nullable ? fc.option(arb, { nil: null }) : arb;
}

/** Every path to a value in `value` ('' is the whole body). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const out: string[][] = [prefix];
  if (value !== null && typeof value === 'object' && prefix.length < 4) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

function replaced(value: unknown, path: string[], bad: unknown): unknown {
  if (path.length === 0) return bad;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), bad);
  return copy;
}

function multipartBody(fields: Record<string, string>, file: { name: string; content: Buffer } | undefined, boundary = 'fuzzboundary42'): Buffer {
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let outsider: GivenUser;
  let admin: GivenUser;
  let erp: ErpConnection;
  let ctx: Context;

  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_SENSITIVE_PER_MINUTE: '100000' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }] });
    outsider = await givenActiveUser(t);
    const elsewhere = await givenStructure(t, outsider);
    admin = await givenActiveUser(t, { isAdmin: true });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const invoiceId = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const ticket = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Fuzz', description: 'x' });
    const known = [supplier.id, recipient.id, elsewhere.id, invoiceId, ticket.id, supplier.owner.id, outsider.id, recipient.clerk.id, ...Object.values(recipient.services)];
    ctx = {
      ids: [...known, randomUUID(), '00000000-0000-4000-8000-000000000000'],
      emails: [supplier.owner.email, outsider.email, 'inconnu@exemple.fr'],
      paths: {
        identifier: [supplier.identifier, recipient.identifier, validSiret()],
        token: ['a'.repeat(43), 'abc'],
        code: ['MC', 'MC_TRAITEMENT', 'NOUVELLE'],
        subCode: ['MC_TRAITEMENT', 'X'],
        liste: ['statuts', 'cadresFacturation', 'inconnue'],
      },
    };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  function requestsFor(op: Operation, index: number): FuzzRequest[] {
    const cpro = op.path.startsWith('/cpro');
    const identities: Record<string, Record<string, string>> = {
      anonymous: {},
      supplier: { authorization: `Bearer ${supplier.owner.token}` },
      outsider: { authorization: `Bearer ${outsider.token}` },
      admin: { authorization: `Bearer ${admin.token}` },
      ...(cpro ? { erp: { authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount }, 'erp-bad-account': { authorization: `Bearer ${erp.token}`, 'cpro-account': 'AA==' } } : {}),
    };
    // The callers who get past authentication most often, so that validation and use cases are reached.
    const who = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...Object.keys(identities)) }, { weight: 2, arbitrary: fc.constant(cpro ? 'erp' : 'supplier') });
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const plausiblePath = (p: Parameter): fc.Arbitrary<string> => {
      const s = resolve(p.schema);
      if (ctx.paths[p.name]) return fc.constantFrom(...ctx.paths[p.name]!);
      if (s.format === 'uuid' || /id$/i.test(p.name)) return fc.constantFrom(...ctx.ids);
      return fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent);
    };
    const pathValues = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof({ weight: 4, arbitrary: plausiblePath(p) }, { weight: 1, arbitrary: badText })])));
    const queryValues = fc.record(
      Object.fromEntries(queryParams.map((p) => [p.name, valueOf(p.schema, ctx, 0, p.name).map((v) => (Array.isArray(v) ? v.map(String) : String(v)))])),
      { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
    );
    const body = op.body && op.contentType === 'application/json' ? valueOf(op.body, ctx) : fc.constant(undefined);
    const variant = fc.constantFrom('valid', 'field', 'field', 'field', 'query', 'junk');

    const arb = fc.record({ who, variant, path: pathValues, query: queryValues, body, bad: badJson, badText, junk: junkBody, pick: fc.nat(), multipart: fc.constantFrom('whole', 'cut', 'no-boundary', 'nul-field', 'nul-name') });
    return fc.sample(arb, { seed: SEED + index, numRuns: RUNS }).map((r) => {
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => String(r.path[name]));
      const query = Object.entries(r.query as Record<string, string | string[]>).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`));
      if (r.variant === 'query') {
        const names = queryParams.length > 0 ? queryParams.map((p) => p.name) : ['unknown'];
        query.push(`${names[r.pick % names.length]}=${r.badText}`);
      }
      const headers: Record<string, string> = { ...identities[r.who]! };
      let payload: string | Buffer | undefined;
      if (op.contentType === 'multipart/form-data') {
        const fields: Record<string, string> = op.operationId === 'addInvoiceFile' ? { kind: 'main' } : op.operationId === 'addStructureDocument' ? { label: 'Kbis' } : {};
        const bad = r.multipart;
        const whole = multipartBody(bad === 'nul-field' ? { ...fields, label: 'a\u0000b', kind: 'main\u0000' } : fields, { name: bad === 'nul-name' ? 'f\u0000.pdf' : 'f.pdf', content: TINY_PDF });
        payload = bad === 'cut' ? whole.subarray(0, whole.length - 30) : whole;
        headers['content-type'] = bad === 'no-boundary' ? 'multipart/form-data' : 'multipart/form-data; boundary=fuzzboundary42';
      } else if (op.contentType) {
        if (r.variant === 'junk') payload = r.junk;
        else if (r.variant === 'field' && r.body !== undefined) {
          const paths = pathsOf(r.body);
          payload = JSON.stringify(replaced(r.body, paths[r.pick % paths.length]!, r.bad));
        } else payload = r.body === undefined ? undefined : JSON.stringify(r.body);
        if (payload !== undefined) headers['content-type'] = op.contentType === 'application/x-www-form-urlencoded' ? 'application/json' : op.contentType;
      }
      return { who: r.who, kind: `${r.variant}${op.contentType === 'multipart/form-data' ? `/${r.multipart}` : ''}`, method: op.method, url: query.length > 0 ? `${url}?${query.join('&')}` : url, headers, payload };
    });
  }

  function envelopeProblem(op: Operation, status: number, contentType: string, text: string): string | undefined {
    if (status >= 500) return `status ${status}`;
    if (status < 400) return undefined;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return `error body is not JSON (${contentType})`;
    }
    if (op.path.startsWith('/cpro')) {
      return typeof body.codeRetour === 'number' && typeof body.libelle === 'string' ? undefined : 'error outside the /cpro envelope';
    }
    if (op.path === '/api/oauth/token' && typeof body.error === 'string') return undefined;
    if (!contentType.includes('application/problem+json')) return `error as ${contentType}`;
    return typeof body.code === 'string' && body.status === status ? undefined : 'problem without code or status';
  }

  it(`answers every generated request without a 5xx and in the API's envelope (seed ${SEED}, ${RUNS} requests per operation)`, async () => {
    expect(operations.length).toBeGreaterThan(100);
    const failures: string[] = [];
    // Input the database refused (PostgreSQL 22xxx) is answered 400 but logged as an error: the edge
    // should have refused it. Such logs fail the test too.
    const unhandled: unknown[] = [];
    const errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
      if (rest.includes('Unhandled error')) unhandled.push(message);
    });
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [index, op] of operations.entries()) {
      for (const request of requestsFor(op, index)) {
        sent++;
        const label = `${op.operationId} as ${request.who} (${request.kind}): ${request.method} ${request.url.slice(0, 160)}`;
        try {
          const logged = unhandled.length;
          const res = await t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
          if (unhandled.length > logged && res.statusCode < 500) {
            const err = (unhandled[unhandled.length - 1] as { err?: { code?: string; message?: string } }).err;
            failures.push(`${label} → ${res.statusCode}, but logged as an unhandled error (${err?.code ?? ''} ${err?.message?.slice(0, 120) ?? ''})`);
          }
          if (process.env.FUZZ_DEBUG && request.kind === 'valid' && res.statusCode === 400) console.warn(`VALID400 ${op.operationId} ${res.body.slice(0, 300)} <= ${String(request.payload ?? '').slice(0, 300)}`);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = envelopeProblem(op, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
          if (problem) failures.push(`${label} → ${problem}: ${res.body.slice(0, 200)}`);
        } catch (error) {
          failures.push(`${label} → no answer (${(error as Error).message})`);
        }
      }
    }
    errorLog.mockRestore();
    if (process.env.FUZZ_VERBOSE) console.warn(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    // Most requests must get past authentication and routing, or the sample tests little.
    expect([...statuses].filter(([status]) => status !== 401 && status !== 404).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(sent / 2);
    expect(sent).toBeGreaterThan(operations.length * RUNS * 0.99);
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${sent} generated requests failed (re-run with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}):\n${failures.join('\n')}`);
    }
  }, 240_000);
});
