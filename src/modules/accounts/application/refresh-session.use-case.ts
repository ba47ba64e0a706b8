import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Sessions, TokenPair } from './sessions.service';

@Injectable()
export class RefreshSession {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: Sessions,
  ) {}

  execute(refreshToken: string): Promise<TokenPair> {
    return this.em.transactional((em) => this.sessions.refresh(em, refreshToken));
  }
}
