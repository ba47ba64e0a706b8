import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../persistence/raw';

/** A column of a context's own table whose values are store keys (its metadata rows name the bytes). */
export interface FileReference {
  table: string;
  column: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Every column, in every context, that names a store key. Each context registers its own at start-up
 * (the shared kernel may not know the contexts); the sweep never unlinks bytes a registered column
 * names, even when the store's own row is gone, so one context's mistake cannot destroy another's files.
 */
@Injectable()
export class FileReferences {
  private readonly references: FileReference[] = [];

  register(table: string, column: string): void {
    // Interpolated into SQL below: identifiers only, checked once here.
    if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column)) throw new Error(`not an SQL identifier: ${table}.${column}`);
    if (!this.references.some((r) => r.table === table && r.column === column)) this.references.push({ table, column });
  }

  list(): readonly FileReference[] {
    return this.references;
  }

  /** The keys among `keys` that a registered column names (one statement; each column should be indexed). */
  async named(em: EntityManager, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0 || this.references.length === 0) return new Set();
    const union = this.references.map((r) => `select "${r.column}" as key from "${r.table}" where "${r.column}" = any(?::uuid[])`).join(' union ');
    const rows = await rawRows<{ key: string }>(em, union, this.references.map(() => [...keys]));
    return new Set(rows.map((r) => r.key));
  }
}
