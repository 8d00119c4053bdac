import * as dotenv from 'dotenv';
import { ConfigError, Env } from './app-config';

/** The operator CLI's settings: where the API is and which key to use. */
export interface CliConfig {
  baseUrl: string;
  apiKey: string | null;
}

/** What the command line says: `--url` and `--key` win over BREACHCAST_URL and BREACHCAST_API_KEY. */
export interface CliFlags {
  url?: string;
  key?: string;
}

export function loadCliConfig(env: Env, flags: CliFlags = {}): CliConfig {
  const raw = flags.url?.trim() || env.BREACHCAST_URL?.trim() || 'http://localhost:3000';
  let valid = false;
  try {
    valid = ['http:', 'https:'].includes(new URL(raw).protocol);
  } catch {
    valid = false;
  }
  if (!valid) throw new ConfigError([{ variable: flags.url?.trim() ? '--url' : 'BREACHCAST_URL', problem: 'must be an http or https URL, e.g. http://localhost:3000' }]);
  return { baseUrl: raw.replace(/\/+$/, ''), apiKey: flags.key?.trim() || env.BREACHCAST_API_KEY?.trim() || null };
}

/** `.env` is read too, without overriding the real environment. */
export function cliConfigFromProcess(flags: CliFlags = {}): CliConfig {
  const fileEnv: Env = {};
  dotenv.config({ processEnv: fileEnv, quiet: true } as dotenv.DotenvConfigOptions);
  return loadCliConfig({ ...fileEnv, ...process.env }, flags);
}
