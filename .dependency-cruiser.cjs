/**
 * Module rules (ARCHITECTURE.md): no cycles; a context reaches another context only through its
 * `contracts/` folder; the shared kernel depends on no context.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contexts-meet-through-contracts',
      comment: 'src/modules/<a>/** may import src/modules/<b>/contracts/** only (b ≠ a).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/contracts/'],
      },
    },
    {
      name: 'contracts-stay-thin',
      comment: 'contracts/ may not import a context internals (theirs or others), only shared/ and other contracts.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/contracts/' },
      to: { path: '^src/modules/[^/]+/(?!contracts/)' },
    },
    {
      name: 'shared-kernel-is-context-free',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'domain-is-framework-free',
      comment: 'Domain rules must not depend on HTTP or Nest controllers.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: ['^src/modules/[^/]+/(api|application|jobs|infrastructure)/', '@nestjs/(platform|swagger)'] },
    },
    {
      name: 'lib-is-context-and-framework-free',
      comment: 'src/lib/ holds pure libraries (e-invoice formats): no context, no Nest, no ORM, no queue.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: ['^src/modules/', '^src/config/', '@nestjs/', '@mikro-orm/', 'bullmq', 'ioredis', '^src/shared/(?!domain/)'] },
    },
    {
      name: 'declared-dependencies',
      comment: 'Every package src/ imports is declared in package.json (not reached through another package).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment: 'The production image installs dependencies only (npm prune --omit=dev).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
