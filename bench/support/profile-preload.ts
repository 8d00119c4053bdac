/**
 * Preloaded with `--require` into an app under test: samples the CPU from start and writes
 * `<BENCH_PROFILE_NAME>-<pid>.cpuprofile` on SIGUSR2 (the apps end on SIGTERM by re-raising it,
 * which skips `node --cpu-prof`'s write at exit). Open the file in Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME ?? 'app';
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
