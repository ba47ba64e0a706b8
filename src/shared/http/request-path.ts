/**
 * The path of a request URL as a decision should see it: query and fragment dropped, percent-encoding
 * decoded once, backslashes read as slashes, repeated slashes collapsed, `.` and `..` segments resolved
 * (RFC 3986 §5.2.4), lower case. null when the URL cannot be decoded (malformed escapes): a decision on
 * such a request refuses it, never guesses. Fastify's router decodes percent-encoding before matching, so
 * a check on the raw URL could see another path than the route that runs (`/cpro/%66actures/...`).
 */
export function normaliseRequestPath(url: string): string | null {
  const end = url.search(/[?#]/);
  let path = end < 0 ? url : url.slice(0, end);
  try {
    path = decodeURIComponent(path);
  } catch {
    return null;
  }
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}
