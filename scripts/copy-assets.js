// tsc does not copy non-TypeScript files: templates, migrations data and demo scenarios travel with the build.
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const copies = [
  ['libs/templates/src/templates', 'dist/libs/templates/src/templates'],
  ['libs/wording/src/labels', 'dist/libs/wording/src/labels'],
  ['libs/drafts/src/templates', 'dist/libs/drafts/src/templates'],
  ['apps/api/src/views', 'dist/apps/api/src/views'],
  ['apps/api/src/public', 'dist/apps/api/src/public'],
];
for (const [from, to] of copies) {
  const src = path.join(root, from);
  if (fs.existsSync(src)) fs.cpSync(src, path.join(root, to), { recursive: true });
}
