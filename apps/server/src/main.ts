/**
 * The CapeControl server process: `node dist/main.js [--role all|api|worker]`.
 * Reads the environment once, starts, and on SIGTERM/SIGINT drains and exits 0.
 */
import { createApp } from './app';
import { parseEnv, parseRole } from './env';
import { createLogger } from './logger';

const parsedEnv = parseEnv(process.env);
if (!parsedEnv.ok) {
  console.error(parsedEnv.message);
  process.exit(1);
}
const parsedRole = parseRole(process.argv.slice(2));
if (!parsedRole.ok) {
  console.error(parsedRole.message);
  process.exit(1);
}

const env = parsedEnv.env;
const logger = createLogger(env.LOG_LEVEL);

try {
  const app = await createApp({ env, role: parsedRole.role, logger });
  const url = await app.listen();
  logger.info(
    { url, role: parsedRole.role, database: app.database.backend },
    `CapeControl is running at ${url}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  logger.fatal({ err: error }, `could not start: ${message}`);
  process.exit(1);
}
