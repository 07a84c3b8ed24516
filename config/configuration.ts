import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgres';
export type Locale = 'id' | 'en';

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Listen address; null: every interface. */
  host: string | null;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  publicBaseUrl: string;
  sessionSecret: string;
  defaultLocale: Locale;
  seedDemoData: boolean;
  mail: { smtpUrl: string | null; from: string; outboxDir: string; worker: boolean; heartbeatMs: number; takeoverMs: number };
  reminderHours: number;
  /** Hosts (names or addresses, as written in endpoint URLs) that may be private or loopback; whether this process delivers. */
  webhooks: { allowedHosts: string[]; worker: boolean };
  /** Run the release of unused room bookings (no-shows) in this process, once a minute. */
  noShowWorker: boolean;
  /** After SIGTERM, requests in flight get this long before the process exits. */
  shutdownTimeoutSeconds: number;
}

export class ConfigError extends Error {}

const DEV_SECRET = 'dev-only-secret-change-me-in-production-0123456789';

/** Reads and validates configuration from the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${env.NODE_ENV}")`);
  }

  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  }

  const host = env.HOST || null;
  if (host && !/^[\w.:-]+$/.test(host)) problems.push(`HOST must be a host name or IP address, e.g. 127.0.0.1 (got "${host}")`);

  let database: AppConfig['database'] = { kind: 'sqlite', path: resolve('var/ruang-kreatif.sqlite') };
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:var/ruang-kreatif.sqlite';
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (!path) problems.push('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:var/ruang-kreatif.sqlite');
    database = { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    database = { kind: 'postgres', url: databaseUrl };
  } else {
    problems.push(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl}")`);
  }

  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(publicBaseUrl);
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error();
  } catch {
    problems.push(`PUBLIC_BASE_URL must be an http(s) URL (got "${env.PUBLIC_BASE_URL}")`);
  }

  const sessionSecret = env.SESSION_SECRET ?? (nodeEnv === 'production' ? '' : DEV_SECRET);
  if (sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters (required in production)');
  }

  const defaultLocale = (env.DEFAULT_LOCALE ?? 'id') as Locale;
  if (!['id', 'en'].includes(defaultLocale)) {
    problems.push(`DEFAULT_LOCALE must be id or en (got "${env.DEFAULT_LOCALE}")`);
  }

  const seed = env.SEED_DEMO_DATA ?? (nodeEnv === 'development' ? 'true' : 'false');
  if (!['true', 'false'].includes(seed)) problems.push(`SEED_DEMO_DATA must be true or false (got "${seed}")`);
  if (seed === 'true' && nodeEnv === 'production') problems.push('SEED_DEMO_DATA cannot be true in production');

  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push(`SMTP_URL must start with smtp:// or smtps:// (got "${smtpUrl}")`);
  const from = env.MAIL_FROM ?? 'Ruang Kreatif <no-reply@ruangkreatif.posindonesia.example>';
  if (!/@/.test(from)) problems.push(`MAIL_FROM must contain an email address (got "${from}")`);

  // Where the development mailbox writes .eml files when SMTP_URL is unset; created on the first message.
  const mailDir = env.MAIL_DIR ?? 'var/mail';
  if (!mailDir.trim()) problems.push('MAIL_DIR must be a folder path, e.g. var/mail');
  else if (statSync(mailDir, { throwIfNoEntry: false })?.isDirectory() === false) problems.push(`MAIL_DIR must be a folder, and "${mailDir}" is a file`);

  const mailWorker = env.MAIL_WORKER ?? (nodeEnv === 'test' ? 'false' : 'true');
  if (!['true', 'false'].includes(mailWorker)) problems.push(`MAIL_WORKER must be true or false (got "${mailWorker}")`);

  const noShowWorker = env.NO_SHOW_WORKER ?? (nodeEnv === 'test' ? 'false' : 'true');
  if (!['true', 'false'].includes(noShowWorker)) problems.push(`NO_SHOW_WORKER must be true or false (got "${noShowWorker}")`);

  const heartbeatSeconds = Number(env.MAIL_HEARTBEAT_SECONDS ?? 5);
  const takeoverSeconds = Number(env.MAIL_TAKEOVER_SECONDS ?? 60);
  if (!(heartbeatSeconds > 0 && heartbeatSeconds <= 60)) problems.push('MAIL_HEARTBEAT_SECONDS must be a number of seconds above 0 and at most 60');
  else if (!(takeoverSeconds >= 8 * heartbeatSeconds && takeoverSeconds <= 240)) {
    problems.push(`MAIL_TAKEOVER_SECONDS must be at least 8 × MAIL_HEARTBEAT_SECONDS (${8 * heartbeatSeconds}) and at most 240 (got "${env.MAIL_TAKEOVER_SECONDS}")`);
  }

  const reminderHours = Number(env.REMINDER_HOURS ?? 24);
  if (!(reminderHours > 0 && reminderHours <= 24 * 14)) problems.push('REMINDER_HOURS must be a number of hours from 1 to 336');

  const allowedHosts = (env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const badHost = allowedHosts.find((h) => !/^(\[[0-9a-f:.]+\]|[\w.:-]+)$/i.test(h));
  if (badHost) problems.push(`WEBHOOK_ALLOWED_HOSTS must be host names or IP addresses separated by commas (got "${badHost}")`);
  const webhookWorker = env.WEBHOOK_WORKER ?? (nodeEnv === 'test' ? 'false' : 'true');
  if (!['true', 'false'].includes(webhookWorker)) problems.push(`WEBHOOK_WORKER must be true or false (got "${webhookWorker}")`);

  const shutdownTimeoutSeconds = Number(env.SHUTDOWN_TIMEOUT_SECONDS ?? 10);
  if (!(shutdownTimeoutSeconds >= 1 && shutdownTimeoutSeconds <= 300)) {
    problems.push(`SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds from 1 to 300 (got "${env.SHUTDOWN_TIMEOUT_SECONDS}")`);
  }

  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return {
    nodeEnv,
    port,
    host,
    database,
    publicBaseUrl,
    sessionSecret,
    defaultLocale,
    seedDemoData: seed === 'true',
    mail: { smtpUrl, from, outboxDir: resolve(mailDir), worker: mailWorker === 'true', heartbeatMs: heartbeatSeconds * 1000, takeoverMs: takeoverSeconds * 1000 },
    reminderHours,
    webhooks: { allowedHosts, worker: webhookWorker === 'true' },
    noShowWorker: noShowWorker === 'true',
    shutdownTimeoutSeconds,
  };
}

export function databaseKindOf(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}
