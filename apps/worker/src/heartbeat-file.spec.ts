import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEARTBEAT_EVERY_MS, startHeartbeatFile } from './heartbeat-file';

describe(startHeartbeatFile.name, () => {
  afterEach(() => jest.useRealTimers());

  it('writes the file at once and again every few seconds until stopped', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const path = join(mkdtempSync(join(tmpdir(), 'bc-heartbeat-')), 'worker.heartbeat');
    const errors: string[] = [];
    const stop = startHeartbeatFile(path, (message) => errors.push(message));
    await new Promise((r) => setImmediate(r));
    await waitForFile(path);
    const first = readFileSync(path, 'utf8');
    jest.setSystemTime(Date.now() + HEARTBEAT_EVERY_MS);
    jest.advanceTimersByTime(HEARTBEAT_EVERY_MS);
    await waitFor(() => {
      const now = readFileSync(path, 'utf8');
      return now !== first && now.endsWith('\n');
    });
    stop();
    expect(errors).toEqual([]);
    expect(new Date(readFileSync(path, 'utf8').trim()).getTime()).toBeGreaterThan(new Date(first.trim()).getTime());
  });

  it('reports a file it cannot write once, without throwing', async () => {
    const errors: string[] = [];
    const stop = startHeartbeatFile(join(tmpdir(), 'no-such-dir-for-breachcast', 'x'), (message) => errors.push(message));
    await waitFor(() => errors.length > 0);
    stop();
    expect(errors).toEqual([expect.stringContaining('cannot write the heartbeat file')]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

async function waitForFile(path: string): Promise<void> {
  await waitFor(() => {
    try {
      return statSync(path).size > 0 && readFileSync(path, 'utf8').endsWith('\n');
    } catch {
      return false;
    }
  });
}
