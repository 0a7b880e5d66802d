-- Every accepted intent, its lifecycle and what the chain did with it.
-- Amounts are base units: numeric(78,0) holds any uint256 exactly.
create table intents (
    id                  uuid primary key,
    intent_hash         text        not null unique,
    user_address        text        not null,
    recipient           text        not null,
    nonce               numeric(78,0) not null,
    origin_chain_id     bigint      not null,
    destination_chain_id bigint     not null,
    token_in            text        not null,
    amount_in           numeric(78,0) not null,
    token_out           text        not null,
    min_amount_out      numeric(78,0) not null,
    deadline            bigint      not null,
    signature           text        not null,
    status              text        not null,
    reason              text,
    quoted_amount_out   numeric(78,0),
    realised_amount_out numeric(78,0),
    route               text,
    tx_hash             text,
    raw_tx              text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    -- a nonce is single-use per user and origin chain, as on the settler
    constraint intents_nonce_once unique (origin_chain_id, user_address, nonce),
    constraint intents_status check (status in ('received','routed','submitted','filled','rejected','failed'))
);
create index intents_unfinished on intents (created_at) where status in ('received','routed','submitted');

create table intent_events (
    id        bigserial primary key,
    intent_id uuid        not null references intents (id),
    status    text        not null,
    detail    text,
    at        timestamptz not null default now()
);
create index intent_events_by_intent on intent_events (intent_id, id);

-- Double-entry lines of each verified fill; per (chain, token, tx) they sum to zero.
create table ledger_entries (
    id        bigserial primary key,
    intent_id uuid          not null references intents (id),
    chain_id  bigint        not null,
    token     text          not null,
    account   text          not null,
    delta     numeric(79,0) not null,
    tx_hash   text          not null,
    at        timestamptz   not null default now()
);
create index ledger_by_intent on ledger_entries (intent_id);
