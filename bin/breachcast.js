#!/usr/bin/env node
// `npx breachcast …` (or `breachcast …` once installed): the operator CLI, run by node itself so that piped
// output carries nothing but the command's own. It runs the build; `npm run build` makes it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('error: breachcast is not built yet: run `npm run build` in ' + join(__dirname, '..') + '\n');
  process.exitCode = 1;
} else {
  require(main);
}
