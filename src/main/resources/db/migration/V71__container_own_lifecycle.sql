-- A container's own lifecycle policy: what its owner asked for at creation (POST /containers "lifecycle"), checked
-- then to be at most its profile's. Milliseconds; 0: not asked, the profile's value applies. The policy round and the
-- container's responses take, for each part, the shorter of this and the profile's that is on (LifecyclePolicy.atMost),
-- so a profile shortened later still wins.
alter table containers add column own_idle_stop_after_ms bigint not null default 0
    check (own_idle_stop_after_ms >= 0);
alter table containers add column own_max_lifetime_ms bigint not null default 0
    check (own_max_lifetime_ms >= 0);
alter table containers add column own_delete_after_stopped_ms bigint not null default 0
    check (own_delete_after_stopped_ms >= 0);
