import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { LinkPurpose, OneTimeLink, passwordStamp } from '../domain/one-time-link.entity';
import { User } from '../domain/user.entity';

/** Mints links (workers, right before e-mailing them) and resolves presented tokens (requests). */
@Injectable()
export class OneTimeLinks {
  constructor(private readonly clock: Clock) {}

  /**
   * Returns the raw token: it goes into the e-mail and nowhere else. The link is bound to the password
   * the user has as read here: if it changes before or after (even concurrently), the link is dead.
   * `address`: the address the link is e-mailed to, when what it proves is that mailbox (contact address).
   */
  mint(em: EntityManager, user: Pick<User, 'id' | 'passwordHash'>, purpose: LinkPurpose, ttlMs: number, address?: string): string {
    const token = randomToken();
    const now = this.clock.now();
    em.persist(new OneTimeLink(user.id, purpose, sha256(token), passwordStamp(user.passwordHash), now, new Date(now.getTime() + ttlMs), address));
    return token;
  }

  /**
   * Call inside a transaction: locks the link row so two uses of one link cannot both succeed, and
   * the user row so a password change cannot slip between this check and the caller's write. Used,
   * expired, unknown links and links minted before the user's last password change look alike.
   */
  async resolve(em: EntityManager, token: string, purpose: LinkPurpose): Promise<{ link: OneTimeLink; user: User }> {
    const link =
      typeof token === 'string' && token.length >= 20 && token.length <= 100
        ? await em.findOne(OneTimeLink, { tokenHash: sha256(token), purpose }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
    const user = link ? await em.findOne(User, { id: link.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!link || !user || !link.isUsable(this.clock.now(), user.passwordHash)) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
    return { link, user };
  }
}
