import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { Clock } from '../../../shared/time/clock';
import { INVOICE_NOTIFICATION_KINDS, InvoiceNotificationKind, NotificationOptOut } from '../domain/notification-opt-out.entity';

export interface NotificationPreference {
  kind: InvoiceNotificationKind;
  enabled: boolean;
}

@Injectable()
export class GetInvoiceNotificationPreferences {
  constructor(private readonly em: EntityManager) {}

  async execute(actor: UserActor): Promise<NotificationPreference[]> {
    const off = new Set((await this.em.find(NotificationOptOut, { userId: actor.userId })).map((o) => o.kind));
    return INVOICE_NOTIFICATION_KINDS.map((kind) => ({ kind, enabled: !off.has(kind) }));
  }
}

@Injectable()
export class SetInvoiceNotificationPreference {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, kind: InvoiceNotificationKind, enabled: boolean): Promise<void> {
    await this.em.transactional(async (em) => {
      await em.nativeDelete(NotificationOptOut, { userId: actor.userId, kind });
      if (!enabled) em.persist(new NotificationOptOut(actor.userId, kind, this.clock.now()));
    });
  }
}
