import { DomainError, FieldIssue } from '../domain/domain-error';
import { Lang } from './language';

/** RFC 9457 problem document, with our stable `code`, both languages and field-level issues. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  field?: string;
  params?: Record<string, unknown>;
  messages: { fr: string; en: string };
  errors?: FieldIssue[];
}

export function problemFromDomainError(error: DomainError, lang: Lang, instance?: string, requestId?: string): ProblemDetails {
  const messages = { fr: error.localized('fr'), en: error.localized('en') };
  const problem: ProblemDetails = {
    type: `https://liasse.dev/errors/${error.code}`,
    title: error.code,
    status: error.status,
    detail: messages[lang],
    code: error.code,
    messages,
  };
  if (instance) problem.instance = instance;
  if (requestId) problem.requestId = requestId;
  if (error.field) problem.field = error.field;
  if (Object.keys(error.params).length > 0) problem.params = { ...error.params };
  if (error.issues.length > 0) problem.errors = error.issues;
  return problem;
}
