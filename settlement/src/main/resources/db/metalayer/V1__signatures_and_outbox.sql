-- Metalayer: what guardian validators sign (served over HTTP to relayers) and the relayer's outbox.
-- Migrated with its own history table (flyway_metalayer_history) beside the service's migrations.

-- One row per (origin, message, finality, validator): the checkpoint it signed for that leaf.
create table metalayer_checkpoint_signatures (
    origin_domain    bigint      not null,
    message_id       text        not null,
    finality         text        not null check (finality in ('INSTANT', 'FINALIZED')),
    validator        text        not null,
    merkle_tree_hook text        not null,
    root             text        not null,
    leaf_index       bigint      not null,
    signature        text        not null,
    signed_at        timestamptz not null default now(),
    primary key (origin_domain, message_id, finality, validator)
);

-- The latest state snapshot each validator signed of each rollup (a newer block replaces an older one).
create table metalayer_state_snapshots (
    domain       bigint      not null,
    validator    text        not null,
    block_number bigint      not null,
    block_hash   text        not null,
    state_root   text        not null,
    signature    text        not null,
    signed_at    timestamptz not null,
    primary key (domain, validator)
);
create index metalayer_state_snapshots_latest on metalayer_state_snapshots (domain, block_number desc);

-- Every read attestation a validator gave: the read, the block it ran at and the signed result.
create table metalayer_read_attestations (
    message_id   text        not null,
    read_domain  bigint      not null,
    target       text        not null,
    call_data    bytea       not null,
    block_number bigint      not null,
    block_hash   text        not null,
    result       bytea       not null,
    validator    text        not null,
    signature    text        not null,
    signed_at    timestamptz not null default now(),
    primary key (message_id, read_domain, target, call_data, block_number, validator)
);

-- Each Dispatch the relayer saw, and how far its delivery got. A transaction is stored (hash,
-- nonce, raw bytes, fee) before it is broadcast, so a restart rebroadcasts or confirms that one
-- instead of sending another.
create table metalayer_outbox (
    message_id         text        primary key,
    origin_domain      bigint      not null,
    destination_domain bigint      not null,
    message            bytea       not null,
    origin_block       bigint      not null,
    status             text        not null check (status in ('pending', 'submitted', 'delivered', 'failed')),
    attempts           int         not null default 0,
    reason             text,
    tx_hash            text,
    tx_nonce           bigint,
    raw_tx             text,
    gas_price_wei      numeric(78, 0),
    submitted_at       timestamptz,
    mined_block        bigint,
    next_attempt_at    timestamptz not null default now(),
    dispatched_at      timestamptz not null default now(),
    delivered_at       timestamptz,
    updated_at         timestamptz not null default now()
);
create index metalayer_outbox_open on metalayer_outbox (next_attempt_at) where status in ('pending', 'submitted');

-- Where the relayer's scan of each origin's Dispatch events goes on from.
create table metalayer_relayer_cursor (
    origin_domain bigint primary key,
    next_block    bigint not null
);
