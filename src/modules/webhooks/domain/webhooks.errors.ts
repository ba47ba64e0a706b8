import { defineErrors } from '../../../shared/domain/domain-error';

/** Errors of the webhooks context (subscriptions, delivery log, event feed). */
export const WebhooksErrors = defineErrors('WEBHOOKS', {
  SUBSCRIPTION_NOT_FOUND: { status: 404, fr: 'Abonnement introuvable.', en: 'Subscription not found.' },
  DELIVERY_NOT_FOUND: { status: 404, fr: 'Livraison introuvable.', en: 'Delivery not found.' },
  TARGET_NOT_ALLOWED: {
    status: 400,
    fr: 'Adresse de réception refusée : {reason}.',
    en: 'Target URL refused: {reason}.',
  },
  NOT_A_FEED: { status: 409, fr: 'Cet abonnement est livré par webhook : il n’a pas de flux à lire.', en: 'This subscription is delivered by webhook: it has no feed to read.' },
  NOT_A_WEBHOOK: { status: 409, fr: 'Cet abonnement est un flux : rien ne lui est livré.', en: 'This subscription is a feed: nothing is delivered to it.' },
});
