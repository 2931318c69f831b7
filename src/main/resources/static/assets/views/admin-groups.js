// Admin: groups and their budgets (what the members use together, on top of their own limits), with members added
// by name (a search of the users) and removed. One group's detail opens under the list.

import { del, errorText, get, patch, post, request } from '../core/api.js';
import { clear, h, uid } from '../core/dom.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatBytes, formatTime } from '../core/format.js';
import { adminNav } from '../components/admin-nav.js';
import { confirmDialog } from '../components/dialog.js';
import { enteredLimit, limitInputAttributes, shownLimit, validLimit } from '../components/limits-dialog.js';
import { clearFieldErrors, fieldError, fieldOf } from '../components/forms.js';
import { toast } from '../components/toast.js';

/** The budgets a group can have (the service's Groups.BUDGET_NAMES); CPUs shown and entered as CPUs. */
export const BUDGETS = ['running_containers', 'running_cpus', 'running_memory_bytes', 'volume_bytes'];

/** {name: number} of the filled budget fields; a field left empty is no budget. */
function budgetsOf(inputs) {
  const budgets = {};
  for (const [name, input] of inputs) {
    const value = enteredLimit(name, input.value);
    if (value != null) budgets[name] = value;
  }
  return budgets;
}

/** The first field whose entry is not a number of its kind, or undefined. */
function badBudget(inputs) {
  return [...inputs.values()].find((input) => !validLimit(input.dataset.budget, input.value));
}

function budgetText(budgets) {
  return Object.entries(budgets || {})
    .map(([name, value]) => `${t(`limit.${name}`, null, name)}: ${shownBudget(name, value)}`)
    .join(', ');
}

/** A budget or usage as people read it: CPUs as CPUs (the service's thousandths), memory in bytes' units. */
function shownBudget(name, value) {
  return name.endsWith('_bytes') ? formatBytes(value) : shownLimit(name, value);
}

function budgetInput(budget, attributes) {
  return h('input', {
    id: uid('budget'),
    ...limitInputAttributes(budget),
    dataset: { budget },
    ...attributes,
  });
}

