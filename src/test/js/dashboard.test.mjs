// Unit tests of the dashboard's pure modules (no browser): node --test src/test/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SseParser } from '../../main/resources/static/assets/core/sse.js';
import { RingBuffer } from '../../main/resources/static/assets/core/ringbuffer.js';
import {
  applyContainerEvent,
  commandText,
  filterRows,
  keepOrder,
  parseQuery,
  sortRows,
  stateTone,
} from '../../main/resources/static/assets/core/containers.js';
import { visibleRange } from '../../main/resources/static/assets/components/virtual.js';
import {
  compareTimes,
  envStrings,
  formatBytes,
  idleChoices,
  isoDuration,
  isoSeconds,
  nextCursor,
  parsePort,
  retryAfterSeconds,
  splitCommand,
} from '../../main/resources/static/assets/core/format.js';
import { format, i18n, pickLanguage, resolve, t } from '../../main/resources/static/assets/core/i18n.js';
import en from '../../main/resources/static/assets/i18n/en.js';
import zhTW from '../../main/resources/static/assets/i18n/zh-TW.js';
import { matchRoute, safeReturnPath } from '../../main/resources/static/assets/core/router.js';
import { byteTicks, linePath, niceTicks, timeTicks } from '../../main/resources/static/assets/components/chart.js';
import { fieldOf } from '../../main/resources/static/assets/components/forms.js';
import { fitSize } from '../../main/resources/static/assets/views/console.js';
import {
  LIMIT_NAMES,
  enteredLimit,
  limitChanges,
  validLimit,
} from '../../main/resources/static/assets/components/limits-dialog.js';
import { BUDGETS } from '../../main/resources/static/assets/views/admin-groups.js';
import { SCOPES } from '../../main/resources/static/assets/views/tokens.js';

const ASSETS = new URL('../../main/resources/static/assets/', import.meta.url).pathname;

test('SSE: events, ids, comments, multi-line data, CRLF split across chunks', () => {
  const p = new SseParser();
  assert.deepEqual(p.push(': keep-alive\n\n'), []);
  assert.deepEqual(p.push('id: 7\nevent: container\ndata: {"a":1}\r'), []);
  const events = p.push('\n\r\ndata: one\ndata: two\n\n');
  assert.deepEqual(events, [
    { event: 'container', data: '{"a":1}', id: '7' },
    { event: 'message', data: 'one\ntwo', id: '7' },
  ]);
  assert.equal(p.lastEventId, '7');
  assert.deepEqual(p.push('event: end\ndata:x\n'), []);
  assert.deepEqual(p.push('\n'), [{ event: 'end', data: 'x', id: '7' }]);
  assert.deepEqual(p.push('event: only-type\n\n'), [], 'no data: nothing is dispatched');
});

test('SSE: a stream cut into single characters gives the same events', () => {
  const text =
    'id: 1\r\nevent: job\r\ndata: {"job_id":"j","status":"running"}\r\n\r\nid: 2\nevent: log\ndata: {"line":"hi"}\n\n';
  const whole = new SseParser().push(text);
  const p = new SseParser();
  const pieces = [];
  for (const c of text) pieces.push(...p.push(c));
  assert.deepEqual(pieces, whole);
  assert.equal(whole.length, 2);
});

test('ring buffer keeps the newest items and counts what it dropped', () => {
  const ring = new RingBuffer(3);
  ring.pushAll([1, 2, 3, 4, 5]);
  assert.deepEqual(ring.toArray(), [3, 4, 5]);
  assert.equal(ring.dropped, 2);
  assert.equal(ring.get(0), 3);
  assert.equal(ring.get(3), undefined);
  assert.deepEqual(
    ring.indexesWhere((x) => x % 2 === 1),
    [0, 2],
  );
});

test('100k log lines: append past the cap and search them quickly', () => {
  const ring = new RingBuffer(100_000);
  const started = performance.now();
  for (let i = 0; i < 150_000; i++) ring.push({ stream: 'stdout', line: `line ${i} ${i % 97 === 0 ? 'needle' : ''}` });
  const found = ring.toArray().filter((l) => l.line.toLowerCase().includes('needle'));
  const elapsed = performance.now() - started;
  assert.equal(ring.length, 100_000);
  assert.equal(ring.dropped, 50_000);
  assert.equal(ring.get(0).line.startsWith('line 50000 '), true);
  assert.ok(found.length > 1000);
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
});

