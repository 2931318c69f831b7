// The admin pages' own navigation, under the top bar's single "Admin" link: five links in the top bar would not
// fit a phone's width next to the user's own pages.

import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const PAGES = ['users', 'containers', 'audit', 'groups', 'cluster'];

/** The links to every admin page, the current one marked. */
export function adminNav(current) {
  return h(
    'nav',
    { class: 'tabs admin-nav', 'aria-label': t('admin.nav'), 'data-testid': 'admin-nav' },
    PAGES.map((page) =>
      h(
        'a',
        {
          href: `/ui/admin/${page}`,
          class: page === current ? 'tab active' : 'tab',
          'aria-current': page === current ? 'page' : null,
          'data-testid': `admin-nav-${page}`,
        },
        t(`admin.nav.${page}`),
      ),
    ),
  );
}
