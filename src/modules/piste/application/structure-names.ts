import { Injectable } from '@nestjs/common';
import { StructureCatalog, StructureSummary } from '../../organisation/contracts/structures';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Structure summaries for display in API-mode lists (designations, identifiers). A search page names
 * the same few counterparts again and again, so they are remembered for 60 s: a renamed structure may
 * show its old designation in lists for up to a minute. Never used for a decision (rights, routing).
 */
@Injectable()
export class StructureNames {
  private readonly cache = new Map<string, { summary: StructureSummary; until: number }>();

  constructor(private readonly catalog: StructureCatalog) {}

  async byIds(ids: readonly (string | null)[]): Promise<Map<string, StructureSummary>> {
    const now = Date.now();
    const found = new Map<string, StructureSummary>();
    const missing: string[] = [];
    for (const id of new Set(ids.filter((x): x is string => x !== null))) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) found.set(id, hit.summary);
      else missing.push(id);
    }
    if (missing.length > 0) {
      if (this.cache.size + missing.length > MAX_ENTRIES) this.cache.clear();
      for (const summary of await this.catalog.findByIds(missing)) {
        this.cache.set(summary.id, { summary, until: now + TTL_MS });
        found.set(summary.id, summary);
      }
    }
    return found;
  }
}