const rows = [
  {
    id: 'aaa1',
    name: 'cm-web',
    image: 'nginx',
    status: 'running',
    cmd: ['nginx', '-g'],
    created_at: '2026-01-01T00:00:03Z',
  },
  { id: 'bbb2', name: 'cm-db', image: 'postgres', status: 'exited', cmd: null, created_at: '2026-01-01T00:00:01Z' },
  {
    id: 'ccc3',
    name: 'cm-job',
    image: 'alpine',
    status: 'created',
    cmd: ['sh', '-c', 'echo hi'],
    created_at: '2026-01-01T00:00:02Z',
  },
];

test('filter: free terms match name, image, state, command or id prefix; field terms one column', () => {
  assert.deepEqual(
    filterRows(rows, 'cm-').map((r) => r.id),
    ['aaa1', 'bbb2', 'ccc3'],
  );
  assert.deepEqual(
    filterRows(rows, 'echo').map((r) => r.id),
    ['ccc3'],
  );
  assert.deepEqual(
    filterRows(rows, 'status:running').map((r) => r.id),
    ['aaa1'],
  );
  assert.deepEqual(
    filterRows(rows, 'state:exit').map((r) => r.id),
    ['bbb2'],
  );
  assert.deepEqual(
    filterRows(rows, 'id:bb').map((r) => r.id),
    ['bbb2'],
  );
  assert.deepEqual(
    filterRows(rows, 'cm alpine').map((r) => r.id),
    ['ccc3'],
  );
  assert.deepEqual(
    filterRows(rows, '', 'created').map((r) => r.id),
    ['ccc3'],
  );
  assert.deepEqual(parseQuery('  Image:Alpine  x '), [
    { field: 'image', value: 'alpine' },
    { field: null, value: 'x' },
  ]);
});

test('sort: by any column, both directions, stable for equal keys', () => {
  assert.deepEqual(
    sortRows(rows, 'created_at', 'desc').map((r) => r.id),
    ['aaa1', 'ccc3', 'bbb2'],
  );
  assert.deepEqual(
    sortRows(rows, 'name', 'asc').map((r) => r.name),
    ['cm-db', 'cm-job', 'cm-web'],
  );
  assert.deepEqual(
    sortRows(rows, 'status', 'asc').map((r) => r.status),
    ['running', 'created', 'exited'],
  );
  const same = [...rows, { ...rows[0], id: 'aaa0' }];
  const once = sortRows(same, 'image', 'asc').map((r) => r.id);
  assert.deepEqual(
    sortRows(sortRows(same, 'name', 'desc'), 'image', 'asc').map((r) => r.id),
    once,
  );
});

test('a live event changes one row and keeps the filter result consistent', () => {
  const next = applyContainerEvent(rows, { container_id: 'ccc3', action: 'started', status: 'running' });
  assert.equal(next.find((r) => r.id === 'ccc3').status, 'running');
  assert.equal(rows.find((r) => r.id === 'ccc3').status, 'created', 'the old array is untouched');
  assert.deepEqual(
    filterRows(next, 'status:running').map((r) => r.id),
    ['aaa1', 'ccc3'],
  );
  assert.equal(applyContainerEvent(next, { container_id: 'aaa1', action: 'removed' }).length, 2);
  assert.equal(applyContainerEvent(next, { container_id: 'zzz', action: 'started', status: 'running' }), next);
});

test('virtualised window: only the rows in view, plus overscan', () => {
  assert.deepEqual(visibleRange(0, 440, 44, 500, 5), { first: 0, last: 15 });
  assert.deepEqual(visibleRange(4400, 440, 44, 500, 5), { first: 95, last: 115 });
  assert.deepEqual(visibleRange(0, 440, 44, 3, 5), { first: 0, last: 3 });
});

test('commands split like a shell, env rows become KEY=VALUE', () => {
  assert.deepEqual(splitCommand('sh -c "echo hi; sleep 1"'), ['sh', '-c', 'echo hi; sleep 1']);
  assert.deepEqual(splitCommand('a \'b c\' d\\ e ""'), ['a', 'b c', 'd e', '']);
  assert.deepEqual(splitCommand('   '), []);
  assert.throws(() => splitCommand('echo "x'), SyntaxError);
  assert.deepEqual(
    envStrings([
      { key: 'A', value: '1' },
      { key: '', value: '' },
      { key: 'B', value: 'x=y' },
    ]),
    ['A=1', 'B=x=y'],
  );
  assert.throws(() => envStrings([{ key: '', value: 'v' }]));
  assert.throws(() => envStrings([{ key: 'A=B', value: 'v' }]));
});

