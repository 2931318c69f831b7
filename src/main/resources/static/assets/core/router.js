// Client-side routes live under /ui/, a prefix no API path uses, so the server can answer every /ui/... path with
// the dashboard's page and leave unknown API paths as JSON 404s.

const ROUTES = [
  [/^\/ui\/login\/?$/, 'login', []],
  [/^\/ui\/containers\/?$/, 'containers', []],
  [/^\/ui\/containers\/new\/?$/, 'create', []],
  [/^\/ui\/containers\/([0-9a-f]{64})(?:\/(logs|stats|console))?\/?$/, 'container', ['id', 'tab']],
  [/^\/ui\/files\/?$/, 'files', []],
  [/^\/ui\/volumes\/?$/, 'volumes', []],
  [/^\/ui\/jobs\/?$/, 'jobs', []],
  [/^\/ui\/audit\/?$/, 'audit', []],
  [/^\/ui\/tokens\/?$/, 'tokens', []],
  [/^\/ui\/admin\/?$/, 'adminUsers', []],
  [/^\/ui\/admin\/users\/?$/, 'adminUsers', []],
  [/^\/ui\/admin\/containers\/?$/, 'adminContainers', []],
  [/^\/ui\/admin\/audit\/?$/, 'adminAudit', []],
  [/^\/ui\/admin\/groups\/?$/, 'adminGroups', []],
  [/^\/ui\/admin\/cluster\/?$/, 'adminCluster', []],
];

export const HOME = '/ui/containers';

/** {name, params} for a path; "/" and "/ui" are the home page; anything else under /ui/ is "notFound". */
export function matchRoute(pathname) {
  if (pathname === '/' || pathname === '/ui' || pathname === '/ui/' || pathname === '/index.html') {
    return { name: 'home', params: {} };
  }
  for (const [pattern, name, keys] of ROUTES) {
    const m = pattern.exec(pathname);
    if (m) {
      const params = {};
      keys.forEach((key, i) => {
        if (m[i + 1] !== undefined) params[key] = m[i + 1];
      });
      return { name, params };
    }
  }
  return { name: 'notFound', params: {} };
}

/** Where to return after a login: only a path of ours (never another origin, never the login page itself). */
export function safeReturnPath(value) {
  if (typeof value !== 'string' || !value.startsWith('/ui/') || value.startsWith('//')) return HOME;
  if (matchRoute(value.split(/[?#]/)[0]).name === 'login') return HOME;
  return value;
}
