import { pino, type DestinationStream, type Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'capecontrol' },
      // Defence in depth: nothing should log these, but if it does, they are masked.
      redact: {
        paths: [
          '*.password',
          '*.authorization',
          '*.cookie',
          '*.token',
          '*.secret',
          '*.refreshToken',
          '*.accessToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
