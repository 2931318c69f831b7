// Files: upload by picker or drag and drop (XMLHttpRequest, for upload progress), list, download, delete, and the
// user's quota and usage where the service reports them (GET /users/me).

import { ApiError, del, download, get, listAll, upload } from '../api.js';
import { clear, confirmDialog, h } from '../dom.js';
import { i18n, t } from '../lib/i18n.js';
import { formatBytes, formatTime } from '../lib/format.js';

export function render(main) {
  let disposed = false;
  const usage = h('div', { class: 'usage', hidden: true, 'data-testid': 'usage' });
  const uploads = h('div', { class: 'uploads', 'data-testid': 'uploads' });
  const tbody = h('tbody', { 'data-testid': 'files-body' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'files-error' });
  const picker = h('input', { type: 'file', multiple: true, id: 'file-picker', class: 'visually-hidden',
    'data-testid': 'file-input' });
  const drop = h('label', { for: 'file-picker', class: 'dropzone', 'data-testid': 'dropzone', tabindex: '0' },
    h('strong', null, t('files.drop')), h('span', { class: 'muted' }, t('files.orPick')));

  async function loadUsage() {
    try {
      const me = await get('/users/me');
      if (disposed || !me || !me.usage) return;
      const storage = me.usage.storage_bytes;
      const files = me.usage.files;
      clear(usage);
      if (storage) {
        usage.append(h('p', null, t('files.storage', { used: formatBytes(storage.used),
          limit: storage.limit ? formatBytes(storage.limit) : t('files.unlimited') })),
        storage.limit ? h('progress', { max: storage.limit, value: storage.used, 'data-testid': 'usage-bar' }) : null);
      }
      if (files) {
        usage.append(h('p', { class: 'muted' }, t('files.count', { used: files.used,
          limit: files.limit ? files.limit : t('files.unlimited') })));
      }
      usage.hidden = false;
    } catch (e) {
      usage.hidden = true; // no /users/me on this server yet: say nothing rather than guess
    }
  }

  async function loadList() {
    try {
      const files = await listAll('/files');
      if (disposed) return;
      clear(tbody);
      if (!files.length) {
        tbody.append(h('tr', null, h('td', { colspan: 4, class: 'muted' }, t('files.none'))));
      }
      for (const file of files) {
        tbody.append(h('tr', { 'data-name': file.name, 'data-testid': 'file-row' },
          h('td', { class: 'mono' }, file.name),
          h('td', null, formatBytes(file.size)),
          h('td', null, formatTime(file.modified_at, i18n.language)),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'small secondary', 'data-testid': 'file-download',
              onclick: () => download(file.name).catch(show) }, t('files.download')),
            h('button', { type: 'button', class: 'small danger', 'data-testid': 'file-delete',
              onclick: () => remove(file.name) }, t('action.delete')))));
      }
    } catch (e) {
      show(e);
    }
  }

  function show(e) {
    message.hidden = false;
    message.textContent = e.message;
  }

  async function remove(name) {
    const ok = await confirmDialog({ title: t('files.deleteTitle'), message: t('files.deleteText', { name }),
      confirm: t('action.delete'), cancel: t('action.cancel') });
    if (!ok) return;
    try {
      await del(`/files/${encodeURIComponent(name)}`);
    } catch (e) {
      show(e);
    }
    loadList();
    loadUsage();
  }

  async function send(fileList) {
    message.hidden = true;
    for (const file of fileList) {
      const bar = h('progress', { max: file.size || 1, value: 0, 'data-testid': 'upload-progress' });
      const note = h('span', { class: 'muted' }, `0 / ${formatBytes(file.size)}`);
      const item = h('div', { class: 'upload', 'data-testid': 'upload-item' }, h('span', { class: 'mono' }, file.name),
        bar, note);
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
      } catch (e) {
        item.dataset.state = 'failed';
        item.classList.add('failed');
        note.textContent = e instanceof ApiError ? e.message : String(e);
      }
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

  main.append(h('section', { class: 'panel wide' },
    h('h1', null, t('files.title')), usage, picker, drop, uploads, message,
    h('table', { class: 'grid', 'data-testid': 'files-table' },
      h('thead', null, h('tr', null, h('th', null, t('files.name')), h('th', null, t('files.size')),
        h('th', null, t('files.modified')), h('th', null, t('containers.col.actions')))), tbody)));
  loadList();
  loadUsage();
  return () => {
    disposed = true;
  };
}