export function render(main) {
  let disposed = false;
  let openId = null;
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'admin-groups-error' });
  const tbody = h('tbody', { 'data-testid': 'groups-body' });
  const detail = h('section', { class: 'panel wide', hidden: true, 'data-testid': 'group-detail' });

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  // The form that makes a group: a name and each budget.
  const nameId = uid('group-name');
  const name = h('input', { id: nameId, maxlength: 64, 'data-testid': 'group-name' });
  const budgetInputs = new Map(
    BUDGETS.map((budget) => [budget, budgetInput(budget, { 'data-testid': `group-budget-${budget}` })]),
  );
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true, 'data-testid': 'group-form' },
    h('div', null, h('label', { for: nameId }, t('admin.groups.name')), name),
    [...budgetInputs].map(([budget, input]) =>
      h('div', null, h('label', { for: input.id }, t('admin.groups.budgetOf', { name: t(`limit.${budget}`) })), input),
    ),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'group-create' }, t('admin.groups.create')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    message.hidden = true;
    if (!name.value.trim()) {
      fieldError(name, t('admin.groups.nameRequired')).focus();
      return;
    }
    const bad = badBudget(budgetInputs);
    if (bad) {
      fieldError(bad, t('admin.limits.whole')).focus();
      return;
    }
    try {
      const group = await post('/admin/groups', { name: name.value.trim(), budgets: budgetsOf(budgetInputs) });
      toast(t('admin.groups.created', { name: group.name }));
      name.value = '';
      for (const input of budgetInputs.values()) input.value = '';
      await load();
      open(group.id);
    } catch (err) {
      if (fieldOf(err, ['name']) === 'name') fieldError(name, errorText(err)).focus();
      else show(err);
    }
  });

  async function load() {
    try {
      const groups = await get('/admin/groups');
      if (disposed) return;
      clear(tbody);
      if (!groups.length) tbody.append(h('tr', null, h('td', { colspan: 5, class: 'muted' }, t('admin.groups.none'))));
      for (const group of groups) {
        tbody.append(
          h(
            'tr',
            { 'data-testid': 'group-row', dataset: { id: group.id, name: group.name } },
            h('td', { 'data-label': t('admin.groups.name') }, group.name),
            h(
              'td',
              { 'data-label': t('admin.groups.budgets') },
              budgetText(group.budgets) || t('admin.groups.noBudget'),
            ),
            h('td', { 'data-label': t('admin.groups.members') }, String(group.members)),
            h('td', { 'data-label': t('containers.col.created') }, formatTime(group.created_at, i18n.language)),
            h(
              'td',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'small secondary',
                  'data-testid': 'group-open',
                  'aria-label': t('action.named', { action: t('admin.groups.open'), name: group.name }),
                  onclick: () => open(group.id),
                },
                t('admin.groups.open'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'data-testid': 'group-delete',
                  'aria-label': t('action.named', { action: t('action.delete'), name: group.name }),
                  onclick: () => remove(group),
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

  async function remove(group) {
    const ok = await confirmDialog({
      title: t('admin.groups.deleteTitle'),
      message: t('admin.groups.deleteText'),
      items: [group.name],
      confirm: t('action.delete'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    try {
      await del(`/admin/groups/${encodeURIComponent(group.id)}`);
      toast(t('admin.groups.deleted', { name: group.name }));
      if (openId === group.id) {
        openId = null;
        detail.hidden = true;
      }
    } catch (e) {
      show(e);
    }
    load();
  }

  /** One group: its budgets against what the members use, its members, and a form to add one by name. */
  async function open(id) {
    openId = id;
    message.hidden = true;
    let group;
    try {
      group = await get(`/admin/groups/${encodeURIComponent(id)}`);
    } catch (e) {
      show(e);
      return;
    }
    if (disposed || openId !== id) return;
    const path = `/admin/groups/${encodeURIComponent(id)}/members`;
    const memberId = uid('member');
    const member = h('input', { id: memberId, 'data-testid': 'member-name', autocomplete: 'off' });
    const add = h(
      'form',
      { class: 'inline-form', novalidate: true, 'data-testid': 'member-form' },
      h('div', null, h('label', { for: memberId }, t('admin.groups.addMember')), member),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'member-add' }, t('admin.groups.add')),
    );
    add.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(add);
      const wanted = member.value.trim();
      try {
        // The API takes a user id; the admin knows a name: the exact match among the search's answers.
        const found = (await get(`/admin/users?q=${encodeURIComponent(wanted)}&limit=100`)).find(
          (user) => user.username === wanted,
        );
        if (!found) {
          fieldError(member, t('admin.groups.noSuchUser', { name: wanted })).focus();
          return;
        }
        await request('PUT', `${path}/${encodeURIComponent(found.id)}`);
        toast(t('admin.groups.added', { name: found.username, group: group.name }));
        await open(id);
        load();
      } catch (err) {
        fieldError(member, errorText(err)).focus();
      }
    });
    const members = h(
      'ul',
      { class: 'members', 'data-testid': 'group-members' },
      group.members.length ? null : h('li', { class: 'muted' }, t('admin.groups.noMembers')),
      group.members.map((m) =>
        h(
          'li',
          { 'data-testid': 'group-member', dataset: { name: m.username || m.user_id } },
          h('span', null, m.username || m.user_id),
          h('span', { class: 'muted' }, term('memberSource', m.source)),
          h(
            'button',
            {
              type: 'button',
              class: 'small secondary',
              'data-testid': 'member-remove',
              'aria-label': t('action.named', { action: t('admin.groups.remove'), name: m.username || m.user_id }),
              onclick: async () => {
                try {
                  await del(`${path}/${encodeURIComponent(m.user_id)}`);
                  toast(t('admin.groups.removed', { name: m.username || m.user_id, group: group.name }));
                  await open(id);
                  load();
                } catch (err) {
                  show(err);
                }
              },
            },
            t('admin.groups.remove'),
          ),
        ),
      ),
    );
    // Usage comes as /users/me gives it: CPUs as CPUs already, memory in bytes.
    const shownUse = (budget, value) => (budget.endsWith('_bytes') ? formatBytes(value) : String(value));
    const usage = Object.entries(group.usage || {}).map(([budget, use]) =>
      h(
        'p',
        { 'data-testid': `group-usage-${budget}` },
        use.limit
          ? t('admin.groups.usage', {
              name: t(`limit.${budget}`, null, budget),
              used: shownUse(budget, use.used),
              limit: shownUse(budget, use.limit),
            })
          : t('admin.groups.usageNoBudget', {
              name: t(`limit.${budget}`, null, budget),
              used: shownUse(budget, use.used),
            }),
      ),
    );
    // The budgets, changed in place: an emptied field removes that budget (null).
    const edits = new Map(
      BUDGETS.map((budget) => [
        budget,
        budgetInput(budget, {
          value: shownLimit(budget, group.budgets?.[budget]),
          'data-testid': `group-edit-budget-${budget}`,
        }),
      ]),
    );
    const budgetForm = h(
      'form',
      { class: 'inline-form', novalidate: true, 'data-testid': 'group-budget-form' },
      [...edits].map(([budget, input]) =>
        h(
          'div',
          null,
          h('label', { for: input.id }, t('admin.groups.budgetOf', { name: t(`limit.${budget}`) })),
          input,
        ),
      ),
      h('button', { type: 'submit', class: 'secondary', 'data-testid': 'group-budget-save' }, t('admin.save')),
    );
    budgetForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(budgetForm);
      const bad = badBudget(edits);
      if (bad) {
        fieldError(bad, t('admin.limits.whole')).focus();
        return;
      }
      const budgets = Object.fromEntries(
        [...edits].map(([budget, input]) => [budget, enteredLimit(budget, input.value)]),
      );
      try {
        await patch(`/admin/groups/${encodeURIComponent(id)}`, { body: { budgets } });
        toast(t('admin.groups.budgetsSaved', { name: group.name }));
        await open(id);
        load();
      } catch (err) {
        show(err);
      }
    });
    clear(detail).append(
      h('h2', { tabindex: '-1', 'data-testid': 'group-title' }, t('admin.groups.detail', { name: group.name })),
      ...usage,
      budgetForm,
      h('h3', null, t('admin.groups.members')),
      members,
      add,
    );
    detail.hidden = false;
  }

  main.append(
    adminNav('groups'),
    h(
      'section',
      { class: 'panel wide' },
      h('h1', null, t('admin.groups.title')),
      message,
      h('h2', null, t('admin.groups.new')),
      form,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid cards', 'data-testid': 'groups-table' },
          h('caption', { class: 'visually-hidden' }, t('admin.groups.title')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['admin.groups.name', 'admin.groups.budgets', 'admin.groups.members', 'containers.col.created'].map(
                (key) => h('th', { scope: 'col' }, t(key)),
              ),
              h('th', { scope: 'col' }, t('containers.col.actions')),
            ),
          ),
          tbody,
        ),
      ),
    ),
    detail,
  );
  load();
  return () => {
    disposed = true;
  };
}