test('a command reads back as it was typed', () => {
  const cmd = ['sh', '-c', "echo 'hi'; sleep 1", ''];
  assert.equal(commandText(cmd), "sh -c 'echo '\\''hi'\\''; sleep 1' ''");
  assert.deepEqual(splitCommand(commandText(cmd)), cmd);
  assert.equal(commandText(null), '');
});

test('headers: Retry-After and the next page cursor', () => {
  assert.equal(retryAfterSeconds('30'), 30);
  assert.equal(retryAfterSeconds('0'), 1);
  assert.equal(retryAfterSeconds(new Date(Date.now() + 10_000).toUTCString()) >= 9, true);
  assert.equal(retryAfterSeconds(null), null);
  assert.equal(nextCursor(new Headers({ 'X-Next-Cursor': 'abc' })), 'abc');
  assert.equal(nextCursor(new Headers({ Link: '</containers?limit=5&cursor=xyz>; rel="next"' })), 'xyz');
  assert.equal(nextCursor(new Headers({})), null);
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(12), '12 B');
});

test('routes under /ui/, and a login returns only to a path of ours', () => {
  assert.equal(matchRoute('/').name, 'home');
  assert.equal(matchRoute('/ui/containers').name, 'containers');
  assert.equal(matchRoute('/ui/containers/new').name, 'create');
  const id = 'a'.repeat(64);
  assert.deepEqual(matchRoute(`/ui/containers/${id}/console`), { name: 'container', params: { id, tab: 'console' } });
  assert.deepEqual(matchRoute(`/ui/containers/${id}`), { name: 'container', params: { id } });
  assert.equal(matchRoute('/ui/nothing/here').name, 'notFound');
  assert.equal(matchRoute('/ui/tokens').name, 'tokens');
  assert.equal(matchRoute('/ui/admin').name, 'adminUsers');
  for (const page of ['users', 'containers', 'audit', 'groups', 'cluster']) {
    assert.equal(matchRoute(`/ui/admin/${page}`).name, `admin${page[0].toUpperCase()}${page.slice(1)}`);
  }
  assert.equal(safeReturnPath('/ui/files'), '/ui/files');
  assert.equal(safeReturnPath('https://evil.example/'), '/ui/containers');
  assert.equal(safeReturnPath('//evil.example/ui/'), '/ui/containers');
  assert.equal(safeReturnPath('/ui/login'), '/ui/containers');
});

test('i18n: both languages have every key, with the same placeholders', () => {
  const keys = Object.keys(en).sort();
  assert.deepEqual(Object.keys(zhTW).sort(), keys);
  const forms = (m) => (typeof m === 'string' ? [m] : Object.values(m));
  const placeholders = (m) => [...new Set(forms(m).flatMap((s) => s.match(/\{\w+\}/g) || []))].sort();
  for (const key of keys) assert.deepEqual(placeholders(zhTW[key]), placeholders(en[key]), key);
  for (const key of keys) if (typeof zhTW[key] !== 'string') assert.ok(zhTW[key].other, `${key} has an "other" form`);
  assert.equal(pickLanguage(null, ['zh-Hant-TW']), 'zh-TW');
  assert.equal(pickLanguage('en', ['zh-TW']), 'en');
  assert.equal(format('{a} of {b}', { a: 1, b: 2 }), '1 of 2');
});

test('i18n: every key the views use exists', () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(ASSETS);
  const used = new Set();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 50);
  for (const key of used) assert.ok(key in en, `missing key ${key}`);
});

test('no inline script or style in the page, no foreign origin in any asset', () => {
  const page = readFileSync(new URL('../../main/resources/dashboard/index.html', import.meta.url), 'utf8');
  assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline script');
  assert.doesNotMatch(page, /<style|style=/i, 'inline style');
  assert.doesNotMatch(page, /https?:\/\//i, 'foreign origin');
  const walk = (dir) =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const file of walk(ASSETS)) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''), /https?:\/\/(?!localhost)/, file);
    assert.doesNotMatch(text, /innerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, file);
    assert.doesNotMatch(text, /setAttribute\('style'/, file);
  }
});

