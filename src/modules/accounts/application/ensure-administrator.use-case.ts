import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { assertPasswordAcceptable } from '../domain/password-policy';
import { MfaMethod, normaliseEmail, User, UserStatus } from '../domain/user.entity';
import { PasswordHasher } from '../infrastructure/password-hasher';
import { TotpService } from '../infrastructure/totp';

export interface EnsureUserInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  isAdmin: boolean;
  /** Sandbox accounts may get a documented authenticator secret so scripts can sign in unattended. */
  totpSecret?: string;
}

/**
 * Creates (or brings back in line) an active account: the platform administrator from ADMIN_EMAIL /
 * ADMIN_PASSWORD, and the sandbox's demo users. Idempotent; the password must meet the policy.
 */
@Injectable()
export class EnsureActiveUser {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly totp: TotpService,
    private readonly clock: Clock,
  ) {}

  async execute(input: EnsureUserInput): Promise<{ id: string; created: boolean }> {
    assertPasswordAcceptable(input.password, { email: input.email });
    const loginEmail = normaliseEmail(input.email);
    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      let user = await em.findOne(User, { loginEmail });
      const created = !user;
      if (!user) {
        user = new User({ loginEmail, contactEmail: loginEmail, firstName: input.firstName, lastName: input.lastName, surveyConsent: false, now });
        user.secretQuestion = 'Compte créé par l’exploitant de la plateforme';
        em.persist(user);
      }
      if (created || !(await this.hasher.verify(user.passwordHash, input.password))) {
        user.passwordHash = await this.hasher.hash(input.password);
      }
      user.secretAnswerHash ??= await this.hasher.hash(input.password);
      user.status = UserStatus.ACTIVE;
      user.activatedAt ??= now;
      user.isAdmin = input.isAdmin;
      if (input.totpSecret) {
        user.totpSecret = this.totp.encrypt(input.totpSecret);
        user.mfaMethod = MfaMethod.TOTP;
      }
      return { id: user.id, created };
    });
  }
}
