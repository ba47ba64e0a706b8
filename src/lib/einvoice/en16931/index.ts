/**
 * EN 16931 validation. `validateEn16931` is the product's validator (native rules); the official
 * artefacts (`test/support/en16931-artefacts.ts`, saxon-js, a devDependency) are the test oracle and are not exported here.
 */
export { validateEn16931, validateEn16931Tree } from './validate';
export { NATIVE_RULES } from './rules';
export type { En16931Syntax } from './findings';
