-- Cross-rollup orders (ERC-7683 GaslessCrossChainOrder with MetarouteOrder data) and their saga.
-- tx_* hold the current step's signed transaction, stored before it is sent.
create table cross_orders (
    id                   uuid primary key,
    order_id             text          not null unique,
    origin_settler       text          not null,
    user_address         text          not null,
    nonce                numeric(78,0) not null,
    origin_chain_id      bigint        not null,
    open_deadline        bigint        not null,
    fill_deadline        bigint        not null,
    token_in             text          not null,
    amount_in            numeric(78,0) not null,
    destination_chain_id bigint        not null,
    token_out            text          not null,
    min_amount_out       numeric(78,0) not null,
    recipient            text          not null,
    finality             smallint      not null,
    fee_bps              integer       not null,
    signature            text          not null,
    status               text          not null,
    reason               text,
    tx_chain_id          bigint,
    tx_hash              text,
    raw_tx               text,
    filled_amount        numeric(78,0),
    message_id           text,
    created_at           timestamptz   not null default now(),
    updated_at           timestamptz   not null default now(),
    constraint cross_orders_nonce_once unique (origin_chain_id, user_address, nonce),
    constraint cross_orders_status check (status in ('received','opening','opened','filling','filled','releasing',
        'released','unfilled','refunding','refunded','rejected'))
);
create index cross_orders_unfinished on cross_orders (created_at) where status not in ('released','refunded','rejected');

-- Every step of every cross-rollup order: its status, the rollup and transaction it concerned, when.
create table cross_order_events (
    id        bigserial primary key,
    order_row uuid        not null references cross_orders (id),
    status    text        not null,
    detail    text,
    chain_id  bigint,
    tx_hash   text,
    at        timestamptz not null default now()
);
create index cross_order_events_by_order on cross_order_events (order_row, id);
