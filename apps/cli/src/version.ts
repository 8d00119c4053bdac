import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in breachcast's package.json, found above this file in the sources and in the build alike. */
export function cliVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'breachcast' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
