import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { SeedRunner } from '../shared/seed/seed-runner';

/**
 * `npm run seed`: idempotent sandbox data (administrator, reference structures, demo users and
 * structures, API credentials). Each context contributes a @SandboxSeedProvider. Prints what to use.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ APP_ROLE: 'api', LOG_LEVEL: 'warn' }), { logger: ['error', 'warn'] });
  try {
    const reports = await app.get(SeedRunner).run();
    console.log('\nSandbox data is ready:');
    for (const report of reports) {
      console.log(`\n  ${report.title}`);
      for (const line of report.lines) console.log(`    - ${line}`);
    }
    console.log('');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  // One readable line for the operator (compose logs), not a stack trace.
  console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
