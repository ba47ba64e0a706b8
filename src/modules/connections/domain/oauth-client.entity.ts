import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { ApiGroup } from '../contracts/api-groups';

/**
 * An "API application" (OAuth2 client of the client-credentials grant), owned by the user who created
 * it. The secret (256 random bits) is shown once; only its SHA-256 is stored (a high-entropy secret needs
 * no slow hash, and the token endpoint is throttled).
 */
@Entity({ tableName: 'conn_oauth_client' })
@Index({ name: 'conn_oauth_client_owner_idx', properties: ['ownerUserId'] })
export class OAuthClient {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'string', length: 80, unique: 'conn_oauth_client_client_id_unique' })
  clientId: string;

  @Property({ type: 'string', length: 64, hidden: true })
  secretHash: string;

  @Property({ type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @Property({ type: 'string', length: 100 })
  name: string;

  @Property({ type: 'json' })
  apiGroups: ApiGroup[];

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  secretRotatedAt: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  constructor(props: { clientId: string; secretHash: string; ownerUserId: string | null; name: string; apiGroups: ApiGroup[]; now: Date }) {
    this.clientId = props.clientId;
    this.secretHash = props.secretHash;
    this.ownerUserId = props.ownerUserId;
    this.name = props.name;
    this.apiGroups = props.apiGroups;
    this.createdAt = props.now;
    this.secretRotatedAt = props.now;
  }
}
