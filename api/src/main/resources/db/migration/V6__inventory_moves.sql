-- Moves of the solver's inventory between rollups through Hyperlane warp routes. A move is written
-- before its transfer is signed, and the signed transfer (raw_tx) before it is sent, so a restart
-- sends the same bytes again instead of signing a second transfer.
create table inventory_moves (
    id            uuid primary key,
    symbol        text          not null,
    from_chain_id bigint        not null,
    to_chain_id   bigint        not null,
    token_from    text          not null,
    token_to      text          not null,
    router        text          not null,
    amount        numeric(78,0) not null check (amount > 0),
    status        text          not null,
    tx_hash       text,
    raw_tx        text,
    tx_nonce      numeric(78,0),
    message_id    text,
    reason        text,
    created_at    timestamptz   not null default now(),
    updated_at    timestamptz   not null default now(),
    constraint inventory_moves_status check (status in ('planned','signed','dispatched','delivered','failed')),
    constraint inventory_moves_two_rollups check (from_chain_id <> to_chain_id)
);
-- one unfinished move per symbol: two moves never spend one surplus
create unique index inventory_moves_one_open_per_symbol on inventory_moves (symbol)
    where status in ('planned','signed','dispatched');
create index inventory_moves_newest on inventory_moves (created_at desc);
