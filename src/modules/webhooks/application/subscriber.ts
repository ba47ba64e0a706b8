import { Actor } from '../../../shared/auth/actor';
import { WebhookSubscription } from '../domain/webhook-subscription.entity';

/** The owner of a subscription as the authorization rule sees it when an event happens. */
export function subscriberActor(s: Pick<WebhookSubscription, 'ownerUserId' | 'technicalAccountId' | 'oauthClientId' | 'structureId'>): Actor {
  if (s.technicalAccountId) {
    return { kind: 'technical-account', technicalAccountId: s.technicalAccountId, structureId: s.structureId, oauthClientId: s.oauthClientId ?? '', apiGroups: [] };
  }
  return { kind: 'user', userId: s.ownerUserId ?? '', sessionId: '', isAdmin: false };
}
