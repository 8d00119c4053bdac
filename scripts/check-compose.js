#!/usr/bin/env node
// Checks docker-compose.yml (and the Dockerfile's base images) for what makes a stack safe by default:
//  - no secret that works as shipped: a secret-named variable is empty, a placeholder the configuration
//    refuses at start, or belongs to a backing service that publishes no port (and a URL's password
//    only reaches such a service);
//  - every image pinned by version (no `latest`, no bare major);
//  - a healthcheck on every long-running service (one-shot services, which others wait on with
//    `service_completed_successfully`, are exempt);
//  - stop_grace_period of our own services at least the drain time of docs/operations.md.
// `node scripts/check-compose.js` prints each problem and exits 1; scripts/check-compose.spec.ts runs it in `npm test`.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function loadYaml(text) {
  let yaml;
  try {
    yaml = require('yaml');
    return yaml.parse(text, { merge: true });
  } catch (error) {
    if (yaml || error.code !== 'MODULE_NOT_FOUND') throw error;
  }
  return require('js-yaml').load(text);
}

/** Refused by the configuration at start (isPlaceholderSecret in libs/config): shipping one is safe. */
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|placeholder/i;
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASS|AUTH)$/i;
/** The variables whose placeholders the configuration refuses (libs/config/src/app-config.ts). */
const REFUSES_PLACEHOLDER = new Set(['ADMIN_API_KEY', 'METRICS_TOKEN', 'ACK_SECRET']);
const PINNED = /^[^:@\s]+(:[^@\s]*\d+\.\d+[^@\s]*)?(@sha256:[0-9a-f]{64})?$/;

/** `90s`, `1m30s`, `2m`, `1h` → seconds; null for anything else. */
function seconds(value) {
  const text = String(value ?? '').trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s|us|ns)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return null;
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

/** `${VAR:-default}` → the default; `${VAR}`/`${VAR:?msg}` → '' (nothing shipped); a literal stays itself. */
function shippedValue(value) {
  const text = String(value ?? '');
  const interpolated = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(:?-)(.*)|:?\?.*)?\}$/s.exec(text);
  if (!interpolated) return text;
  return interpolated[1] ? interpolated[2] : '';
}

function environmentOf(service) {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((line) => [line.split('=')[0], line.split('=').slice(1).join('=')]));
  return env;
}

/** The drain time an operator is told to allow: `terminationGracePeriodSeconds: N` in docs/operations.md. */
function drainSeconds(operationsText) {
  const match = /terminationGracePeriodSeconds:\s*(\d+)/.exec(operationsText);
  return match ? Number(match[1]) : null;
}

function checkCompose({ composeText, operationsText, dockerfileText = '' }) {
  const problems = [];
  const compose = loadYaml(composeText);
  const services = compose.services ?? {};
  const internal = (name) => services[name] !== undefined && !(services[name].ports ?? []).length;

  const oneShot = new Set();
  for (const service of Object.values(services)) {
    const deps = service.depends_on ?? {};
    if (Array.isArray(deps)) continue;
    for (const [name, dep] of Object.entries(deps)) if (dep?.condition === 'service_completed_successfully') oneShot.add(name);
  }
  const drain = drainSeconds(operationsText);
  if (drain === null) problems.push('docs/operations.md: no drain time found (terminationGracePeriodSeconds: N)');

  for (const [name, service] of Object.entries(services)) {
    for (const [variable, raw] of Object.entries(environmentOf(service))) {
      const value = shippedValue(raw);
      if (SECRET_NAME.test(variable) && value !== '' && !PLACEHOLDER.test(value) && !internal(name)) {
        problems.push(`${name}: ${variable} ships a working secret; leave it empty or use a placeholder the configuration refuses`);
      }
      if (SECRET_NAME.test(variable) && PLACEHOLDER.test(value) && !REFUSES_PLACEHOLDER.has(variable)) {
        problems.push(`${name}: ${variable} has a placeholder that nothing refuses at start`);
      }
      let url = null;
      try {
        url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : null;
      } catch {
        url = null;
      }
      if (url && url.password && !internal(url.hostname)) {
        problems.push(`${name}: ${variable} carries a password for ${url.hostname}, which is not an unpublished service of this file`);
      }
    }
    if (service.image !== undefined && (!PINNED.test(service.image) || !/[:@]/.test(service.image) || /:latest$/.test(service.image))) {
      problems.push(`${name}: image ${service.image} is not pinned to a version (use e.g. name:1.2.3 or a digest)`);
    }
    if (!oneShot.has(name) && (!service.healthcheck || service.healthcheck.disable)) {
      problems.push(`${name}: a long-running service without a healthcheck`);
    }
    if (service.build !== undefined && !oneShot.has(name) && drain !== null) {
      const grace = seconds(service.stop_grace_period ?? '10s');
      if (grace === null || grace < drain) {
        problems.push(`${name}: stop_grace_period ${service.stop_grace_period ?? '10s (default)'} is shorter than the drain time of ${drain}s in docs/operations.md`);
      }
    }
  }
  for (const [, image] of dockerfileText.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)) {
    if (!PINNED.test(image) || !/[:@]/.test(image) || /:latest$/.test(image)) problems.push(`Dockerfile: base image ${image} is not pinned to a version`);
  }
  return problems;
}

module.exports = { checkCompose, shippedValue, seconds, PLACEHOLDER, REFUSES_PLACEHOLDER };

if (require.main === module) {
  const root = join(__dirname, '..');
  const problems = checkCompose({
    composeText: readFileSync(join(root, 'docker-compose.yml'), 'utf8'),
    operationsText: readFileSync(join(root, 'docs', 'operations.md'), 'utf8'),
    dockerfileText: readFileSync(join(root, 'Dockerfile'), 'utf8'),
  });
  for (const problem of problems) console.error(`✖ ${problem}`);
  if (problems.length) process.exit(1);
  console.log('docker-compose.yml: no working placeholder secret, images pinned, healthchecks, stop_grace_period covers the drain');
}
