import { CliConfig, cliConfigFromProcess, CliFlags } from '@app/config';
import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { CliError, EXIT } from './cli-errors';
import { HttpClient } from './http-client';

/** The API client, made on first use so that `--help` works without a key. */
@Injectable()
export class CliApi {
  private config: CliConfig | null = null;
  private http: HttpClient | null = null;
  private flags: CliFlags = {};

  get baseUrl(): string | null {
    return this.config?.baseUrl ?? null;
  }

  /** `--url` and `--key` of the command line, read before the command runs. */
  useFlags(flags: CliFlags): void {
    this.flags = flags;
  }

  client(): HttpClient {
    if (this.http) return this.http;
    this.config = cliConfigFromProcess(this.flags);
    if (!this.config.apiKey) throw new CliError('BREACHCAST_API_KEY is not set: export BREACHCAST_API_KEY=<your key> (or pass --key)', EXIT.usage);
    this.http = new HttpClient(this.config.baseUrl, this.config.apiKey);
    return this.http;
  }
}

/** A file named on the command line, or standard input for `-`. */
export async function readInput(file: string): Promise<string> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function incidentId(id: string): string {
  if (!UUID.test(id)) throw new CliError(`${id} is not an incident id (a UUID, as printed by "incident file")`, EXIT.usage);
  return id;
}
