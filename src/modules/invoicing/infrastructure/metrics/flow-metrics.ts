import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../../../shared/metrics/metrics.service';

/**
 * `liasse_flows_waiting`: deposited flows no worker has taken yet (IN_RECU, IN_EN_ATTENTE_TRAITEMENT_CPP), their
 * count and the age of the oldest. Read at scrape time (the partial index invoice_flow_waiting_idx), so it
 * costs nothing between scrapes and shows on the API's /metrics what the worker's sweep could not clear: a
 * lost job is swept after 15 minutes, so an oldest age that keeps growing past that is a flow the sweep fails on.
 */
@Injectable()
export class FlowMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly orm: MikroORM,
  ) {}

  onModuleInit(): void {
    const orm = this.orm;
    new Gauge({
      name: 'liasse_flows_waiting',
      help: 'Deposited flows not yet taken by a worker (count, and age of the oldest in seconds)',
      labelNames: ['measure'],
      registers: [this.metrics.registry],
      async collect() {
        const [row] = await orm.em
          .fork()
          .getConnection()
          .execute<{ count: string; oldest: Date | null }[]>(
            `select count(*) as count, min(deposited_at) as oldest from invoice_flow where state in ('IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP')`,
          )
          .catch(() => [{ count: 'NaN', oldest: null }]);
        this.set({ measure: 'count' }, Number(row?.count));
        this.set({ measure: 'oldest_age_seconds' }, row?.oldest ? (Date.now() - new Date(row.oldest).getTime()) / 1000 : 0);
      },
    });
  }
}
