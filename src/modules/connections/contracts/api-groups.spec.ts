import fc from 'fast-check';
import { normaliseRequestPath } from '../../../shared/http/request-path';
import { apiGroupOfPath, apiGroupOfRequest, openToEveryClient } from './api-groups';

describe('API groups of requests', () => {
  it('normalises a path as the router may read it: escapes, slashes, dot segments, case', () => {
    expect(normaliseRequestPath('/cpro/%66actures/v1/rechercher/fournisseur?x=1')).toBe('/cpro/factures/v1/rechercher/fournisseur');
    expect(normaliseRequestPath('//CPRO/./factures//v1/../v1/x#frag')).toBe('/cpro/factures/v1/x');
    expect(normaliseRequestPath('/cpro/structures/%2E%2E/factures')).toBe('/cpro/factures');
    expect(normaliseRequestPath('/cpro\\factures')).toBe('/cpro/factures');
    expect(normaliseRequestPath('/../../cpro')).toBe('/cpro');
    expect(normaliseRequestPath('/cpro/%E0%A4%A')).toBeNull();
  });

  it('maps /cpro families and the /api/v1 routes client tokens may call; everything else is people only', () => {
    expect(apiGroupOfPath('/cpro/engagementsJuridiques/v1/rechercher')).toBe('engagementsJuridiques');
    expect(apiGroupOfPath('/cpro/inconnu/v1/x')).toBeNull();
    expect(apiGroupOfPath('/api/v1/invoices/:id/files/:fileId')).toBe('factures');
    expect(apiGroupOfPath('/api/v1/structures/:id')).toBe('structures');
    expect(apiGroupOfPath('/api/v1/structures/:id/bank-accounts')).toBe('structures');
    expect(apiGroupOfPath('/api/v1/tickets/:id/messages')).toBe('transverses');
    expect(apiGroupOfPath('/api/v1/flows/:flowNumber/report')).toBe('transverses');
    expect(apiGroupOfPath('/api/v1/flows/CPP0000000001/report')).toBe('transverses');
    expect(apiGroupOfPath('/api/v1/flows/CPP0000000001')).toBeNull();
    for (const peopleOnly of [
      '/api/v1/structures/:id/members',
      '/api/v1/structures/:id/members/:userId/grants',
      '/api/v1/structures/:id/technical-accounts',
      '/api/v1/structures/:id/principal-manager',
      '/api/v1/structures/:id/deactivation',
      '/api/v1/technical-accounts/:id/password',
      '/api/v1/oauth-clients',
      '/api/v1/approvals',
      '/api/v1/me',
      '/api/v1/admin/users',
      '/api/v1/invoicesx',
    ]) {
      expect(apiGroupOfPath(peopleOnly)).toBeNull();
    }
  });

  it('decides on the dispatched route, and refuses when the request path names another group', () => {
    expect(apiGroupOfRequest('/cpro/factures/v1/rechercher/fournisseur', '/cpro/%66actures/v1/rechercher/fournisseur')).toBe('factures');
    expect(apiGroupOfRequest('/api/v1/invoices/:id', '/api/v1/invoices/abc%2F..%2F..%2Fstructures%2Fx')).toBeNull();
    expect(apiGroupOfRequest(undefined, '/cpro/factures/v1/x')).toBeNull();
    expect(apiGroupOfRequest('/cpro/factures/v1/x', '/cpro/%zz')).toBeNull();
  });

  it('opens credential health to every client token, on the dispatched route and its path alike', () => {
    expect(openToEveryClient('/api/v1/me/credentials', '/api/v1/me/credentials?x=1')).toBe(true);
    expect(openToEveryClient('/api/v1/me/credentials', '/api/v1/ME/./credentials')).toBe(true);
    expect(openToEveryClient('/api/v1/me', '/api/v1/me/credentials')).toBe(false);
    expect(openToEveryClient('/api/v1/me/credentials', '/api/v1/me')).toBe(false);
    expect(openToEveryClient(undefined, '/api/v1/me/credentials')).toBe(false);
    expect(apiGroupOfPath('/api/v1/me/credentials')).toBeNull();
  });

  it('never lets a spelling of a factures route pass as another group (property)', () => {
    const routes = ['/cpro/factures/v1/rechercher/fournisseur', '/api/v1/invoices', '/api/v1/invoices/:id'];
    const spell = fc.tuple(
      fc.constantFrom(...routes),
      fc.array(fc.constantFrom('encode', 'upper', 'double-slash', 'dot', 'dotdot'), { maxLength: 6 }),
      fc.nat(),
    );
    fc.assert(
      fc.property(spell, ([route, edits, seed]) => {
        let url = route.replace(':id', '0193');
        for (const [i, edit] of edits.entries()) {
          const segments = url.split('/');
          const at = 1 + ((seed + i) % (segments.length - 1));
          const segment = segments[at]!;
          // Encoded once (the router decodes once too: a double encoding is another path, refused by design).
          if (edit === 'encode' && /^[a-z0-9]/i.test(segment)) segments[at] = `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}`;
          if (edit === 'upper') segments[at] = segment.toUpperCase();
          if (edit === 'double-slash') segments[at] = `/${segment}`;
          if (edit === 'dot') segments[at] = `./${segment}`;
          if (edit === 'dotdot') segments[at] = `zz/../${segment}`;
          url = segments.join('/');
        }
        expect(apiGroupOfRequest(route, url)).toBe('factures');
        expect(apiGroupOfRequest('/cpro/structures/v1/rechercher', url)).toBeNull();
      }),
      { seed: 15, numRuns: 500 },
    );
  });
});
