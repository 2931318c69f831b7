import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { HOME } from '../core/router.js';

export function render(main) {
  main.append(
    h(
      'section',
      { class: 'panel narrow', 'data-testid': 'not-found' },
      h('h1', null, t('notFound.title')),
      h('p', null, t('notFound.text')),
      h('a', { href: HOME, class: 'button' }, t('notFound.back')),
    ),
  );
}
