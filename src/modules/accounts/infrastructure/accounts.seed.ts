import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { DomainError } from '../../../shared/domain/domain-error';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { EnsureActiveUser } from '../application/ensure-administrator.use-case';
import { SANDBOX_DEMO_USERS } from '../contracts/sandbox';

/** Sandbox only: a documented authenticator secret so demo scripts and the benchmark can sign in. */
export const DEMO_TOTP_SECRET = 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD';
export const DEMO_PASSWORD = 'Ornithorynque-42!';
export const DEMO_USERS = SANDBOX_DEMO_USERS;

@SandboxSeedProvider(10)
@Injectable()
export class AccountsSeed implements SandboxSeed {
  constructor(
    private readonly ensure: EnsureActiveUser,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<SeedReport> {
    const lines: string[] = [];
    const { email, password } = this.config.admin;
    if (email && password) {
      try {
        await this.ensure.execute({ email, password, firstName: 'Support', lastName: 'Liasse', isAdmin: true });
        lines.push(`Platform administrator: ${email} / (ADMIN_PASSWORD) — second factor by e-mail`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        lines.push(`No platform administrator: ADMIN_PASSWORD is refused (${error.localized('en')})`);
      }
    } else {
      lines.push('No platform administrator (set ADMIN_EMAIL and ADMIN_PASSWORD to create one)');
    }
    // Their password and authenticator secret are published (README): no production instance accepts them.
    // The demo structures and the sandbox API credentials hang on these users and are skipped with them.
    if (this.config.nodeEnv === 'production') {
      lines.push('Demo users, structures and sandbox API credentials: not created (NODE_ENV=production; their credentials are published)');
      return { title: 'Accounts', lines };
    }
    for (const demo of Object.values(DEMO_USERS)) {
      await this.ensure.execute({ ...demo, password: DEMO_PASSWORD, isAdmin: false, totpSecret: DEMO_TOTP_SECRET });
      lines.push(`Demo user: ${demo.email} / ${DEMO_PASSWORD} — authenticator secret ${DEMO_TOTP_SECRET}`);
    }
    return { title: 'Accounts', lines };
  }
}
