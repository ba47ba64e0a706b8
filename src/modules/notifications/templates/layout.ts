export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footnote?: string;
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One layout for every e-mail: plain text first (what most tests and many readers use), HTML alike. */
export function render(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label} : ${content.action.url}`, ''] : []),
    ...(content.footnote ? [content.footnote, ''] : []),
    '— Liasse, plateforme de facturation électronique',
    'Ce message est envoyé automatiquement ; merci de ne pas y répondre.',
  ].join('\n');
  const html = `<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#1e1e1e;max-width:600px">
<p>${escape(content.greeting)}</p>
${content.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${content.action ? `<p><a href="${escape(content.action.url)}" style="background:#000091;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escape(content.action.label)}</a></p><p style="font-size:12px">${escape(content.action.url)}</p>` : ''}
${content.footnote ? `<p style="font-size:12px;color:#666">${escape(content.footnote)}</p>` : ''}
<p style="font-size:12px;color:#666">— Liasse, plateforme de facturation électronique<br>Ce message est envoyé automatiquement ; merci de ne pas y répondre.</p>
</body></html>`;
  return { subject: content.subject, text, html };
}
