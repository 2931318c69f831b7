// The caller's containers as plain rows: filtering, sorting, state and live events. Pure functions, so a live update
// can re-run them on new data with the user's same query, sort and selection.

const STATE_ORDER = ['running', 'restarting', 'paused', 'created', 'exited', 'removing', 'dead'];

/** Splits the filter text into lower-case terms; "status:running" / "image:alpine" limit a term to one column. */
export function parseQuery(text) {
  return String(text || '')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => {
      const m = /^(name|image|status|state|cmd|id):(.*)$/.exec(term);
      if (!m) return { field: null, value: term };
      return { field: m[1] === 'state' ? 'status' : m[1], value: m[2] };
    });
}

/** A command array as a shell would read it back: words with spaces or quotes are single-quoted. */
export function commandText(cmd) {
  if (!Array.isArray(cmd)) return cmd == null ? '' : String(cmd);
  return cmd
    .map((arg) => (arg === '' || /[\s'"\\$`;&|<>()*?]/.test(arg) ? `'${arg.replace(/'/g, "'\\''")}'` : arg))
    .join(' ');
}

function fieldText(row, field) {
  if (field === 'cmd') return commandText(row.cmd).toLowerCase();
  return String(row[field] ?? '').toLowerCase();
}

/** True when every term matches (AND); a term without a field matches name, image, status, command or id prefix. */
export function matches(row, terms) {
  return terms.every(({ field, value }) => {
    if (!value) return true;
    if (field === 'id') return String(row.id || '').startsWith(value);
    if (field) return fieldText(row, field).includes(value);
    return (
      fieldText(row, 'name').includes(value) ||
      fieldText(row, 'image').includes(value) ||
      fieldText(row, 'status').includes(value) ||
      fieldText(row, 'cmd').includes(value) ||
      String(row.id || '').startsWith(value)
    );
  });
}

export function filterRows(rows, queryText, status = '') {
  const terms = parseQuery(queryText);
  return rows.filter((row) => (!status || row.status === status) && matches(row, terms));
}

function compareValues(a, b, key) {
  if (key === 'status') {
    const ia = STATE_ORDER.indexOf(a.status);
    const ib = STATE_ORDER.indexOf(b.status);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  }
  if (key === 'created_at') return Date.parse(a.created_at || 0) - Date.parse(b.created_at || 0);
  const va = key === 'cmd' ? commandText(a.cmd) : String(a[key] ?? '');
  const vb = key === 'cmd' ? commandText(b.cmd) : String(b[key] ?? '');
  return va.localeCompare(vb, undefined, { numeric: true, sensitivity: 'base' });
}

/** A stable sort by key; ties keep newest first, then id, so that rows never jump between equal keys. */
export function sortRows(rows, key = 'created_at', direction = 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const c = compareValues(x.row, y.row, key) * sign;
      if (c !== 0) return c;
      const t = Date.parse(y.row.created_at || 0) - Date.parse(x.row.created_at || 0);
      if (t !== 0) return t;
      return String(x.row.id).localeCompare(String(y.row.id)) || x.index - y.index;
    })
    .map((x) => x.row);
}

/** Merges a container event into the rows by id; returns the new array (removed rows dropped). */
export function applyContainerEvent(rows, event) {
  const index = rows.findIndex((row) => row.id === event.container_id);
  if (event.action === 'removed') return index < 0 ? rows : rows.filter((_, i) => i !== index);
  if (index < 0) return rows; // unknown yet: the caller re-lists to learn its name and image
  const next = rows.slice();
  const row = { ...rows[index], status: event.status || rows[index].status };
  if (event.exit_code != null) row.exit_code = event.exit_code;
  else if (event.action === 'started' || event.action === 'restarted') delete row.exit_code;
  next[index] = row;
  return next;
}

/** Running or about to be: Stop applies, Start does not. */
export function isRunning(status) {
  return status === 'running' || status === 'restarting';
}

/**
 * How a state reads at a glance: ok (running), bad (exited with a non-zero code, dead, node_unavailable, lost), warn (in
 * between), or neutral (created, or exited with 0 or an unknown code: a finished container is not an error).
 */
export function stateTone(status, exitCode) {
  if (status === 'running') return 'ok';
  if (status === 'dead' || status === 'node_unavailable' || status === 'lost') return 'bad';
  if (status === 'exited') return exitCode != null && Number(exitCode) !== 0 ? 'bad' : 'neutral';
  if (status === 'restarting' || status === 'paused' || status === 'removing') return 'warn';
  return 'neutral';
}

/**
 * Keeps rows in the order they were shown (known ids first, in that order; new ones after, in the new order), so
 * that a live update does not move rows under the user's pointer.
 */
export function keepOrder(rows, previousIds) {
  const position = new Map(previousIds.map((id, i) => [id, i]));
  const known = rows.filter((row) => position.has(row.id)).sort((a, b) => position.get(a.id) - position.get(b.id));
  return known.concat(rows.filter((row) => !position.has(row.id)));
}
