/**
 * The one file-name sanitiser, for names a client sends with a file: the last path segment only (no
 * directory a download could be saved into), no control, format (bidi overrides) or unassigned
 * characters nor double quotes (which would break a Content-Disposition header or mislead a reader),
 * trimmed, at most 255 characters; `fallback` when nothing is left.
 */
export function sanitiseFileName(name: string, fallback = 'fichier'): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[\p{C}"]/gu, '').trim();
  // By code points: a cut never leaves half a surrogate pair (varchar(255) counts code points too).
  return [...(base || fallback)].slice(0, 255).join('');
}
