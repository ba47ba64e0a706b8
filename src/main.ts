import 'reflect-metadata';
import cluster from 'node:cluster';
import { serve } from './bootstrap';
import { validateEnvironment } from './config/app.config';
import { superviseApiProcesses } from './shared/lifecycle/api-processes';

// API role by default when started as the API entry point (APP_ROLE=all also runs the worker in-process).
process.env.APP_ROLE ??= 'api';
try {
  // Validated here too, so that a wrong setting stops the supervisor with its name, not N processes in a loop.
  const env = validateEnvironment(process.env);
  if (cluster.isPrimary && env.APP_ROLE === 'api' && env.API_PROCESSES > 1) {
    superviseApiProcesses(env.API_PROCESSES, env.SHUTDOWN_GRACE_MS);
  } else {
    serve().catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
