-- Users' volumes: the name the user gave (unique among theirs), the size its file system holds, and the service's
-- id, which names it on the engine and is never reused. Created and removed under the owner's limit lock
-- (limits.UserLock), which holds limits.volumes and limits.volume_bytes across instances.
create table volumes (
    id uuid primary key,
    owner_id bigint not null,
    name text not null,
    size_bytes bigint not null check (size_bytes > 0),
    created_at timestamptz not null default now(),
    unique (owner_id, name)
);

-- Which container mounts which volume where: written with the container's ownership row, gone with it (cascade); a
-- volume some row still names cannot be removed (restrict), so a delete is 409 while a container mounts it.
create table container_volumes (
    container_id text not null references containers (id) on delete cascade,
    volume_id uuid not null references volumes (id) on delete restrict,
    path text not null,
    read_only boolean not null,
    primary key (container_id, path)
);
create index container_volumes_volume on container_volumes (volume_id);
