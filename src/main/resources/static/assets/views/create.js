// Create a container: image, command, environment rows and files from the user's space; "start it" is ticked by
// default. Then the job's progress, step by step: the image (with pulled bytes), the container, and (the API's create
// never starts, by contract) the start this page asks for once the job completed. Errors stand at their field.

import { errorText, get, listAll, messageText, patch, post } from '../core/api.js';
import { clear, h, uid } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { t } from '../core/i18n.js';
import { formatBytes, idleChoices, isoDuration, isoSeconds, splitCommand } from '../core/format.js';
import { clearFieldErrors, fieldError, fieldOf } from '../components/forms.js';
import { toast } from '../components/toast.js';

const prefs = { start: true };

/** A duration in words for the idle stop choice: "30 min", "2 h", "1 h 30 min", "45 s". */
function durationWords(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return m > 0 ? t('lifecycle.hours', { h, m }) : t('create.hours', { h });
  if (m > 0) return t('lifecycle.minutes', { m });
  return t('create.seconds', { s: seconds });
}

export function render(main, { navigate }) {
  let disposed = false;
  let pollTimer = null;
  let unsubscribeJobs = null;
  const image = h('input', {
    id: 'image',
    required: true,
    placeholder: 'alpine:3.20',
    'data-testid': 'image',
    autocomplete: 'off',
  });
  const name = h('input', {
    id: 'name',
    placeholder: 'web',
    'data-testid': 'name',
    autocomplete: 'off',
    class: 'mono',
    'aria-describedby': 'name-hint',
  });
  const profile = h('select', { id: 'profile', 'data-testid': 'profile', 'aria-describedby': 'profile-size' });
  const profileSize = h('small', { class: 'hint', id: 'profile-size', 'data-testid': 'profile-size' });
  const budget = h('p', { class: 'muted', hidden: true, 'data-testid': 'budget' });
  const idleStop = h('select', { id: 'idle-stop', 'data-testid': 'idle-stop', 'aria-describedby': 'idle-stop-hint' });
  const idleStopField = h(
    'div',
    { hidden: true, 'data-testid': 'idle-stop-field' },
    h('label', { for: 'idle-stop' }, t('create.idleStop')),
    idleStop,
    h('small', { class: 'hint', id: 'idle-stop-hint' }, t('create.idleStopHint')),
  );
  let profiles = [];
  const cmd = h('input', {
    id: 'cmd',
    placeholder: 'sh -c "echo hello; sleep 3600"',
    'data-testid': 'cmd',
    autocomplete: 'off',
    class: 'mono',
    'aria-describedby': 'cmd-hint',
  });
  const start = h('input', { type: 'checkbox', id: 'start', checked: prefs.start, 'data-testid': 'create-start' });
  const envList = h('div', { class: 'env-rows', 'data-testid': 'env-rows' });
  const fileList = h('div', { class: 'file-choices', 'data-testid': 'file-choices' }, t('common.loading'));
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'create-error' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-submit' });
  const jobPanel = h('section', {
    class: 'panel job',
    hidden: true,
    'data-testid': 'job-panel',
    'aria-live': 'polite',
    'aria-labelledby': 'job-title',
  });
  let envCount = 0;

  function submitLabel() {
    submit.textContent = start.checked ? t('create.submitStart') : t('create.submit');
  }
  start.addEventListener('change', () => {
    prefs.start = start.checked;
    submitLabel();
  });

  function envRow(key = '', value = '') {
    envCount += 1;
    const n = envCount;
    const row = h(
      'div',
      { class: 'env-row', 'data-testid': 'env-row' },
      h('input', {
        placeholder: t('create.envKey'),
        value: key,
        class: 'env-key mono',
        'aria-label': t('create.envKeyN', { n }),
        'data-testid': 'env-key',
      }),
      h('span', { 'aria-hidden': 'true' }, '='),
      h('input', {
        placeholder: t('create.envValue'),
        value,
        class: 'env-value mono',
        'aria-label': t('create.envValueN', { n }),
        'data-testid': 'env-value',
      }),
      h(
        'button',
        {
          type: 'button',
          class: 'small secondary',
          'aria-label': t('create.envRemoveN', { n }),
          onclick: () => row.remove(),
        },
        '×',
      ),
    );
    envList.append(row);
  }

  /** The chosen profile's size and images, in words. */
  function describeProfile() {
    const chosen = profiles.find((p) => p.name === profile.value);
    if (!chosen) {
      profileSize.textContent = '';
      return;
    }
    const size = t('create.profileSize', {
      cpus: chosen.cpus,
      memory: formatBytes(chosen.memory_bytes),
      pids: chosen.pids,
    });
    const images = chosen.images?.length
      ? t('create.profileImages', { images: chosen.images.join(', ') })
      : t('create.profileAnyImage');
    profileSize.textContent = `${size} ${images}`;
    idleStopChoices(chosen);
  }

  /** "Stop when idle after": the profile's own (the default), or a shorter one; hidden for a server without it. */
  function idleStopChoices(chosen) {
    const bound = isoSeconds(chosen?.idle_stop_after);
    idleStopField.hidden = bound === null;
    if (bound === null) return;
    const previous = idleStop.value;
    idleStop.replaceChildren(
      h(
        'option',
        { value: '' },
        bound > 0 ? t('create.idleStopProfile', { time: durationWords(bound) }) : t('create.idleStopNever'),
      ),
      ...idleChoices(bound).map((seconds) =>
        h(
          'option',
          { value: isoDuration(seconds), selected: isoDuration(seconds) === previous },
          durationWords(seconds),
        ),
      ),
    );
  }
  profile.addEventListener('change', describeProfile);

  get('/profiles')
    .then((list) => {
      if (disposed || !Array.isArray(list)) return;
      profiles = list;
      profile.replaceChildren(
        ...list.map((p) =>
          h(
            'option',
            { value: p.name, selected: p.default },
            p.default ? t('create.profileDefault', { name: p.name }) : p.name,
          ),
        ),
      );
      describeProfile();
    })
    .catch(() => {
      profile.disabled = true; // a server without profiles: the default applies
    });

  get('/users/me')
    .then((me) => {
      const cpus = me?.usage?.running_cpus;
      const memory = me?.usage?.running_memory_bytes;
      if (disposed || !cpus || !memory) return;
      const cpuText = cpus.limit
        ? t('create.budgetCpus', { used: cpus.used, limit: cpus.limit })
        : t('create.budgetCpusUnlimited', { used: cpus.used });
      const memoryText = memory.limit
        ? t('create.budgetMemory', { used: formatBytes(memory.used), limit: formatBytes(memory.limit) })
        : t('create.budgetMemoryUnlimited', { used: formatBytes(memory.used) });
      budget.textContent = `${cpuText} ${memoryText}`;
      budget.hidden = false;
    })
    .catch(() => {
      /* no usage on this server: say nothing */
    });

  listAll('/files')
    .then((files) => {
      if (disposed) return;
      clear(fileList);
      if (!files.length) {
        fileList.append(
          h('p', { class: 'muted' }, t('create.noFiles'), ' ', h('a', { href: '/ui/files' }, t('nav.files'))),
        );
        return;
      }
      for (const file of files) {
        fileList.append(
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'checkbox', value: file.name, 'data-testid': 'file-choice' }),
            h('span', { class: 'mono' }, file.name),
            h('span', { class: 'muted' }, formatBytes(file.size)),
          ),
        );
      }
    })
    .catch((e) => {
      clear(fileList).append(h('p', { class: 'message error' }, errorText(e)));
    });

  // The caller's volumes, each with a mount box, its path (the first at /data, others under /mnt) and read-only.
  const volumeList = h('div', { class: 'volume-choices', 'data-testid': 'volume-choices' });
  get('/volumes')
    .then((volumes) => {
      if (disposed) return;
      clear(volumeList);
      if (!volumes.length) {
        volumeList.append(
          h('p', { class: 'muted' }, t('create.noVolumes'), ' ', h('a', { href: '/ui/volumes' }, t('nav.volumes'))),
        );
        return;
      }
      volumes.forEach((volume, index) => {
        const pathId = uid('volume-path');
        const mount = h('input', { type: 'checkbox', value: volume.name, 'data-testid': 'volume-choice' });
        const path = h('input', {
          id: pathId,
          class: 'mono volume-path',
          value: index === 0 ? '/data' : `/mnt/${volume.name}`,
          'data-testid': 'volume-path',
        });
        const readOnly = h('input', { type: 'checkbox', 'data-testid': 'volume-read-only' });
        volumeList.append(
          h(
            'div',
            { class: 'volume-choice', 'data-testid': 'volume-choice-row', dataset: { name: volume.name } },
            h(
              'label',
              { class: 'check' },
              mount,
              h('span', { class: 'mono' }, volume.name),
              h('span', { class: 'muted' }, formatBytes(volume.size_bytes)),
            ),
            h('label', { for: pathId }, t('create.volumePath', { name: volume.name })),
            path,
            h('label', { class: 'check' }, readOnly, t('create.volumeReadOnly')),
          ),
        );
      });
    })
    .catch(() => {
      clear(volumeList); // a server without volumes: nothing to offer
    });

  /** Where the job is: [{key, state, note}] for pull, create and (when asked) start. */
  function steps(job, startState) {
    const progress = job.progress;
    const pulled = progress && progress.total > 0 && progress.current >= progress.total;
    const out = [];
    if (job.status === 'pending') out.push({ key: 'pull', state: 'waiting' });
    else if (job.status === 'running') out.push({ key: 'pull', state: pulled ? 'done' : 'active', progress });
    else out.push({ key: 'pull', state: job.status === 'failed' && !pulled ? 'failed' : 'done' });
    if (job.status === 'completed') out.push({ key: 'create', state: 'done' });
    else if (job.status === 'failed') out.push({ key: 'create', state: pulled ? 'failed' : 'skipped' });
    else out.push({ key: 'create', state: pulled ? 'active' : 'waiting' });
    if (job.start) out.push({ key: 'start', state: startState || (job.status === 'failed' ? 'skipped' : 'waiting') });
    return out;
  }

  function showJob(job, startState = null, startError = null) {
    jobPanel.hidden = false;
    jobPanel.dataset.status = job.status;
    jobPanel.dataset.start = startState || '';
    const items = [
      h('h2', { id: 'job-title' }, t('create.jobTitle')),
      h(
        'p',
        null,
        h(
          'span',
          { class: `state state-${job.status}`, 'data-testid': 'job-status' },
          t(`job.${job.status}`, null, job.status),
        ),
        ' ',
        h('span', { class: 'mono muted' }, job.id),
      ),
      h(
        'ol',
        { class: 'steps', 'data-testid': 'job-steps' },
        steps(job, startState).map((step) =>
          h(
            'li',
            { class: `step step-${step.state}`, dataset: { step: step.key, state: step.state } },
            h('span', { class: 'step-mark', 'aria-hidden': 'true' }),
            h(
              'span',
              null,
              t(`create.step.${step.key}`),
              ' ',
              h('span', { class: 'muted' }, t(`create.stepState.${step.state}`)),
            ),
            step.progress
              ? h(
                  'span',
                  { class: 'step-progress' },
                  h('progress', {
                    max: step.progress.total > 0 ? step.progress.total : 1,
                    value: step.progress.total > 0 ? step.progress.current : 0,
                    'aria-label': t('create.step.pull'),
                    'data-testid': 'job-progress',
                  }),
                  h(
                    'span',
                    { class: 'muted' },
                    step.progress.total > 0
                      ? `${formatBytes(step.progress.current)} / ${formatBytes(step.progress.total)}`
                      : formatBytes(step.progress.current),
                  ),
                )
              : step.state === 'active'
                ? h('progress', {
                    'aria-label': t(`create.step.${step.key}`),
                    'data-testid': 'job-progress',
                  })
                : null,
          ),
        ),
      ),
    ];
    if (job.error) {
      items.push(
        h(
          'p',
          { class: job.status === 'failed' ? 'message error' : 'message info', 'data-testid': 'job-error' },
          messageText(job.error, job.error_code),
        ),
      );
    }
    if (startError) items.push(h('p', { class: 'message error', 'data-testid': 'start-error' }, startError));
    if (job.status === 'completed' && job.result && (!job.start || startState === 'done' || startState === 'failed')) {
      const id = job.result.container_id;
      const inList = feed.containers.some((row) => row.id === id);
      const key = startState === 'done' ? 'create.running' : inList ? 'create.inList' : 'create.completed';
      items.push(
        h('p', { class: 'message ok', 'data-testid': 'job-done' }, t(key)),
        h(
          'div',
          { class: 'actions' },
          h(
            'a',
            { href: `/ui/containers/${id}`, class: 'button primary', 'data-testid': 'open-container' },
            t('create.open'),
          ),
          h(
            'a',
            { href: '/ui/containers', class: 'button secondary', 'data-testid': 'back-to-list' },
            t('create.backToList'),
          ),
        ),
      );
    }
    jobPanel.replaceChildren(...items);
  }

  async function startContainer(job) {
    showJob(job, 'active');
    try {
      await patch(`/containers/${job.result.container_id}/start`);
      if (disposed) return;
      await feed.changed();
      showJob(job, 'done');
      toast(t('create.startedToast'));
    } catch (e) {
      if (disposed) return;
      showJob(job, 'failed', t('create.startFailed', { message: errorText(e) }));
      toast(t('create.startFailed', { message: errorText(e) }), 'error');
    }
  }

  async function follow(jobId, withStart) {
    let latest = { id: jobId, status: 'pending', start: withStart };
    showJob(latest);
    unsubscribeJobs = feed.subscribeJobs((event) => {
      if (event.job_id !== jobId || disposed || latest.status === 'completed' || latest.status === 'failed') return;
      latest = {
        ...latest,
        status: event.status,
        progress: event.progress,
        result: event.result,
        error: event.error,
      };
      if (event.status === 'running' || event.status === 'pending') showJob(latest);
    });
    // Polling as well: events may be unavailable or dropped, and one read is cheap.
    const poll = async () => {
      if (disposed) return;
      try {
        latest = { ...latest, ...(await get(`/jobs/${jobId}`)), start: withStart };
      } catch (e) {
        latest = { ...latest, error: errorText(e) };
      }
      if (disposed) return;
      if (latest.status === 'completed') {
        await feed.changed(); // the container is in the list before we say so
        submit.disabled = false;
        if (withStart) await startContainer(latest);
        else {
          showJob(latest);
          toast(t('create.createdToast'));
        }
        return;
      }
      showJob(latest);
      if (latest.status === 'failed') {
        submit.disabled = false;
        toast(t('create.failedToast', { message: messageText(latest.error || '', latest.error_code) }), 'error');
        return;
      }
      pollTimer = setTimeout(poll, 500);
    };
    poll();
  }

  /** Checks the form here first; returns the request body, or null after marking what is wrong. */
  function requestBody() {
    const form = main.querySelector('form');
    clearFieldErrors(form);
    message.hidden = true;
    let invalid = null;
    const mark = (input, text, after) => {
      fieldError(input, text, after);
      invalid = invalid || input;
    };
    const body = { image: image.value.trim(), env: [] };
    if (!body.image) mark(image, t('create.imageRequired'));
    const wanted = name.value.trim();
    if (wanted && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(wanted)) mark(name, t('create.badName'));
    else if (wanted) body.name = wanted;
    if (profile.value) body.profile = profile.value;
    if (!idleStopField.hidden && idleStop.value) body.lifecycle = { idle_stop_after: idleStop.value };
    try {
      const args = splitCommand(cmd.value);
      if (args.length) body.cmd = args;
    } catch {
      mark(cmd, t('create.badCommand'));
    }
    [...envList.querySelectorAll('.env-row')].forEach((row, index) => {
      const keyInput = row.querySelector('.env-key');
      const key = keyInput.value.trim();
      const value = row.querySelector('.env-value').value;
      if (!key && !value) return;
      if (!key) mark(keyInput, t('create.envMissingKey', { n: index + 1 }), row);
      else if (key.includes('=')) mark(keyInput, t('create.envKeyEquals', { n: index + 1 }), row);
      else body.env.push(`${key}=${value}`);
    });
    const files = [...fileList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
    if (files.length) body.files = files;
    const mounts = [...volumeList.querySelectorAll('.volume-choice')]
      .filter((row) => row.querySelector('[data-testid=volume-choice]').checked)
      .map((row) => ({
        volume: row.dataset.name,
        path: row.querySelector('.volume-path').value.trim(),
        read_only: row.querySelector('[data-testid=volume-read-only]').checked,
      }));
    if (mounts.length) body.volumes = mounts;
    if (invalid) {
      invalid.focus();
      return null;
    }
    return body;
  }

  function serverError(err) {
    const field = fieldOf(err, ['image', 'name', 'profile', 'lifecycle', 'cmd', 'env', 'files']);
    const text =
      err.status === 429 && err.retryAfter
        ? `${errorText(err)} ${t('create.retryAfter', { seconds: err.retryAfter })}`
        : errorText(err);
    const input = {
      image,
      name,
      profile,
      lifecycle: idleStop,
      cmd,
      env: envList.querySelector('.env-key'),
      files: null,
    }[field];
    if (input) {
      fieldError(input, text, field === 'env' ? input.closest('.env-row') : input);
      input.focus();
    } else {
      message.hidden = false;
      message.textContent = text;
    }
  }

  async function onSubmit(e) {
    e.preventDefault();
    const body = requestBody();
    if (!body) return;
    submit.disabled = true;
    try {
      const accepted = await post('/containers', body);
      clearTimeout(pollTimer);
      unsubscribeJobs?.();
      follow(accepted.job_id, start.checked);
    } catch (err) {
      serverError(err);
      submit.disabled = false;
    }
  }

  envRow();
  submitLabel();
  main.append(
    h(
      'section',
      { class: 'panel' },
      h('h1', null, t('create.title')),
      h(
        'form',
        { onsubmit: onSubmit, novalidate: true, 'data-testid': 'create-form' },
        h('label', { for: 'image' }, t('create.image')),
        image,
        h('label', { for: 'name' }, t('create.name')),
        name,
        h('small', { class: 'hint', id: 'name-hint' }, t('create.nameHint')),
        h('label', { for: 'profile' }, t('create.profile')),
        profile,
        profileSize,
        budget,
        idleStopField,
        h('label', { for: 'cmd' }, t('create.cmd')),
        cmd,
        h('small', { class: 'hint', id: 'cmd-hint' }, t('create.cmdHint')),
        h(
          'fieldset',
          null,
          h('legend', null, t('create.env')),
          envList,
          h(
            'button',
            { type: 'button', class: 'small secondary', 'data-testid': 'env-add', onclick: () => envRow() },
            t('create.envAdd'),
          ),
        ),
        h(
          'fieldset',
          null,
          h('legend', null, t('create.files')),
          fileList,
          h('small', { class: 'hint' }, t('create.filesHint')),
        ),
        h(
          'fieldset',
          null,
          h('legend', null, t('create.volumes')),
          volumeList,
          h('small', { class: 'hint' }, t('create.volumesHint')),
        ),
        h('label', { class: 'check start-choice', for: 'start' }, start, t('create.startAfter')),
        message,
        h(
          'div',
          { class: 'actions' },
          submit,
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => navigate('/ui/containers') },
            t('action.cancel'),
          ),
        ),
      ),
    ),
    jobPanel,
  );
  image.focus();
  return () => {
    disposed = true;
    clearTimeout(pollTimer);
    unsubscribeJobs?.();
  };
}
