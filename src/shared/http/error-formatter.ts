import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../domain/domain-error';

/**
 * How errors are written for one family of routes. The default writes problem+json; the PISTE module
 * registers one for `/cpro` that writes `{codeRetour, libelle}`.
 */
export interface ErrorFormatter {
  matches(url: string): boolean;
  format(
    error: DomainError,
    request: { headers: IncomingHttpHeaders },
    requestId: string,
  ): { status: number; body: unknown; headers?: Record<string, string>; contentType: string };
}

export class ErrorFormatterRegistry {
  private readonly formatters: ErrorFormatter[] = [];

  register(formatter: ErrorFormatter): void {
    this.formatters.push(formatter);
  }

  find(url: string): ErrorFormatter | undefined {
    return this.formatters.find((f) => f.matches(url));
  }
}
