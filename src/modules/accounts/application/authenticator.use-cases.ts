import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { MfaMethod, User } from '../domain/user.entity';
import { PasswordHasher } from '../infrastructure/password-hasher';
import { TotpService } from '../infrastructure/totp';
import { ReauthenticationLimits } from './reauthentication-limits.service';

/**
 * What a signed-in user presents to touch the authenticator: the current password, or a code of the
 * authenticator now in use. An access token alone (stolen, or a session left open) is not enough.
 */
export interface AuthenticatorProof {
  currentPassword?: string;
  currentCode?: string;
}

/**
 * Checks the proof against the user row, locked by the caller's transaction; a code's step is spent. Wrong
 * proofs count against the account's sign-in limits (`ReauthenticationLimits`).
 */
@Injectable()
export class AuthenticatorProofs {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly totp: TotpService,
    private readonly clock: Clock,
    private readonly limits: ReauthenticationLimits,
  ) {}

  async check(user: User, proof: AuthenticatorProof): Promise<void> {
    if (proof.currentPassword !== undefined) {
      await this.limits.assertOpen(user, 'password');
      if (!(await this.hasher.verify(user.passwordHash, proof.currentPassword))) {
        throw await this.limits.failed(user, 'password', new DomainError(AccountsErrors.CURRENT_PASSWORD_INVALID, {}, 'currentPassword'));
      }
      return;
    }
    if (proof.currentCode !== undefined) {
      await this.limits.assertOpen(user, 'code');
      const secret = user.mfaMethod === MfaMethod.TOTP && user.totpSecret ? this.totp.decrypt(user.totpSecret) : undefined;
      const lastStep = user.totpLastStep !== undefined && user.totpLastStep !== null ? BigInt(user.totpLastStep) : undefined;
      const step = secret ? this.totp.verify(secret, proof.currentCode.trim(), this.clock.now(), lastStep) : undefined;
      if (step === undefined) throw await this.limits.failed(user, 'code', new DomainError(AccountsErrors.AUTHENTICATOR_CODE_INVALID, {}, 'currentCode'));
      user.totpLastStep = step.toString();
      return;
    }
    throw new DomainError(AccountsErrors.REAUTHENTICATION_REQUIRED, {}, 'currentPassword');
  }
}

/**
 * Enrolment (or replacement), step 1: with the password or a current code, a pending secret the user
 * scans. Nothing changes until it is confirmed; a new start replaces an unconfirmed secret.
 */
@Injectable()
export class StartTotpEnrolment {
  constructor(
    private readonly em: EntityManager,
    private readonly totp: TotpService,
    private readonly proofs: AuthenticatorProofs,
  ) {}

  async execute(actor: UserActor, proof: AuthenticatorProof): Promise<{ secret: string; otpauthUrl: string }> {
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, { id: actor.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await this.proofs.check(user, proof);
      const secret = this.totp.newSecret();
      user.totpPendingSecret = this.totp.encrypt(secret);
      return { secret, otpauthUrl: this.totp.otpauthUrl(secret, user.loginEmail) };
    });
  }
}

/**
 * Step 2: a first valid code proves the app holds the secret; TOTP becomes the second factor (replacing
 * the previous app, if any). Only a secret handed out by a proven step 1 can be pending. The owner is
 * e-mailed.
 */
@Injectable()
export class ConfirmTotpEnrolment {
  constructor(
    private readonly em: EntityManager,
    private readonly totp: TotpService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, code: string): Promise<{ mfaMethod: MfaMethod }> {
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, { id: actor.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const pending = user.totpPendingSecret ? this.totp.decrypt(user.totpPendingSecret) : undefined;
      if (!pending) throw new DomainError(AccountsErrors.TOTP_NOT_ENROLLING);
      const step = this.totp.verify(pending, code.trim(), this.clock.now());
      if (step === undefined) throw new DomainError(AccountsErrors.MFA_CODE_INVALID, {}, 'code');
      const change = user.mfaMethod === MfaMethod.TOTP && user.totpSecret ? 'REPLACED' : 'ENROLLED';
      user.totpSecret = user.totpPendingSecret;
      user.totpPendingSecret = undefined;
      user.totpLastStep = step.toString();
      user.mfaMethod = MfaMethod.TOTP;
      this.outbox.record(em, 'accounts.authenticator-changed', { userId: user.id, change }, { kind: 'user', id: user.id });
      return { mfaMethod: user.mfaMethod };
    });
  }
}

/** Back to e-mailed codes (e.g. a lost phone, once signed in), with the password or a current code. The owner is e-mailed. */
@Injectable()
export class DisableTotp {
  constructor(
    private readonly em: EntityManager,
    private readonly proofs: AuthenticatorProofs,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: UserActor, proof: AuthenticatorProof): Promise<{ mfaMethod: MfaMethod }> {
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, { id: actor.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await this.proofs.check(user, proof);
      const hadAuthenticator = user.mfaMethod === MfaMethod.TOTP || !!user.totpSecret;
      user.totpSecret = undefined;
      user.totpPendingSecret = undefined;
      user.totpLastStep = undefined;
      user.mfaMethod = MfaMethod.EMAIL;
      if (hadAuthenticator) this.outbox.record(em, 'accounts.authenticator-changed', { userId: user.id, change: 'REMOVED' }, { kind: 'user', id: user.id });
      return { mfaMethod: user.mfaMethod };
    });
  }
}
