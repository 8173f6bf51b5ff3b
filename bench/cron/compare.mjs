// Compares Berth's next fire times (export.jsonl from Export.java, on stdin or as argv[2])
// with the npm package cron-parser's, expression by expression and zone by zone.
// Prints a summary and every disagreement, classified by the wall-clock situation of the times
// that differ (a daylight-saving gap or overlap in the zone, or something else).
import { CronExpressionParser } from 'cron-parser';
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? 0, 'utf8').trim().split('\n');

function offsetMinutes(ms, zone) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName').value;
  const m = /GMT([+-])(\d\d):?(\d\d)?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

// Is ms within an hour after (or before) an offset change in zone?
function nearTransition(ms, zone) {
  const h = 3600_000;
  const before = offsetMinutes(ms - 2 * h, zone);
  const after = offsetMinutes(ms + 2 * h, zone);
  if (before === after) return null;
  return after > before ? 'spring-forward' : 'fall-back';
}

// Vixie cron (and cron-utils, so Berth) treats a day field that starts with '*' ('*/1', '*/2') as
// unrestricted when combining day-of-month and day-of-week; cron-parser only an exact '*'.
function starStepDays(expr) {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) return false;
  const starStep = (x) => x.startsWith('*') && x !== '*';
  return (starStep(f[2]) && f[4] !== '*') || (starStep(f[4]) && f[2] !== '*');
}

let compared = 0, agreeing = 0, cases = 0, failedParses = 0;
const byKind = {};
const samples = [];
const perKind = {};
for (const line of lines) {
  const { expr, zone, start, times } = JSON.parse(line);
  cases++;
  let theirs = [];
  try {
    // cron-parser has no @midnight; it means @daily in Vixie cron, Kubernetes and Berth.
    const theirExpr = expr === '@midnight' ? '@daily' : expr;
    const it = CronExpressionParser.parse(theirExpr, { currentDate: start, tz: zone });
    for (let i = 0; i < times.length; i++) theirs.push(it.next().getTime());
  } catch (e) {
    failedParses++;
    const kind = `cron-parser fails: ${e.message}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if ((perKind[kind] = (perKind[kind] ?? 0) + 1) <= 5) samples.push(`${zone} '${expr}': ${kind}`);
    continue;
  }
  // Walk both lists in time order; classify each time only one side has.
  let i = 0, j = 0;
  const limit = Math.min(times[times.length - 1] ?? 0, theirs[theirs.length - 1] ?? 0);
  while (i < times.length && j < theirs.length && times[i] <= limit && theirs[j] <= limit) {
    compared++;
    if (times[i] === theirs[j]) { agreeing++; i++; j++; continue; }
    const onlyBerth = times[i] < theirs[j];
    const t = onlyBerth ? times[i++] : theirs[j++];
    const f = expr.trim().split(/\s+/);
    const step = starStepDays(expr) ? (/\*\/1$/.test(f[2]) || /\*\/1$/.test(f[4]) ? "'*/1'" : "'*/n', n > 1") : null;
    const where = step ? `day fields with ${step}` : `near ${nearTransition(t, zone) ?? 'no transition'}`;
    const kind = `${onlyBerth ? 'only Berth' : 'only cron-parser'} ${where}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if ((perKind[kind] = (perKind[kind] ?? 0) + 1) <= 6) {
      samples.push(`${zone} '${expr}': ${kind}: ${new Date(t).toISOString()}`);
    }
  }
}
console.log(`expression/zone/start cases: ${cases}; fire times compared: ${compared}; agreeing: ${agreeing}`);
console.log(`cases cron-parser refused: ${failedParses}`);
console.log('disagreements by kind:', JSON.stringify(byKind, null, 1));
console.log('samples:\n  ' + samples.join('\n  '));
