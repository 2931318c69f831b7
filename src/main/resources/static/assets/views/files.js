// Files: upload by picker or drag and drop (XMLHttpRequest, for upload progress), list, download, delete, and the
// user's quota and usage where the service reports them (GET /users/me). An upload over a file of the same name asks
// first (the API replaces it); a finished upload's row goes away after a moment, a failed one stays until dismissed.

import { del, download, errorText, get, listAll, upload } from '../core/api.js';
import { clear, h } from '../core/dom.js';
import { i18n, t } from '../core/i18n.js';
import { formatBytes, formatTime } from '../core/format.js';
import { confirmDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';

const DONE_ROW_MS = 4000;

export function render(main) {
  let disposed = false;
  let names = new Set();
  const timers = new Set();
  const usage = h('div', { class: 'usage', hidden: true, 'data-testid': 'usage' });
  const uploads = h('div', { class: 'uploads', 'data-testid': 'uploads', 'aria-live': 'polite' });
  const tbody = h('tbody', { 'data-testid': 'files-body' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'files-error' });
  const picker = h('input', {
    type: 'file',
    multiple: true,
    id: 'file-picker',
    class: 'visually-hidden',
    tabindex: '-1',
    'aria-hidden': 'true',
    'data-testid': 'file-input',
  });
  const drop = h(
    'label',
    { for: 'file-picker', class: 'dropzone', 'data-testid': 'dropzone', tabindex: '0' },
    h('strong', null, t('files.drop')),
    h('span', { class: 'muted' }, t('files.orPick')),
  );

  async function loadUsage() {
    try {
      const me = await get('/users/me');
      if (disposed || !me || !me.usage) return;
      const storage = me.usage.storage_bytes;
      const files = me.usage.files;
      clear(usage);
      if (storage) {
        usage.append(
          h(
            'p',
            { 'data-testid': 'usage-storage' },
            storage.limit
              ? t('files.storage', { used: formatBytes(storage.used), limit: formatBytes(storage.limit) })
              : t('files.storageUnlimited', { used: formatBytes(storage.used) }),
          ),
          storage.limit
            ? h('progress', {
                max: storage.limit,
                value: storage.used,
                'aria-label': t('files.storageBar'),
                'data-testid': 'usage-bar',
              })
            : null,
        );
      }
      if (files) {
        usage.append(
          h(
            'p',
            { class: 'muted', 'data-testid': 'usage-files' },
            files.limit
              ? t('files.count', { count: files.used, limit: files.limit })
              : t('files.countUnlimited', { count: files.used }),
          ),
        );
      }
      usage.hidden = false;
    } catch {
      usage.hidden = true; // no /users/me on this server yet: say nothing rather than guess
    }
  }

  async function loadList() {
    try {
      const files = await listAll('/files');
      if (disposed) return;
      names = new Set(files.map((file) => file.name));
      clear(tbody);
      if (!files.length) {
        tbody.append(h('tr', null, h('td', { colspan: 4, class: 'muted' }, t('files.none'))));
      }
      for (const file of files) {
        tbody.append(
          h(
            'tr',
            { 'data-name': file.name, 'data-testid': 'file-row' },
            h('td', { class: 'mono', 'data-label': t('files.name') }, file.name),
            h('td', { 'data-label': t('files.size') }, formatBytes(file.size)),
            h('td', { 'data-label': t('files.modified') }, formatTime(file.modified_at, i18n.language)),
            h(
              'td',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'small secondary',
                  'data-testid': 'file-download',
                  'aria-label': t('action.named', { action: t('files.download'), name: file.name }),
                  onclick: () => download(file.name).catch(show),
                },
                t('files.download'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'data-testid': 'file-delete',
                  'aria-label': t('action.named', { action: t('action.delete'), name: file.name }),
                  onclick: () => remove(file.name),
                },
                t('action.delete'),
              ),
            ),
          ),
        );
      }
    } catch (e) {
      show(e);
    }
  }

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  async function remove(name) {
    const ok = await confirmDialog({
      title: t('files.deleteTitle'),
      message: t('files.deleteText'),
      items: [name],
      confirm: t('action.delete'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    try {
      await del(`/files/${encodeURIComponent(name)}`);
      toast(t('files.deleted', { name }));
    } catch (e) {
      show(e);
    }
    loadList();
    loadUsage();
  }

  /** The files to send: those whose name is taken only when the user agrees to replace them. */
  async function confirmReplacing(fileList) {
    const taken = fileList.filter((file) => names.has(file.name));
    if (!taken.length) return fileList;
    const ok = await confirmDialog({
      title: t('files.replaceTitle', { count: taken.length }),
      message: t('files.replaceText', { count: taken.length }),
      items: taken.map((file) => file.name),
      confirm: t('files.replace'),
      cancel: t('files.keep'),
    });
    return ok ? fileList : fileList.filter((file) => !names.has(file.name));
  }

  function clearLater(item) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      item.remove();
    }, DONE_ROW_MS);
    timers.add(timer);
  }

  async function send(chosen) {
    message.hidden = true;
    const fileList = await confirmReplacing(chosen);
    for (const file of fileList) {
      const bar = h('progress', {
        max: file.size || 1,
        value: 0,
        'aria-label': t('files.uploading', { name: file.name }),
        'data-testid': 'upload-progress',
      });
      const note = h('span', { class: 'muted' }, `0 / ${formatBytes(file.size)}`);
      const item = h(
        'div',
        { class: 'upload', 'data-testid': 'upload-item', dataset: { name: file.name } },
        h('span', { class: 'mono' }, file.name),
        bar,
        note,
      );
      uploads.prepend(item);
      try {
        await upload(file, (loaded, total) => {
          bar.max = total || 1;
          bar.value = loaded;
          note.textContent = `${formatBytes(loaded)} / ${formatBytes(total)}`;
        });
        bar.value = bar.max;
        note.textContent = t('files.uploaded');
        item.dataset.state = 'done';
        clearLater(item);
      } catch (e) {
        item.dataset.state = 'failed';
        item.classList.add('failed');
        note.textContent = errorText(e);
        item.append(
          h(
            'button',
            {
              type: 'button',
              class: 'small link',
              'aria-label': t('common.dismiss'),
              'data-testid': 'upload-dismiss',
              onclick: () => item.remove(),
            },
            '×',
          ),
        );
      }
      names.add(file.name);
    }
    loadList();
    loadUsage();
  }

  picker.addEventListener('change', () => {
    send([...picker.files]);
    picker.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer && e.dataTransfer.files.length) send([...e.dataTransfer.files]);
  });
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      picker.click();
    }
  });

  main.append(
    h(
      'section',
      { class: 'panel wide' },
      h('h1', null, t('files.title')),
      usage,
      picker,
      drop,
      uploads,
      message,
      h(
        'table',
        { class: 'grid cards', 'data-testid': 'files-table' },
        h('caption', { class: 'visually-hidden' }, t('files.title')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('files.name')),
            h('th', { scope: 'col' }, t('files.size')),
            h('th', { scope: 'col' }, t('files.modified')),
            h('th', { scope: 'col' }, t('containers.col.actions')),
          ),
        ),
        tbody,
      ),
    ),
  );
  loadList();
  loadUsage();
  return () => {
    disposed = true;
    timers.forEach(clearTimeout);
  };
}
