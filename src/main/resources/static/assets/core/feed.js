// The live feed's client: the caller's containers, kept current from GET /events (resumed with Last-Event-ID), or
// by polling GET /containers where the service has no /events. Views subscribe; nothing here touches the DOM, so an
// update can never reset what the user typed, sorted or selected.

import { ApiError, listAll, request, stream } from './api.js';
import { applyContainerEvent } from './containers.js';

const POLL_WITHOUT_EVENTS_MS = 5000;
const POLL_WITH_EVENTS_MS = 60000; // the engine's event stream is lossy: a slow re-list as a safety net

class Feed {
  constructor() {
    this.containers = [];
    this.loaded = false;
    this.error = null;
    this.mode = 'connecting'; // 'live' (events), 'polling' (no /events here), 'retrying'
    this.listeners = new Set();
    this.jobListeners = new Set();
    this.containerListeners = new Set();
    /** The lifecycle policy's warnings ({container_id, reason, stops_at}) by container, until kept or stopped. */
    this.warnings = new Map();
    this.abort = null;
    this.timer = null;
    this.lastEventId = null;
    this.refreshing = null;
    this.again = false;
    this.running = false;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Job events ({job_id, status, progress, ...}) for views that follow one job. */
  subscribeJobs(listener) {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  /** Container events ({container_id, action, status, exit_code?}) as they come, for views that follow one. */
  subscribeContainers(listener) {
    this.containerListeners.add(listener);
    return () => this.containerListeners.delete(listener);
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.refresh();
    this.connect();
  }

  stop() {
    this.running = false;
    this.abort?.abort();
    clearTimeout(this.timer);
    this.containers = [];
    this.loaded = false;
    this.lastEventId = null;
  }

  /**
   * Re-lists the containers; a call while a list is in flight shares it, and one more list follows it (the one in
   * flight may have been read before what the call is about: a container whose job completed meanwhile).
   */
  refresh() {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = listAll('/containers')
      .then((rows) => {
        // The list has no exit codes; those the feed told of stay with their rows while they stay exited.
        const codes = new Map(this.containers.filter((r) => r.exit_code != null).map((r) => [r.id, r]));
        this.containers = rows.map((row) => {
          const known = codes.get(row.id);
          return known && known.status === row.status ? { ...row, exit_code: known.exit_code } : row;
        });
        this.loaded = true;
        this.error = null;
      })
      .catch((e) => {
        if (e.status !== 401) this.error = e;
      })
      .finally(() => {
        this.refreshing = null;
        this.notify();
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
    return this.refreshing;
  }

  schedulePoll(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      if (!this.running) return;
      await this.refresh();
      this.schedulePoll(this.mode === 'live' ? POLL_WITH_EVENTS_MS : POLL_WITHOUT_EVENTS_MS);
    }, ms);
  }

  async connect() {
    let backoff = 1000;
    while (this.running) {
      this.abort = new AbortController();
      try {
        await stream('/events', (event) => this.onEvent(event), {
          signal: this.abort.signal,
          lastEventId: this.lastEventId,
          onOpen: () => {
            this.mode = 'live';
            this.schedulePoll(POLL_WITH_EVENTS_MS);
            this.notify();
          },
        });
        backoff = 1000; // ended normally: reconnect soon, resuming after the last id
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } catch (e) {
        if (!this.running || e.name === 'AbortError') return;
        if (e instanceof ApiError && (e.endpointMissing || e.status === 401)) {
          this.mode = e.status === 401 ? this.mode : 'polling';
          this.notify();
          this.schedulePoll(POLL_WITHOUT_EVENTS_MS);
          return;
        }
        this.mode = 'retrying';
        this.notify();
        this.schedulePoll(POLL_WITHOUT_EVENTS_MS);
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 30000);
      }
    }
  }

  onEvent(event) {
    if (event.id) this.lastEventId = event.id;
    let data = null;
    try {
      data = event.data ? JSON.parse(event.data) : null;
    } catch {
      return;
    }
    if (event.event === 'reset') {
      this.refresh();
    } else if (event.event === 'container' && data) {
      for (const listener of this.containerListeners) listener(data);
      const known = this.containers.some((row) => row.id === data.container_id);
      if (!known && data.action !== 'removed') {
        this.refresh(); // a new container: learn its name, image and command
        return;
      }
      this.containers = applyContainerEvent(this.containers, data);
      this.notify();
    } else if (event.event === 'container.stopping_soon' && data) {
      this.warnings.set(data.container_id, data);
      this.containers = this.containers.map((row) =>
        row.id === data.container_id ? { ...row, stops_at: data.stops_at, stop_reason: data.reason } : row,
      );
      this.notify();
    } else if (
      (event.event === 'container.stopped_by_policy' || event.event === 'container.deleted_by_policy') &&
      data
    ) {
      this.warnings.delete(data.container_id);
      this.refresh();
    } else if (event.event === 'job' && data) {
      for (const listener of this.jobListeners) listener(data);
      if (data.status === 'completed') this.refresh();
    }
  }

  /** Keeps a container running (counts as activity): its warning goes, its row gets the new stops_at. */
  async keepalive(id) {
    const answer = await request('POST', `/containers/${id}/keepalive`);
    this.warnings.delete(id);
    const stopsAt = answer && answer.stops_at;
    this.containers = this.containers.map((row) => (row.id === id ? { ...row, stops_at: stopsAt } : row));
    this.notify();
    return stopsAt;
  }

  /** After the user's own action: a quick re-list, whatever the mode, so the row shows the outcome at once. */
  changed() {
    return this.refresh();
  }
}

export const feed = new Feed();
