import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `accounts.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const accountsTemplates: Templates = {
  // To an address nobody has verified yet (that is what the link does): fixed text, nothing the
  // registrant typed (names), so sign-up cannot relay a text to a stranger's mailbox.
  'accounts.activation': (d) => ({
    subject: 'Liasse — activez votre compte',
    greeting: 'Bonjour,',
    paragraphs: [
      'Votre compte Liasse a été créé. Pour l’activer, choisissez votre mot de passe et votre question secrète en suivant le lien ci-dessous.',
      `Ce lien est valable ${d.expiresInHours} heures et ne peut servir qu’une fois. Passé ce délai, demandez un nouveau lien depuis la page de connexion (« Réactiver »).`,
    ],
    action: { label: 'Activer mon compte', url: d.link },
    footnote: 'Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message : le compte sera supprimé au bout de 30 jours.',
  }),
  'accounts.already-registered': (d) => ({
    subject: 'Liasse — tentative d’inscription avec votre adresse',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      'Une inscription vient d’être demandée avec votre adresse, qui possède déjà un compte Liasse. Aucun second compte n’a été créé.',
      `Pour vous connecter : ${d.loginUrl}. Mot de passe oublié : ${d.resetUrl}.`,
    ],
    footnote: 'Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message.',
  }),
  'accounts.activated': (d) => ({
    subject: 'Liasse — votre compte est activé',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: ['Votre compte Liasse est activé. Vous pouvez vous connecter.'],
  }),
  // To an address nobody has verified yet: fixed text, nothing the account holder typed (names), so the
  // contact address field cannot relay a text to a stranger's mailbox.
  'accounts.contact-email-confirmation': (d) => ({
    subject: 'Liasse — confirmez votre adresse de contact',
    greeting: 'Bonjour,',
    paragraphs: [
      'Cette adresse a été indiquée comme adresse de contact d’un compte Liasse. Elle ne recevra aucun message de la plateforme tant que vous ne l’aurez pas confirmée en suivant le lien ci-dessous.',
      `Ce lien est valable ${d.expiresInHours} heures et ne peut servir qu’une fois.`,
    ],
    action: { label: 'Confirmer cette adresse', url: d.link },
    footnote: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : cette adresse ne sera pas utilisée.',
  }),
  'accounts.contact-email-change-requested': (d) => ({
    subject: 'Liasse — demande de changement de votre adresse de contact',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Un changement de l’adresse de contact de votre compte vers ${d.newEmail} a été demandé. Un lien de confirmation a été envoyé à cette adresse ; d’ici là, vos messages continuent d’arriver ici.`,
      'Si vous n’êtes pas à l’origine de cette demande, changez votre mot de passe et contactez le support.',
    ],
  }),
  'accounts.contact-email-changed': (d) => ({
    subject: 'Liasse — modification de votre adresse de contact',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `L’adresse de contact de votre compte a été modifiée : ${d.oldEmail} → ${d.newEmail}.`,
      'Si vous n’êtes pas à l’origine de cette modification, contactez le support sans attendre.',
    ],
  }),
  'accounts.password-reset': (d) => ({
    subject: 'Liasse — réinitialisation de votre mot de passe',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      'Vous avez demandé à réinitialiser votre mot de passe. Le lien ci-dessous vous demandera la réponse à votre question secrète puis un nouveau mot de passe.',
      `Ce lien est valable ${d.expiresInMinutes} minutes et ne peut servir qu’une fois.`,
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: d.link },
    footnote: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
  }),
  'accounts.password-changed': (d) => ({
    subject: 'Liasse — votre mot de passe a été modifié',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      'Le mot de passe de votre compte a été modifié et toutes vos sessions ont été fermées.',
      'Si vous n’êtes pas à l’origine de cette modification, contactez le support sans attendre.',
    ],
  }),
  'accounts.authenticator-changed': (d) => ({
    subject: {
      ENROLLED: 'Liasse — une application d’authentification a été activée',
      REPLACED: 'Liasse — votre application d’authentification a été remplacée',
      REMOVED: 'Liasse — votre application d’authentification a été retirée',
    }[d.change],
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      {
        ENROLLED: 'Une application d’authentification sert désormais de second facteur pour vous connecter à Liasse, à la place des codes envoyés par e-mail.',
        REPLACED: 'Une nouvelle application d’authentification remplace la précédente comme second facteur de votre compte Liasse : les codes de l’ancienne ne sont plus acceptés.',
        REMOVED: 'L’application d’authentification de votre compte Liasse a été retirée : les codes de connexion vous seront de nouveau envoyés par e-mail.',
      }[d.change],
      'Si vous n’êtes pas à l’origine de cette modification, changez votre mot de passe et contactez le support sans attendre.',
    ],
  }),
  'accounts.mfa-code': (d) => ({
    subject: `Liasse — votre code de connexion : ${d.code}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [`Votre code de connexion est : ${d.code}`, `Il est valable ${d.expiresInMinutes} minutes.`],
    footnote: 'Si vous n’essayez pas de vous connecter, changez votre mot de passe : quelqu’un le connaît.',
  }),
  'accounts.deactivated': (d) => ({
    subject: 'Liasse — votre compte a été désactivé',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      d.byAdministrator
        ? 'Votre compte Liasse a été désactivé par un administrateur de la plateforme.'
        : 'Votre compte Liasse a été désactivé à votre demande.',
      'Pour le réactiver, contactez le support de la plateforme.',
    ],
  }),
  'accounts.reactivation-requested': (d) => ({
    subject: 'Liasse — demande de réactivation de votre compte',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Une demande de réactivation du compte ${d.loginEmail} a été enregistrée. Le support de la plateforme va la traiter.`,
    ],
  }),
  'accounts.reactivated': (d) => ({
    subject: 'Liasse — votre compte est réactivé',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: ['Votre compte Liasse a été réactivé. Vous pouvez de nouveau vous connecter.'],
  }),
  'accounts.locked': (d) => ({
    subject: 'Liasse — compte temporairement bloqué',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Après plusieurs tentatives de connexion échouées, votre compte est bloqué jusqu’au ${d.unlockAt}.`,
      'Si ce n’était pas vous, changez votre mot de passe dès le déblocage.',
    ],
  }),
  'accounts.mfa-locked': (d) => ({
    subject: 'Liasse — compte bloqué : codes de vérification erronés',
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Plusieurs codes de vérification erronés ont été saisis après votre mot de passe : votre compte est bloqué jusqu’au ${d.unlockAt}.`,
      'Si ce n’était pas vous, quelqu’un connaît votre mot de passe : changez-le dès le déblocage (« Mot de passe oublié » fonctionne pendant le blocage).',
    ],
  }),
};
