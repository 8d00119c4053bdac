const SETTLED = ['sent', 'delivered', 'failed', 'bounced', 'undelivered'];
const PROBLEMS = ['failed', 'bounced', 'undelivered'];
/** Progress reads at a time while the list is built: the console shares the database pool with the API. */
const AT_ONCE = 4;

/** What the incident list shows of a dispatched version's progress. */
export interface ListedProgress {
  version: number;
  total: number;
  delivered: number;
  settled: number;
  problems: number;
  /** delivered of total, in percent (one decimal). */
  percent: number;
  done: boolean;
  /** The small bar: delivered, sent (not confirmed yet), failed/bounced/undelivered, each in percent of total. */
  segments: { status: 'delivered' | 'sent' | 'failed'; percent: number }[];
}

/** One row of the list from a progress answer (`GET /v1/incidents/{id}/progress`). */
export function listedProgress(p: Record<string, any>): ListedProgress {
  const notices: Record<string, number> = p.notices ?? {};
  const total = notices.total ?? 0;
  const delivered = notices.delivered ?? 0;
  const problems = PROBLEMS.reduce((sum, s) => sum + (notices[s] ?? 0), 0);
  const percent = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  return {
    version: p.version,
    total,
    delivered,
    settled: SETTLED.reduce((sum, s) => sum + (notices[s] ?? 0), 0),
    problems,
    percent: percent(delivered),
    done: Boolean(p.completedAt),
    segments: [
      { status: 'delivered', percent: percent(delivered) },
      { status: 'sent', percent: percent(notices.sent ?? 0) },
      { status: 'failed', percent: percent(problems) },
    ],
  };
}

/**
 * The incidents with the progress of each one whose current version was dispatched (a draft or an
 * approved version has nothing to show), read through the progress service a few at a time.
 */
export async function listProgress<T extends Record<string, unknown>>(
  items: T[],
  read: (id: string) => Promise<Record<string, unknown>>,
): Promise<(T & { progress: ListedProgress | null })[]> {
  const out: (T & { progress: ListedProgress | null })[] = items.map((item) => ({ ...item, progress: null }));
  const shown = out.filter((item) => item.dispatchedAt);
  for (let i = 0; i < shown.length; i += AT_ONCE) {
    await Promise.all(
      shown.slice(i, i + AT_ONCE).map(async (item) => {
        item.progress = listedProgress(await read(item.id as string));
      }),
    );
  }
  return out;
}
