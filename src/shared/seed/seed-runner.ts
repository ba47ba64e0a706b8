import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { SANDBOX_SEED, SandboxSeed, SeedReport } from './sandbox-seed';

/** Finds every @SandboxSeedProvider and runs them in order, each in its own ORM context. */
@Injectable()
export class SeedRunner {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly orm: MikroORM,
  ) {}

  async run(): Promise<SeedReport[]> {
    const seeds = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && typeof w.metatype === 'function')
      .map((w) => ({ order: this.reflector.get<number | undefined>(SANDBOX_SEED, w.metatype as object as never), seed: w.instance as SandboxSeed }))
      .filter((s): s is { order: number; seed: SandboxSeed } => typeof s.order === 'number')
      .sort((a, b) => a.order - b.order);
    const reports: SeedReport[] = [];
    for (const { seed } of seeds) {
      reports.push(await RequestContext.create(this.orm.em.fork(), () => seed.run()));
    }
    return reports;
  }
}
