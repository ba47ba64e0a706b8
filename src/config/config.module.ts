import { DynamicModule, Global, Module } from '@nestjs/common';
import { validateEnvironment } from './app.config';
import { AppConfig } from './config';

@Global()
@Module({})
export class ConfigModule {
  /** `overrides` lets tests start an app with their own database, Redis prefix and SMTP sink. */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    const config = new AppConfig(validateEnvironment({ ...process.env, ...overrides }));
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
