// Runs the CSAF 2.0 strict schema and every mandatory test (section 6.1) of @secvisogram/csaf-validator-lib,
// an ES module, in its own process: reads a JSON array of documents on stdin, writes one result per document.
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import * as basic from '@secvisogram/csaf-validator-lib/basic.js';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const doc of JSON.parse(input)) {
  const { isValid, tests } = await validateStrict(Object.values(basic), doc);
  const listed = (kind) => tests.flatMap((t) => t[kind].map((e) => ({ test: t.name, instancePath: e.instancePath, message: e.message })));
  results.push({ isValid, tests: tests.map((t) => t.name), errors: listed('errors'), warnings: listed('warnings'), infos: listed('infos') });
}
process.stdout.write(JSON.stringify(results));
