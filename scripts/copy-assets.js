// tsc does not copy non-TypeScript files: templates, labels, views and static files travel with the build.
// `node scripts/copy-assets.js [outDir]` copies them into outDir (default dist/), beside the compiled code.
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const out = path.resolve(root, process.argv[2] ?? 'dist');
const ASSETS = [
  'libs/templates/src/templates',
  'libs/wording/src/labels',
  'libs/drafts/src/templates',
  'apps/api/src/views',
  'apps/api/src/public',
  'libs/channels/src/smtp-thread.js',
];
for (const from of ASSETS) {
  const src = path.join(root, from);
  if (fs.existsSync(src)) fs.cpSync(src, path.join(out, from), { recursive: true });
}
