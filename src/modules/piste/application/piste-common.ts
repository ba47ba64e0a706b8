/** Success envelope: codeRetour 0 and the platform's success message key. */
export const OK = { codeRetour: 0, libelle: 'TRA_MSG_00.000' } as const;

export const day = (value: string | Date | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/** What `Date.toISOString` writes (the search rows' instants already are): rewritten as text, not parsed again. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * ISO-8601 with milliseconds and offset (flow timestamps, status dates). A value already in toISOString's
 * form only has its `Z` rewritten: parsing it into a Date and formatting it again (50 per search page) was
 * 3 % of a /cpro search's CPU (docs/benchmarks/archive-2026.md).
 */
export const instant = (value: string | Date | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && ISO_UTC.test(value)) return `${value.slice(0, -1)}+00:00`;
  return new Date(value).toISOString().replace('Z', '+00:00');
};

/** `YYYY-MM-DD HH:mm` (service validity dates, status history: go-choruspro decodes them as `2006-01-02 15:04`). */
export const minute = (value: string | Date | null | undefined): string | null => {
  if (!value) return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00`;
  return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
};

export const num = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));

/** The extension of a file name, upper case without the dot (`pieceJointeExtension`: "PDF"), or null. */
export const fileExtension = (fileName: string): string | null => {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toUpperCase() : null;
};

/** A file name safe inside an archive: word characters, dots and dashes only. */
export const safeFileName = (name: string): string => name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'fichier';
