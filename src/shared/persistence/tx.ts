import type { EntityManager } from '@mikro-orm/postgresql';

declare const openTransaction: unique symbol;

/**
 * An open transaction as contracts pass it from one context to another (architecture D25): the callee
 * joins the caller's transaction (same connection, same unit of work, one commit) without the contract
 * naming the ORM. Only persistence code unwraps it (`emOf`); a context never calls another's entities
 * through it, it only hands it back to the contract that asked for it.
 */
export interface Tx {
  readonly [openTransaction]: true;
}

export const txOf = (em: EntityManager): Tx => em as unknown as Tx;
export const emOf = (tx: Tx): EntityManager => tx as unknown as EntityManager;
