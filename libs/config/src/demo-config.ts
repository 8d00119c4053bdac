import * as dotenv from 'dotenv';
import { ConfigError, Env } from './app-config';
import { parseDuration } from './duration';

/** What `npm run demo` changes for its own API and worker (never for `start:api`/`start:worker`). */
export interface DemoConfig {
  /** HOST of the demo's API: loopback unless the operator set HOST. */
  host: string;
  /** ESCALATE_AFTER of the demo's processes, so the demo shows an escalation within a minute. */
  escalateAfter: string;
  escalateAfterMs: number;
}

export function loadDemoConfig(env: Env): DemoConfig {
  const escalateAfter = env.DEMO_ESCALATE_AFTER?.trim() || '20s';
  const escalateAfterMs = parseDuration(escalateAfter);
  if (escalateAfterMs === null || escalateAfterMs < 5_000 || escalateAfterMs > 600_000) {
    throw new ConfigError([{ variable: 'DEMO_ESCALATE_AFTER', problem: 'must be a duration from 5s to 10m, such as 20s' }]);
  }
  return { host: env.HOST?.trim() || '127.0.0.1', escalateAfter, escalateAfterMs };
}

/** `.env` is read too, without overriding the real environment. */
export function demoConfigFromProcess(): DemoConfig {
  const fileEnv: Env = {};
  dotenv.config({ processEnv: fileEnv, quiet: true } as dotenv.DotenvConfigOptions);
  return loadDemoConfig({ ...fileEnv, ...process.env });
}