test('charts: round ticks with units, time ticks, and gaps in the line', () => {
  assert.deepEqual(niceTicks(87), { top: 100, ticks: [0, 25, 50, 75, 100] });
  assert.deepEqual(niceTicks(0.3), { top: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
  assert.deepEqual(niceTicks(0), { top: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
  const mib = 1024 * 1024;
  const memory = byteTicks(3.4 * mib);
  assert.equal(memory.top, 4 * mib, 'memory on its own scale: a few MiB, not the 1 GiB limit');
  assert.deepEqual(memory.ticks, [0, mib, 2 * mib, 3 * mib, 4 * mib]);
  assert.deepEqual(timeTicks(61_000, 185_000, 60_000), [120_000, 180_000]);
  const x = (time) => time / 1000;
  const y = (v) => 100 - v;
  assert.equal(
    linePath(
      [
        [0, 0],
        [1000, 50],
        [9000, 100],
      ],
      x,
      y,
      3000,
    ),
    'M0.0,100.0L1.0,50.0M9.0,0.0',
  );
});

test('plurals: one and other by the language', () => {
  assert.equal(
    resolve({ one: '{count} container', other: '{count} containers' }, { count: 1 }, 'en'),
    '{count} container',
  );
  assert.equal(resolve({ one: 'a', other: 'b' }, { count: 5 }, 'en'), 'b');
  assert.equal(t('containers.countAll', { count: 1 }), '1 container');
  assert.equal(t('containers.countAll', { count: 2 }), '2 containers');
  assert.equal(t('stats.processes', { count: 1 }), '1 process');
  assert.equal(t('files.countUnlimited', { count: 0 }), 'Files: 0 (no limit)');
});

test('i18n: another language loads on use, and unknown server values pass through', async () => {
  await i18n.use('zh-TW', { remember: false });
  assert.equal(t('state.running'), '執行中');
  assert.equal(t('logs.reason.stopped'), '容器已停止');
  assert.equal(t('state.unheard-of', null, 'unheard-of'), 'unheard-of');
  await i18n.use('en', { remember: false });
  assert.equal(t('state.running'), 'running');
});

test('exited reads as an error only with a non-zero exit code', () => {
  assert.equal(stateTone('exited', 0), 'neutral');
  assert.equal(stateTone('exited', null), 'neutral');
  assert.equal(stateTone('exited', 137), 'bad');
  assert.equal(stateTone('running'), 'ok');
  assert.equal(stateTone('dead'), 'bad');
  assert.equal(stateTone('node_unavailable'), 'bad');
  assert.equal(stateTone('lost'), 'bad');
});

test('rows under the pointer keep their order; new rows go after', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };
  assert.deepEqual(
    keepOrder([c, b, a], ['a', 'b']).map((r) => r.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    keepOrder([b], ['a', 'b']).map((r) => r.id),
    ['b'],
  );
});

test('engine times order by value, whatever their fraction digits', () => {
  assert.ok(compareTimes('2026-01-01T00:00:05.1Z', '2026-01-01T00:00:05.09Z') > 0);
  assert.ok(compareTimes('2026-01-01T00:00:05Z', '2026-01-01T00:00:05.000000001Z') < 0);
  assert.equal(compareTimes('2026-01-01T00:00:05.5Z', '2026-01-01T00:00:05.500Z'), 0);
});

test('a server error finds its field by code or by its first word', () => {
  assert.equal(
    fieldOf({ code: 'username_taken', message: 'username already taken' }, ['username', 'password']),
    'username',
  );
  assert.equal(fieldOf({ message: 'password must be 8 to 72 bytes' }, ['username', 'password']), 'password');
  assert.equal(fieldOf({ message: 'invalid image reference' }, ['image', 'cmd']), 'image');
  assert.equal(fieldOf({ message: 'limit reached: containers (5)' }, ['image', 'cmd']), null);
});

test('idle stop choices: ISO durations as the service writes them, only shorter than the profile', () => {
  assert.equal(isoSeconds('PT2H'), 7200);
  assert.equal(isoSeconds('PT1H30M'), 5400);
  assert.equal(isoSeconds('PT1.5S'), 1.5);
  assert.equal(isoSeconds('P1D'), 86400);
  assert.equal(isoSeconds('PT0S'), 0);
  assert.equal(isoSeconds('2h'), null);
  assert.equal(isoSeconds('P'), null);
  assert.equal(isoSeconds(undefined), null);
  assert.equal(isoDuration(1800), 'PT30M');
  assert.equal(isoDuration(7200), 'PT2H');
  assert.deepEqual(idleChoices(7200), [900, 1800, 3600]);
  assert.deepEqual(idleChoices(3601), [900, 1800, 3600]);
  assert.deepEqual(idleChoices(600), []);
  assert.deepEqual(idleChoices(0), [900, 1800, 3600, 7200, 14400, 28800]);
});

test('the terminal fits its panel', () => {
  assert.deepEqual(fitSize(360, 400, { width: 8.4, height: 17 }), { cols: 42, rows: 23 });
  assert.deepEqual(fitSize(10, 10, { width: 8, height: 17 }), { cols: 20, rows: 5 });
});

const JAVA = new URL('../../main/java/com/containermanager/', import.meta.url).pathname;

test('the limits form and the token form offer exactly what the service takes', () => {
  // UserLimits.NAMES, its LimitSettings constants resolved: a limit added there must reach the admin's form.
  const settings = readFileSync(join(JAVA, 'limits/LimitSettings.java'), 'utf8');
  const constants = Object.fromEntries([...settings.matchAll(/String (\w+) = "([a-z_]+)"/g)].map((m) => [m[1], m[2]]));
  const limits = readFileSync(join(JAVA, 'limits/UserLimits.java'), 'utf8');
  const set = /NAMES = Set\.of\(([^;]*)\);/s.exec(limits)[1].replace(/\/\/[^\n]*/g, '');
  const names = [...set.matchAll(/LimitSettings\.(\w+)|"([a-z_]+)"/g)].map((m) => (m[1] ? constants[m[1]] : m[2]));
  assert.deepEqual([...LIMIT_NAMES].sort(), names.sort());
  // Groups.BUDGET_NAMES: a budget added there must reach the groups page.
  const groups = readFileSync(join(JAVA, 'group/Groups.java'), 'utf8');
  const budgets = /BUDGET_NAMES =\s*Set\.of\(([^;]*)\);/s.exec(groups)[1];
  assert.deepEqual(
    [...BUDGETS].sort(),
    [...budgets.matchAll(/LimitSettings\.(\w+)/g)].map((m) => constants[m[1]]).sort(),
  );
  const scopes = readFileSync(join(JAVA, 'auth/Scope.java'), 'utf8');
  assert.deepEqual([...SCOPES].sort(), [...scopes.matchAll(/\w+\("([a-z:]+)"\)/g)].map((m) => m[1]).sort());
});

test('limit overrides: only what changed is sent, an emptied field removes its override', () => {
  assert.deepEqual(limitChanges({ containers: 5, files: 9 }, { containers: '5', files: '', tokens: '0' }), {
    files: null,
    tokens: 0,
  });
  assert.deepEqual(limitChanges({}, {}), {});
  assert.deepEqual(limitChanges({ execs: 2 }, { execs: ' 3 ' }), { execs: 3 });
  // CPUs: the form takes CPUs, the service counts thousandths.
  assert.deepEqual(limitChanges({ running_cpus: 1500 }, { running_cpus: '1.5' }), {});
  assert.deepEqual(limitChanges({}, { running_cpus: '0.25' }), { running_cpus: 250 });
  // The groups page enters budgets the same way.
  assert.equal(enteredLimit('running_cpus', ' 2.5 '), 2500);
  assert.equal(enteredLimit('running_memory_bytes', '1024'), 1024);
  assert.equal(enteredLimit('running_containers', ''), null);
  assert.ok(validLimit('running_cpus', '0.125') && validLimit('running_cpus', ''));
  assert.ok(!validLimit('running_cpus', '0.0001') && !validLimit('running_containers', '1.5'));
});

test('ports: a whole number from 1 to 65535, else null', () => {
  assert.equal(parsePort('8000'), 8000);
  assert.equal(parsePort(' 443 '), 443);
  assert.equal(parsePort(65535), 65535);
  for (const bad of ['', '0', '65536', '80.5', '-1', '8e3', 'http', null, undefined, '123456']) {
    assert.equal(parsePort(bad), null, String(bad));
  }
});
