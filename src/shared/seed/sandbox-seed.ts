import { SetMetadata } from '@nestjs/common';

export const SANDBOX_SEED = Symbol('liasse:sandbox-seed');

/**
 * A context's contribution to `npm run seed`: reference data and demo records. Seeds run in `order`
 * (lower first) and must be idempotent: the seed is re-run at every `npm start`.
 */
export interface SandboxSeed {
  run(): Promise<SeedReport>;
}

/** What the seed prints for newcomers: credentials and ids worth knowing. */
export interface SeedReport {
  title: string;
  lines: string[];
}

export const SandboxSeedProvider = (order: number): ClassDecorator => SetMetadata(SANDBOX_SEED, order);
