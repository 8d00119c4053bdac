/**
 * A separate OS process appending to the audit chain through the real AuditService source:
 *   node test/support/audit-appender.js <databaseUrl> <count> <concurrency> <actor>
 * The TypeScript sources are transpiled in memory (no build, no ts-node), so the test exercises
 * exactly the code in the tree. Prints `ready` once connected, starts on a `go` line on stdin (so
 * several processes really append at once), then prints {"pid", "appended", "seqs"} as one JSON line.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const ROOT = join(__dirname, '..', '..');
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@app\/([a-z]+)(\/.*)?$/.exec(request);
  return resolve.call(this, lib ? join(ROOT, 'libs', lib[1], 'src', lib[2] ?? '') : request, ...rest);
};

require('reflect-metadata');
require('@nestjs/common').Logger.overrideLogger(false);
const { DataSource } = require('typeorm');
const { AuditRepository, AuditService } = require(join(ROOT, 'libs/audit/src/index.ts'));

async function main() {
  const [url, count, concurrency, actor] = process.argv.slice(2);
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: Number(concurrency) } });
  await dataSource.initialize();
  const audit = new AuditService(dataSource, new AuditRepository(dataSource));
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const seqs = [];
  let next = 0;
  const lane = async () => {
    while (next < Number(count)) {
      const n = next++;
      const entry = await audit.record({ actor, action: 'test.appended', subject: `process:${process.pid}`, details: { n, pid: process.pid } });
      seqs.push(entry.seq);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, lane));
  await dataSource.destroy();
  process.stdout.write(JSON.stringify({ pid: process.pid, appended: seqs.length, seqs }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
