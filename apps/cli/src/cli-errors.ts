import { ConfigError } from '@app/config';
import { HttpError } from './http-client';

/** Exit codes as a shell user expects them: 0 done, 1 it failed, 2 it was called wrongly. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

interface ApiProblem {
  field?: string;
  message?: string;
  index?: number;
}

const MAX_LINES = 50;

/** What to print on stderr for a failure, and the exit code; commander's own usage errors are already printed. */
export function describeFailure(error: unknown, baseUrl: string | null): { lines: string[]; exitCode: number } {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    const ok = code === 'commander.helpDisplayed' || code === 'commander.version' || (code === 'commander.help' && exitCode === 0);
    return { lines: [], exitCode: ok ? EXIT.ok : EXIT.usage };
  }
  if (error instanceof CliError) return { lines: [`error: ${error.message}`, ...error.details.map((d) => `  ${d}`)], exitCode: error.exitCode };
  if (error instanceof ConfigError) return { lines: [error.message], exitCode: EXIT.usage };
  if (error instanceof HttpError) return { lines: httpLines(error), exitCode: EXIT.failure };
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (error instanceof TypeError && cause) {
    return { lines: [`error: cannot reach the API at ${baseUrl} (${cause.code ?? cause.message}); set BREACHCAST_URL or --url`], exitCode: EXIT.failure };
  }
  return { lines: [`error: ${(error as Error)?.message ?? String(error)}`], exitCode: EXIT.failure };
}

function httpLines(error: HttpError): string[] {
  const body = (error.body && typeof error.body === 'object' ? error.body : {}) as {
    message?: string;
    errors?: ApiProblem[];
    details?: { renderErrors?: { tenant: string; channel: string; message: string }[] };
    languageGaps?: { locale: string; fields: string[]; tenants: number }[];
  };
  const lines = [`error: ${body.message ?? error.message} (HTTP ${error.status})`];
  if (error.status === 401) lines.push('  check BREACHCAST_API_KEY (or --key)');
  if (body.languageGaps?.length) lines.push('  approve with --accept-language-gaps to send these texts as they are');
  const problems = [
    ...(body.errors ?? []).map((p) => `${p.field || '(body)'}: ${p.message}`),
    ...(body.details?.renderErrors ?? []).map((r) => `${r.tenant} (${r.channel}): ${r.message}`),
    ...(body.languageGaps ?? []).map((g) => `${g.locale} (${g.tenants} ${g.tenants === 1 ? 'tenant' : 'tenants'}) would read in another language: ${g.fields.join(', ')}`),
  ];
  lines.push(...problems.slice(0, MAX_LINES).map((p) => `  ${p}`));
  if (problems.length > MAX_LINES) lines.push(`  … and ${problems.length - MAX_LINES} more`);
  return lines;
}
