#!/usr/bin/env node
/**
 * Dev script, run by hand when Twilio's OpenAPI description changes:
 *
 *   node libs/testing/twilio-oai/extract.js [path/to/twilio_api_v2010.json]
 *
 * Extracts from Twilio's own OpenAPI description (default: /work/shared/twilio-oai/twilio_api_v2010.json)
 * the subset the TwilioDouble uses (Messages create + fetch, the message resource schema, the create
 * request body with its required fields, conditional groups and enums, the status enum, the auth scheme)
 * into messages.json next to this file. The double reads ONLY messages.json at run time; nothing in the
 * repository reads the full description at run or test time.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const source = process.argv[2] || '/work/shared/twilio-oai/twilio_api_v2010.json';
const target = path.join(__dirname, 'messages.json');
const oai = JSON.parse(fs.readFileSync(source, 'utf8'));

const LIST = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const INSTANCE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
const RESOURCE = 'api.v2010.account.message';

function ref(name) {
  const schema = oai.components.schemas[name];
  if (!schema) throw new Error(`schema ${name} missing from ${source}`);
  return schema;
}
/** Inline every local $ref (the subset is small and acyclic). */
function resolve(node) {
  if (Array.isArray(node)) return node.map(resolve);
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    return { 'x-ref': name, ...resolve(ref(name)) };
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = resolve(v);
  return out;
}
/** Drop long prose: descriptions are not needed to validate or shape responses. */
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'description') out[k] = strip(v);
  return out;
}
function op(pathKey, method) {
  const p = oai.paths[pathKey];
  if (!p || !p[method]) throw new Error(`${method.toUpperCase()} ${pathKey} missing from ${source}`);
  const o = p[method];
  const codes = Object.keys(o.responses);
  return {
    path: pathKey,
    method: method.toUpperCase(),
    operationId: o.operationId,
    servers: p.servers || oai.servers,
    security: o.security || oai.security,
    parameters: strip(resolve(o.parameters || [])),
    successStatus: Number(codes.find((c) => c.startsWith('2'))),
    responseSchema: (o.responses[codes[0]].content['application/json'].schema.$ref || '').replace('#/components/schemas/', ''),
    'x-twilio': o['x-twilio'] || null,
  };
}

const create = op(LIST, 'post');
const media = oai.paths[LIST].post.requestBody.content['application/x-www-form-urlencoded'];
const requestSchema = strip(resolve(media.schema));
const examples = oai.paths[LIST].post.responses['201'].content['application/json'].examples;

const out = {
  $comment: `Extracted by libs/testing/twilio-oai/extract.js from ${path.basename(source)} (${oai.info && oai.info.title} ${oai.info && oai.info.version}). Do not edit by hand.`,
  info: { title: oai.info && oai.info.title, version: oai.info && oai.info.version, openapi: oai.openapi },
  securitySchemes: oai.components.securitySchemes,
  operations: {
    createMessage: {
      ...create,
      requestContentType: 'application/x-www-form-urlencoded',
      requestSchema,
      // Twilio's own "one of each group" rule: [["from","messaging_service_sid"],["body","media_url","content_sid"]]
      conditional: (create['x-twilio'] && create['x-twilio'].conditional) || [],
      requestExamples: Object.fromEntries(Object.entries(media.examples || {}).map(([k, v]) => [k, v.value])),
    },
    fetchMessage: op(INSTANCE, 'get'),
  },
  schemas: {
    [RESOURCE]: strip(resolve(ref(RESOURCE))),
    message_enum_status: strip(ref('message_enum_status')),
    message_enum_direction: strip(ref('message_enum_direction')),
  },
  responseExamples: {
    create: examples.create.value,
    createWithMessagingService: examples.createWithMessagingService && examples.createWithMessagingService.value,
  },
};
fs.writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), target)}: ${Object.keys(out.schemas[RESOURCE].properties).length} resource properties, ` +
  `${Object.keys(requestSchema.properties).length} request params, required ${JSON.stringify(requestSchema.required)}, conditional ${JSON.stringify(out.operations.createMessage.conditional)}`);
