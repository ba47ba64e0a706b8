#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: top functions and totals per package.
//   node scripts/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile [topN]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));

function pkg(url) {
  if (!url) return '(native/vm)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:core';
  if (url.includes('/dist/src/')) return 'app:' + url.split('/dist/src/')[1].split('/').slice(0, 2).join('/');
  return url;
}
const fnTotals = new Map();
const pkgTotals = new Map();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'}  ${pkg(cf.url)}${cf.url ? ':' + (cf.lineNumber + 1) : ''}`;
  fnTotals.set(key, (fnTotals.get(key) ?? 0) + us);
  const p = ['(idle)', '(program)', '(garbage collector)'].includes(cf.functionName) ? cf.functionName : pkg(cf.url);
  pkgTotals.set(p, (pkgTotals.get(p) ?? 0) + us);
  total += us;
}
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
const busy = total - (pkgTotals.get('(idle)') ?? 0);
console.log(`total ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${pct(busy)})\n\n== self time by package ==`);
for (const [k, v] of [...pkgTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), (v / 1000).toFixed(0).padStart(7), 'ms ', k);
console.log('\n== self time by function ==');
for (const [k, v] of [...fnTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), (v / 1000).toFixed(0).padStart(7), 'ms ', k);

// Inclusive time of the application's own functions (dist/src): where in our code the busy time is spent,
// libraries included. A function that appears twice on one stack (recursion) is counted once.
const children = new Map(profile.nodes.map((n) => [n.id, n.children ?? []]));
const inclusive = new Map();
function walk(id, onStack) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const own = cf.url && cf.url.includes('/dist/src/') ? `${cf.functionName || '(anonymous)'}  ${pkg(cf.url)}:${cf.lineNumber + 1}` : undefined;
  const stack = own && !onStack.has(own) ? new Set(onStack).add(own) : onStack;
  let sum = self.get(id) ?? 0;
  for (const child of children.get(id)) sum += walk(child, stack);
  if (own && stack !== onStack) inclusive.set(own, (inclusive.get(own) ?? 0) + sum);
  return sum;
}
walk(profile.nodes[0].id, new Set());
console.log('\n== inclusive time of application functions ==');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), (v / 1000).toFixed(0).padStart(7), 'ms ', k);
