// Create a container: image, command, environment rows and files from the user's space; then the job's progress
// (pull bytes while pulling) until the container is in the list, or the job's error.

import { get, listAll, post } from '../api.js';
import { clear, h } from '../dom.js';
import { t } from '../lib/i18n.js';
import { envStrings, formatBytes, splitCommand } from '../lib/format.js';
import { live } from '../live.js';

export function render(main, { navigate }) {
  let disposed = false;
  let pollTimer = null;
  let unsubscribeJobs = null;
  const image = h('input', { id: 'image', required: true, placeholder: 'alpine:3.20', 'data-testid': 'image',
    autocomplete: 'off' });
  const cmd = h('input', { id: 'cmd', placeholder: 'sh -c "echo hello; sleep 3600"', 'data-testid': 'cmd',
    autocomplete: 'off', class: 'mono' });
  const envList = h('div', { class: 'env-rows', 'data-testid': 'env-rows' });
  const fileList = h('div', { class: 'file-choices', 'data-testid': 'file-choices' }, t('common.loading'));
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'create-error' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-submit' }, t('create.submit'));
  const jobPanel = h('section', { class: 'panel job', hidden: true, 'data-testid': 'job-panel', 'aria-live': 'polite' });

  function envRow(key = '', value = '') {
    const row = h('div', { class: 'env-row', 'data-testid': 'env-row' },
      h('input', { placeholder: t('create.envKey'), value: key, class: 'env-key mono', 'aria-label': t('create.envKey'),
        'data-testid': 'env-key' }),
      h('span', null, '='),
      h('input', { placeholder: t('create.envValue'), value, class: 'env-value mono', 'aria-label': t('create.envValue'),
        'data-testid': 'env-value' }),
      h('button', { type: 'button', class: 'small secondary', 'aria-label': t('create.envRemove'),
        onclick: () => row.remove() }, '×'));
    envList.append(row);
  }

  listAll('/files').then((files) => {
    if (disposed) return;
    clear(fileList);
    if (!files.length) {
      fileList.append(h('p', { class: 'muted' }, t('create.noFiles'), ' ',
        h('a', { href: '/ui/files' }, t('nav.files'))));
      return;
    }
    for (const file of files) {
      fileList.append(h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: file.name, 'data-testid': 'file-choice' }),
        h('span', { class: 'mono' }, file.name), h('span', { class: 'muted' }, formatBytes(file.size))));
    }
  }).catch((e) => {
    clear(fileList).append(h('p', { class: 'message error' }, e.message));
  });

  function showJob(job) {
    clear(jobPanel);
    jobPanel.hidden = false;
    jobPanel.dataset.status = job.status;
    const items = [h('h2', null, t('create.jobTitle')),
      h('p', null, h('span', { class: `state state-${job.status}`, 'data-testid': 'job-status' },
        t(`job.${job.status}`, null, job.status)), ' ', h('span', { class: 'mono muted' }, job.id))];
    if (job.progress && (job.status === 'running' || job.status === 'pending')) {
      const { current, total } = job.progress;
      items.push(h('p', null, t('create.pulling')),
        h('progress', { max: total > 0 ? total : 1, value: total > 0 ? current : 0, 'data-testid': 'job-progress' }),
        h('p', { class: 'muted' }, total > 0 ? `${formatBytes(current)} / ${formatBytes(total)}` : formatBytes(current)));
    } else if (job.status === 'pending' || job.status === 'running') {
      items.push(h('progress', { 'data-testid': 'job-progress' }));
    }
    if (job.error) {
      items.push(h('p', { class: job.status === 'failed' ? 'message error' : 'message info', role: 'alert',
        'data-testid': 'job-error' }, job.error));
    }
    if (job.status === 'completed' && job.result) {
      const id = job.result.container_id;
      const inList = live.containers.some((row) => row.id === id);
      items.push(h('p', { class: 'message ok', 'data-testid': 'job-done' },
        inList ? t('create.inList') : t('create.completed')),
      h('div', { class: 'actions' },
        h('a', { href: `/ui/containers/${id}`, class: 'button primary', 'data-testid': 'open-container' },
          t('create.open')),
        h('a', { href: '/ui/containers', class: 'button secondary', 'data-testid': 'back-to-list' },
          t('create.backToList'))));
    }
    jobPanel.replaceChildren(...items);
  }

  async function follow(jobId) {
    let latest = { id: jobId, status: 'pending' };
    showJob(latest);
    unsubscribeJobs = live.subscribeJobs((event) => {
      if (event.job_id !== jobId || disposed) return;
      latest = { ...latest, status: event.status, progress: event.progress, result: event.result, error: event.error };
      showJob(latest);
    });
    // Polling as well: events may be unavailable or dropped, and one read is cheap.
    const poll = async () => {
      if (disposed) return;
      try {
        latest = await get(`/jobs/${jobId}`);
      } catch (e) {
        latest = { ...latest, error: e.message };
      }
      if (latest.status === 'completed') {
        await live.changed(); // the container is in the list before we say so
        showJob(latest);
        submit.disabled = false;
        return;
      }
      showJob(latest);
      if (latest.status === 'failed') {
        submit.disabled = false;
        return;
      }
      pollTimer = setTimeout(poll, 500);
    };
    poll();
  }

  async function onSubmit(e) {
    e.preventDefault();
    message.hidden = true;
    let body;
    try {
      const envRows = [...envList.querySelectorAll('.env-row')].map((row) => ({
        key: row.querySelector('.env-key').value, value: row.querySelector('.env-value').value }));
      body = { image: image.value.trim(), env: envStrings(envRows) };
      const args = splitCommand(cmd.value);
      if (args.length) body.cmd = args;
      const files = [...fileList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
      if (files.length) body.files = files;
    } catch (err) {
      message.hidden = false;
      message.textContent = t(err.message === 'unclosed quote' ? 'create.badCommand' : 'create.badEnv');
      return;
    }
    submit.disabled = true;
    try {
      const accepted = await post('/containers', body);
      clearTimeout(pollTimer);
      unsubscribeJobs?.();
      follow(accepted.job_id);
    } catch (err) {
      message.hidden = false;
      message.textContent = err.status === 429 && err.retryAfter
        ? `${err.message} ${t('create.retryAfter', { seconds: err.retryAfter })}` : err.message;
      submit.disabled = false;
    }
  }

  envRow();
  main.append(h('section', { class: 'panel' },
    h('h1', null, t('create.title')),
    h('form', { onsubmit: onSubmit, novalidate: true, 'data-testid': 'create-form' },
      h('label', { for: 'image' }, t('create.image')), image,
      h('label', { for: 'cmd' }, t('create.cmd')), cmd, h('small', { class: 'hint' }, t('create.cmdHint')),
      h('fieldset', null, h('legend', null, t('create.env')), envList,
        h('button', { type: 'button', class: 'small secondary', 'data-testid': 'env-add', onclick: () => envRow() },
          t('create.envAdd'))),
      h('fieldset', null, h('legend', null, t('create.files')), fileList,
        h('small', { class: 'hint' }, t('create.filesHint'))),
      message,
      h('div', { class: 'actions' }, submit,
        h('button', { type: 'button', class: 'secondary', onclick: () => navigate('/ui/containers') },
          t('action.cancel'))))),
  jobPanel);
  image.focus();
  return () => {
    disposed = true;
    clearTimeout(pollTimer);
    unsubscribeJobs?.();
  };
}
