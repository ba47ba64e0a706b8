import 'reflect-metadata';
import { serve } from './bootstrap';

// API role by default when started as the API entry point (APP_ROLE=all also runs the worker in-process).
process.env.APP_ROLE ??= 'api';
serve().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
