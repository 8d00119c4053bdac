import { Harness } from './harness';

export interface NoticeEvent {
  at: string;
  type: string;
  detail: Record<string, any>;
}

/** A notice with its events, as the API shows it. */
export async function noticeWithEvents(h: Harness, id: string): Promise<Record<string, any> & { events: NoticeEvent[] }> {
  return (await h.admin.get(`/v1/notices/${id}`).expect(200)).body;
}

/** `+0 ms attempt_failed #1 451 …` lines, times relative to the first event: the retry timeline as observed. */
export function formatTimeline(label: string, events: NoticeEvent[]): string {
  const start = Date.parse(events[0]?.at ?? new Date().toISOString());
  const lines = events.map((e) => {
    const answer = e.detail.response ?? e.detail.error ?? e.detail.diagnostic ?? '';
    const attempt = e.detail.attempt ? `#${e.detail.attempt} ` : '';
    return `  +${String(Date.parse(e.at) - start).padStart(5)} ms  ${e.type.padEnd(14)} ${attempt}${String(answer).slice(0, 90)}`;
  });
  return [`${label}:`, ...lines].join('\n');
}
