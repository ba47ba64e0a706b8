import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { LinkPurpose, OneTimeLink } from '../domain/one-time-link.entity';

/** Mints links (workers, right before e-mailing them) and resolves presented tokens (requests). */
@Injectable()
export class OneTimeLinks {
  constructor(private readonly clock: Clock) {}

  /** Returns the raw token: it goes into the e-mail and nowhere else. */
  mint(em: EntityManager, userId: string, purpose: LinkPurpose, ttlMs: number): string {
    const token = randomToken();
    const now = this.clock.now();
    em.persist(new OneTimeLink(userId, purpose, sha256(token), now, new Date(now.getTime() + ttlMs)));
    return token;
  }

  /** Call inside a transaction: locks the link row so two uses of one link cannot both succeed; used, expired and unknown links look alike. */
  async resolve(em: EntityManager, token: string, purpose: LinkPurpose): Promise<OneTimeLink> {
    const link =
      typeof token === 'string' && token.length >= 20 && token.length <= 100
        ? await em.findOne(OneTimeLink, { tokenHash: sha256(token), purpose }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
    if (!link || !link.isUsable(this.clock.now())) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
    return link;
  }
}
