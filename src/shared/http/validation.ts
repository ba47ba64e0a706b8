import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrors } from '../domain/common.errors';
import { DomainError, FieldIssue } from '../domain/domain-error';
import { invalidTextError } from './text-rule';

/** French texts for the constraints our DTOs use; the English text is class-validator's own. */
const FRENCH: Record<string, string> = {
  whitelistValidation: "ce champ n'est pas attendu",
  isDefined: 'ce champ est obligatoire',
  isNotEmpty: 'ce champ est obligatoire',
  isString: 'doit être une chaîne de caractères',
  isEmail: 'doit être une adresse e-mail valide',
  isBoolean: 'doit être vrai ou faux',
  isInt: 'doit être un nombre entier',
  isNumber: 'doit être un nombre',
  isUUID: 'doit être un identifiant (UUID) valide',
  isIn: 'valeur non autorisée',
  isEnum: 'valeur non autorisée',
  isArray: 'doit être une liste',
  isDateString: 'doit être une date au format AAAA-MM-JJ',
  isISO8601: 'doit être une date au format AAAA-MM-JJ',
  maxLength: 'est trop long',
  minLength: 'est trop court',
  length: "n'a pas la bonne longueur",
  matches: "n'a pas le format attendu",
  min: 'est trop petit',
  max: 'est trop grand',
  equals: 'doit valoir true',
  arrayMaxSize: 'contient trop d’éléments',
  arrayMinSize: 'ne contient pas assez d’éléments',
  isObject: 'doit être un objet',
  nestedValidation: 'doit être un objet valide',
  isPhoneNumber: 'doit être un numéro de téléphone valide',
};

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, en] of Object.entries(error.constraints ?? {})) {
      issues.push({
        field,
        code: constraint,
        message: { fr: `${field} : ${FRENCH[constraint] ?? 'valeur invalide'}`, en },
      });
    }
    if (error.children?.length) issues.push(...flattenValidationErrors(error.children, field));
  }
  return issues;
}

export function validationError(issues: FieldIssue[]): DomainError {
  return new DomainError(CommonErrors.VALIDATION_FAILED, {}, issues[0]?.field, issues);
}

/** Far deeper than any form we accept (the postal address is the deepest: 2 levels). */
export const MAX_BODY_DEPTH = 32;

/** Iterative, so that it cannot overflow the stack itself on the bodies it exists to refuse. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * class-transformer recurses through the whole body: a few kilobytes of `[[[[…]]]]` overflowed the stack
 * (500, logged as an internal error). Such bodies are refused as malformed before it runs.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new DomainError(CommonErrors.MALFORMED_BODY, { reason: `nested deeper than ${MAX_BODY_DEPTH} levels` });
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      // A validator that throws on text it cannot decode (validator.js's isEmail ran decodeURI: URIError on
      // a lone surrogate). The text rule refuses such input before this pipe; this keeps it a 400 anyway.
      if (error instanceof URIError) throw invalidTextError(metadata.data ?? metadata.type);
      throw error;
    }
  }
}

/** Strict input: unknown fields are refused (the /cpro mode has its own lenient parsing). */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}
