import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A ticket category (reference data, seeded by the migration, editable by platform administrators). */
@Entity({ tableName: 'support_category' })
export class SupportCategory {
  @PrimaryKey({ type: 'string', length: 40 })
  code: string;

  @Property({ type: 'string', length: 120 })
  label: string;

  @Property({ type: 'smallint' })
  position: number = 0;

  @Property({ type: 'boolean' })
  active: boolean = true;

  constructor(code: string, label: string, position = 0) {
    this.code = code;
    this.label = label;
    this.position = position;
  }
}
