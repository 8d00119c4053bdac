import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The official CSAF 2.0 JSON schema (OASIS, draft 2020-12) and the FIRST CVSS schemas it refers to, as
 * @secvisogram/csaf-validator-lib ships them, copied to `csaf/` so a test needs nothing from the network.
 */
const SCHEMA_DIR = path.join(__dirname, 'csaf');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));

let compiled: ReturnType<Ajv2020['compile']> | null = null;

function schemaValidator() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const version of ['2.0', '3.0', '3.1']) ajv.addSchema(read(`cvss-v${version}.json`), `https://www.first.org/cvss/cvss-v${version}.json`);
  compiled = ajv.compile(read('csaf_json_schema.json'));
  return compiled;
}

/** The errors of a document against the CSAF 2.0 JSON schema; empty when it is valid. */
export function csafSchemaErrors(document: unknown): ErrorObject[] {
  const validate = schemaValidator();
  return validate(document) ? [] : [...(validate.errors ?? [])];
}

export interface CsafValidatorResult {
  isValid: boolean;
  /** The tests run: the strict schema and each mandatory test (6.1.x). */
  tests: string[];
  errors: Array<{ test: string; instancePath: string; message: string }>;
  warnings: Array<{ test: string; instancePath: string; message: string }>;
  infos: Array<{ test: string; instancePath: string; message: string }>;
}

/**
 * Runs @secvisogram/csaf-validator-lib (the strict schema and the mandatory tests) on each document. The
 * library is an ES module, which jest here cannot load, so it runs in a child node process.
 */
export function runCsafValidator(documents: unknown[]): CsafValidatorResult[] {
  const run = spawnSync(process.execPath, [path.join(SCHEMA_DIR, 'validate-csaf.mjs')], { input: JSON.stringify(documents), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the CSAF validator failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as CsafValidatorResult[];
}
