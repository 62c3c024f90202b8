export { createApp, type App, type AppOptions } from './app';
export { parseEnv, parseRole, envSchema, type Env, type ServerRole } from './env';
export { createLogger } from './logger';
