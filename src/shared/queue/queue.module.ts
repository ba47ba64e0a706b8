import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Outbox } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxRetention } from '../outbox/outbox-retention';
import { HandlerRegistry } from './handler-registry';
import { WorkerRuntime } from './worker-runtime';
import { WorkQueue } from './work-queue';

/**
 * Outbox writer (every role), queue producer, and — started only in the worker role — the relay, the
 * job runtime and the outbox's retention purge. Same module in both processes: the role decides what
 * runs, not what is wired.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [Outbox, WorkQueue, HandlerRegistry, OutboxRelay, OutboxRetention, WorkerRuntime],
  exports: [Outbox, WorkQueue, HandlerRegistry, OutboxRelay, WorkerRuntime],
})
export class QueueModule {}
