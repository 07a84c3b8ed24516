// Summarises a V8 .cpuprofile (from `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=var/prof"`): where the samples of a
// time window went, by stage of the request (the innermost middleware, pipe, handler … on the stack) and by code
// (the package or app file of the sampled function itself).
//   node bench/cpu-profile.mjs var/prof/X.cpuprofile [--from 12 --to 22] [--requests 2400] [--timeline] [--top 25] [--stage handler]
// --requests (answered in the window) adds µs per request.
// --timeline prints, per second, the samples of each stage, to find a bench phase's window.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, to: { type: 'string' }, timeline: { type: 'boolean' }, top: { type: 'string', default: '25' }, stage: { type: 'string' }, requests: { type: 'string' } },
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

/** The code a frame belongs to: a package, an app file, a Node internal or a V8 pseudo-frame. */
function codeOf({ url, functionName }) {
  if (!url) return functionName || '(anonymous)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /\/dist\/(.+)\.js$/.exec(url);
  if (app) return app[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  return url;
}

// The innermost match on a sample's stack wins (a handler runs inside the middleware chain's next()); order breaks ties.
const STAGES = [
  ['url guard + body parsers', (f, c) => c === 'body-parser' || c === 'raw-body' || c === 'qs' || /common\/(body-parsers|input-guard)$/.test(c)],
  ['security headers (helmet)', (f, c) => c === 'helmet' || /common\/security-headers$/.test(c)],
  ['cookie-parser', (f, c) => c === 'cookie-parser' || c === 'cookie'],
  ['request context (locale, CSRF)', (f, c) => /common\/request-context\.middleware$/.test(c)],
  ['flash', (f, c) => /common\/flash$/.test(c)],
  ['auth (session / token)', (f, c) => /accounts\/auth\.middleware$/.test(c) || (/accounts\/accounts\.service$/.test(c) && /userFor/.test(f.functionName))],
  ['guards', (f, c) => /common\/auth\.decorators$/.test(c) || /guards-consumer/.test(f.url)],
  ['interceptors', (f, c) => /common\/form-view$/.test(c) || /interceptors-consumer/.test(f.url)],
  ['validation pipe', (f, c) => c === 'class-validator' || c === 'class-transformer' || /common\/validation\.pipe$/.test(c) || /pipes-consumer/.test(f.url)],
  ['exception filter', (f, c) => /common\/app-exception\.filter$/.test(c)],
  ['views (nunjucks)', (f, c) => c === 'nunjucks' || /common\/views$/.test(c)],
  ['handler', (f, c) => /\.(controller|service|queries|subscriber|worker)$/.test(c) || /src\/(registrations|reservations|notifications|webhooks|domain-events|idempotency|events|rooms|venues)\//.test(c)],
  ['database write queue', (f, c) => /database\/(transactions|prepared)$/.test(c)],
  ['response (express send, JSON)', (f, c) => c === 'express' && /response\.js$/.test(f.url) || c === '@nestjs/platform-express' && /reply|adapter/.test(f.url) && /reply|json|send/i.test(f.functionName)],
  ['nest router', (f, c) => c === '@nestjs/core' && /router/.test(f.url)],
  ['express router', (f, c) => c === 'express' || c === 'router' || c === 'finalhandler' || c === 'serve-static' || c === 'send'],
  ['node http', (f, c) => /^node:_http|^node:http/.test(c)],
];

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const DATABASE = new Set(['typeorm', 'better-sqlite3', 'pg', 'pg-protocol', 'pg-pool']);
const labels = new Map();
/** The innermost stage on the sample's stack, with " › database" when the sampled code runs under TypeORM or a driver. */
function stageLabel(leaf) {
  if (labels.has(leaf)) return labels.get(leaf);
  const name = nodes.get(leaf).callFrame.functionName;
  let label = pseudo(name) ? name : null;
  let database = false;
  for (let id = leaf; label === null && id !== undefined; id = parent.get(id)) {
    const { callFrame } = nodes.get(id);
    const code = codeOf(callFrame);
    if (DATABASE.has(code)) database = true;
    const stage = STAGES.find(([, test]) => test(callFrame, code))?.[0];
    if (stage) label = `${stage}${database ? ' › database' : ''}`;
  }
  label ??= database ? 'database (outside any stage)' : 'other (timers, promise glue, …)';
  labels.set(leaf, label);
  return label;
}
const pseudo = (name) => ['(idle)', '(program)', '(garbage collector)'].includes(name);

const from = values.from === undefined ? -Infinity : Number(values.from) * 1e6;
const to = values.to === undefined ? Infinity : Number(values.to) * 1e6;
let t = 0;
const byStage = new Map();
const byCode = new Map();
const byFunction = new Map();
const timeline = new Map();
let total = 0;
let busy = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  const stage = stageLabel(id);
  if (values.timeline) {
    const second = Math.floor(t / 1e6);
    if (!timeline.has(second)) timeline.set(second, new Map());
    const row = timeline.get(second);
    row.set(stage, (row.get(stage) ?? 0) + 1);
  }
  if (t < from || t > to) return;
  const dt = profile.timeDeltas[i] / 1000;
  total += dt;
  if (stage !== '(idle)') busy += dt;
  byStage.set(stage, (byStage.get(stage) ?? 0) + dt);
  if (values.stage && stage !== values.stage) return;
  const { callFrame } = nodes.get(id);
  const code = codeOf(callFrame);
  byCode.set(code, (byCode.get(code) ?? 0) + dt);
  const fn = `${callFrame.functionName || '(anonymous)'} ${code}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
});

const top = Number(values.top);
const table = (title, map, of) => {
  const sum = [...map.values()].reduce((a, b) => a + b, 0);
  const perRequest = values.requests ? Number(values.requests) : 0;
  console.log(`\n| ${title} | ms | share of ${of} |${perRequest ? ' µs per request |' : ''}\n|---|---|---|${perRequest ? '---|' : ''}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${key} | ${ms.toFixed(0)} | ${(100 * ms / (of === 'busy' ? busy : sum)).toFixed(1)} % |${perRequest ? ` ${(1000 * ms / perRequest).toFixed(0)} |` : ''}`);
  }
};

if (values.timeline) {
  const stages = [...new Set([...timeline.values()].flatMap((row) => [...row.keys()]))];
  for (const [second, row] of timeline) {
    const busiest = [...row].filter(([s]) => s !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s, n]) => `${s} ${n}`).join(', ');
    console.log(`${String(second).padStart(4)} s  idle ${row.get('(idle)') ?? 0}  ${busiest}`);
  }
  console.log(`stages seen: ${stages.join('; ')}`);
} else {
  console.log(`${positionals[0]}: ${(total / 1000).toFixed(1)} s in the window, ${(busy / 1000).toFixed(1)} s not idle${values.requests ? `, ${(1000 * busy / Number(values.requests)).toFixed(0)} µs per request` : ''}`);
  byStage.delete('(idle)');
  table('stage (innermost on the stack)', byStage, 'busy');
  table(`code (self time${values.stage ? `, stage ${values.stage}` : ''})`, byCode, values.stage ? 'stage' : 'busy');
  table(`function (self time${values.stage ? `, stage ${values.stage}` : ''})`, byFunction, values.stage ? 'stage' : 'busy');
}
