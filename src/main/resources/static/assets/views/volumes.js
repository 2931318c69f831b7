// The caller's volumes: data that outlives containers. Make one (name, size within what is left of the account's
// volume bytes), see each one's use against its size (a bar, and the words for it), remove one after a
// confirmation that names it; a volume a container mounts is refused by the service (409), which the page says.

import { del, errorText, get, post } from '../core/api.js';
import { clear, h, uid } from '../core/dom.js';
import { i18n, t } from '../core/i18n.js';
import { formatBytes, formatTime } from '../core/format.js';
import { confirmDialog } from '../components/dialog.js';
import { clearFieldErrors, fieldError } from '../components/forms.js';
import { toast } from '../components/toast.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const UNITS = ['MiB', 'GiB'];

export function render(main) {
  let disposed = false;
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'volumes-error' });
  const summary = h('div', { class: 'volume-usage', 'data-testid': 'volumes-usage' });
  const tbody = h('tbody', { 'data-testid': 'volumes-body' });

  const nameId = uid('volume-name');
  const name = h('input', {
    id: nameId,
    name: 'name',
    maxlength: 63,
    autocomplete: 'off',
    'data-testid': 'volume-name',
    required: true,
  });
  const sizeId = uid('volume-size');
  const size = h('input', {
    id: sizeId,
    name: 'size',
    type: 'number',
    min: 1,
    step: 1,
    value: 1,
    inputmode: 'numeric',
    'data-testid': 'volume-size',
    required: true,
  });
  const unit = h(
    'select',
    { id: uid('volume-unit'), 'aria-label': t('volumes.unit'), 'data-testid': 'volume-unit' },
    UNITS.map((value) => h('option', { value, selected: value === 'GiB' }, value)),
  );
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'volume-create' }, t('volumes.create'));
  const form = h(
    'form',
    { class: 'volume-form', 'data-testid': 'volume-form', novalidate: true },
    h('label', { for: nameId }, t('volumes.name')),
    name,
    h('small', { class: 'muted' }, t('volumes.nameHint')),
    h('label', { for: sizeId }, t('volumes.size')),
    h('div', { class: 'size-row' }, size, unit),
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    message.hidden = true;
    const wanted = name.value.trim();
    if (!NAME.test(wanted)) {
      fieldError(name, t('volumes.nameInvalid')).focus();
      return;
    }
    if (!(Number(size.value) > 0)) {
      fieldError(size, t('volumes.sizeInvalid'), size.parentElement).focus();
      return;
    }
    submit.disabled = true;
    try {
      const made = await post('/volumes', { name: wanted, size: `${size.value}${unit.value}` });
      name.value = '';
      toast(t('volumes.created', { name: made.name }));
      load();
    } catch (err) {
      if (err.code === 'name_taken') fieldError(name, t('volumes.nameTaken')).focus();
      else if (err.code === 'invalid_name') fieldError(name, errorText(err)).focus();
      else if (err.code === 'invalid_size') fieldError(size, errorText(err), size.parentElement).focus();
      else show(err);
    } finally {
      submit.disabled = false;
    }
  });

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  async function remove(volume) {
    const ok = await confirmDialog({
      title: t('volumes.deleteTitle'),
      message: t('volumes.deleteText'),
      items: [volume.name],
      confirm: t('volumes.delete'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    try {
      await del(`/volumes/${encodeURIComponent(volume.name)}`);
      toast(t('volumes.deleted', { name: volume.name }));
    } catch (e) {
      if (e.code === 'volume_in_use') show(new Error(t('volumes.inUse', { name: volume.name })));
      else show(e);
    }
    load();
  }

  /** A bar with its words beside it: the bar alone says nothing to a screen reader or in high contrast. */
  function usageBar(used, limit, label, testid) {
    // A soft volume (volumes.limit soft) can hold more than its size: the bar is full and the words say so.
    const text = t(used > limit ? 'volumes.usedOver' : 'volumes.usedOf', {
      used: formatBytes(used),
      size: formatBytes(limit),
    });
    return h(
      'div',
      { class: 'usage-bar', 'data-testid': testid },
      h('progress', { max: Math.max(limit, 1), value: Math.min(used, limit), 'aria-label': label }),
      h('span', { class: 'muted' }, text),
    );
  }

  /**
   * Its usage bar; while its host does not answer (a swarm node down) or once its data is gone with that host, the
   * word for it and what the user can do instead.
   */
  function usage(volume) {
    if (volume.state === 'unavailable' || volume.state === 'lost') {
      return h(
        'div',
        { 'data-testid': 'volume-used' },
        h(
          'span',
          { class: `state ${volume.state === 'lost' ? 'tone-bad' : 'tone-warn'}`, 'data-testid': 'volume-state' },
          t(`volumes.state.${volume.state}`),
        ),
        ' ',
        h('span', { class: 'muted' }, t(`volumes.state.${volume.state}.hint`)),
      );
    }
    return usageBar(
      volume.used_bytes,
      volume.size_bytes,
      t('volumes.usedOfNamed', { name: volume.name }),
      'volume-used',
    );
  }

  function cells(volume) {
    return [
      h('td', { 'data-label': t('volumes.name') }, h('code', null, volume.name)),
      h('td', { 'data-label': t('volumes.size') }, formatBytes(volume.size_bytes)),
      h('td', { 'data-label': t('volumes.used') }, usage(volume)),
      h('td', { 'data-label': t('volumes.limit') }, t(`volumes.limit.${volume.limit}`)),
      h('td', { 'data-label': t('volumes.createdAt') }, formatTime(volume.created_at, i18n.language)),
      h(
        'td',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'small danger',
            'data-testid': 'volume-delete',
            'aria-label': t('action.named', { action: t('volumes.delete'), name: volume.name }),
            onclick: () => remove(volume),
          },
          t('volumes.delete'),
        ),
      ),
    ];
  }

  async function load() {
    try {
      const [volumes, me] = await Promise.all([get('/volumes'), get('/users/me')]);
      if (disposed) return;
      clear(tbody);
      if (!volumes.length) tbody.append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, t('volumes.none'))));
      for (const volume of volumes) {
        tbody.append(h('tr', { 'data-testid': 'volume-row', dataset: { name: volume.name } }, cells(volume)));
      }
      const bytes = me?.usage?.volume_bytes;
      const count = me?.usage?.volumes;
      clear(summary);
      if (bytes && count) {
        summary.append(
          bytes.limit > 0
            ? usageBar(bytes.used, bytes.limit, t('volumes.accountBytes'), 'volumes-bytes')
            : h('p', { 'data-testid': 'volumes-bytes' }, t('volumes.bytesNoLimit', { used: formatBytes(bytes.used) })),
          h(
            'p',
            { class: 'muted', 'data-testid': 'volumes-count' },
            count.limit > 0
              ? t('volumes.countOf', { used: count.used, limit: count.limit })
              : t('volumes.countNoLimit', { used: count.used }),
          ),
        );
      }
    } catch (e) {
      show(e);
    }
  }

  main.append(
    h(
      'section',
      { class: 'panel wide' },
      h('h1', null, t('volumes.title')),
      h('p', { class: 'muted' }, t('volumes.intro')),
      message,
      h('h2', null, t('volumes.account')),
      summary,
      h('h2', null, t('volumes.new')),
      form,
      h('h2', null, t('volumes.list')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid cards', 'data-testid': 'volumes-table' },
          h('caption', { class: 'visually-hidden' }, t('volumes.list')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['volumes.name', 'volumes.size', 'volumes.used', 'volumes.limit', 'volumes.createdAt'].map((key) =>
                h('th', { scope: 'col' }, t(key)),
              ),
              h('th', { scope: 'col' }, t('containers.col.actions')),
            ),
          ),
          tbody,
        ),
      ),
    ),
  );
  load();
  return () => {
    disposed = true;
  };
}
