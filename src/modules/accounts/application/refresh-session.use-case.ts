import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { AccountsErrors } from '../domain/accounts.errors';
import { Sessions, TokenPair } from './sessions.service';

@Injectable()
export class RefreshSession {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: Sessions,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.em.transactional((em) => this.sessions.refresh(em, refreshToken));
    // A reused token revoked the session in the committed transaction; only now refuse.
    if (outcome === 'revoked') throw new DomainError(AccountsErrors.REFRESH_TOKEN_INVALID);
    return outcome;
  }
}
