{# Every balance transaction a processor payout settles, traced to the charge, refund or dispute
   behind it and to the invoice that charge paid. A payout's balance transactions are its rows of
   payout_balance_transaction, else (a payout the link table does not list, or a sync without it)
   the balance transactions whose payout_id names it; the payout's own withdrawal (type payout) is
   no cash it settles. Amounts are the balance transactions': in the payout's currency, signed as
   they move the balance (a refund or a dispute negative), fee and net = amount - fee. kind: charge
   (charge, payment), refund (refund, payment_refund), dispute (its balance transaction, or
   reporting category dispute / dispute_reversal), fee (stripe_fee and other *_fee types), else
   other (adjustments, payout failures returned to the balance, ...). #}
with payouts as (

    select payout_id from {{ ref('stg_stripe__payout') }}

),

listed as (

    select payout_id, balance_transaction_id from {{ ref('stg_stripe__payout_balance_transaction') }}

),

balance_transactions as (

    select * from {{ ref('stg_stripe__balance_transaction') }}

),

links as (

    select distinct listed.payout_id, listed.balance_transaction_id
    from listed
    inner join payouts
        on payouts.payout_id = listed.payout_id
    union all
    select balance_transactions.payout_id, balance_transactions.balance_transaction_id
    from balance_transactions
    inner join payouts
        on payouts.payout_id = balance_transactions.payout_id
    left join (select distinct payout_id from listed) as listed_payouts
        on listed_payouts.payout_id = balance_transactions.payout_id
    where listed_payouts.payout_id is null

),

charges as (

    select * from {{ ref('stg_stripe__charge') }}

),

refunds as (

    select * from {{ ref('stg_stripe__refund') }}

),

disputes as (

    select * from {{ ref('stg_stripe__dispute') }}

),

sourced as (

    select
        links.payout_id,
        balance_transactions.balance_transaction_id,
        balance_transactions.type,
        balance_transactions.reporting_category,
        balance_transactions.source_id,
        balance_transactions.currency,
        balance_transactions.amount,
        coalesce(balance_transactions.fee, 0) as fee,
        coalesce(balance_transactions.net, balance_transactions.amount - coalesce(balance_transactions.fee, 0)) as net,
        coalesce(charge_by_source.charge_id, charge_by_balance.charge_id) as direct_charge_id,
        coalesce(refund_by_source.refund_id, refund_by_balance.refund_id) as refund_id,
        coalesce(refund_by_source.charge_id, refund_by_balance.charge_id) as refunded_charge_id,
        coalesce(dispute_by_source.dispute_id, dispute_by_balance.dispute_id) as dispute_id,
        coalesce(dispute_by_source.charge_id, dispute_by_balance.charge_id) as disputed_charge_id
    from links
    inner join balance_transactions
        on balance_transactions.balance_transaction_id = links.balance_transaction_id
    left join charges as charge_by_source
        on charge_by_source.charge_id = balance_transactions.source_id
    left join charges as charge_by_balance
        on charge_by_balance.balance_transaction_id = balance_transactions.balance_transaction_id
    left join refunds as refund_by_source
        on refund_by_source.refund_id = balance_transactions.source_id
    left join refunds as refund_by_balance
        on refund_by_balance.balance_transaction_id = balance_transactions.balance_transaction_id
    left join disputes as dispute_by_source
        on dispute_by_source.dispute_id = balance_transactions.source_id
    left join disputes as dispute_by_balance
        on dispute_by_balance.balance_transaction_id = balance_transactions.balance_transaction_id
    where balance_transactions.type is null or balance_transactions.type <> 'payout'

),

kinds as (

    select
        sourced.*,
        case
            when dispute_id is not null or reporting_category in ('dispute', 'dispute_reversal') then 'dispute'
            when refund_id is not null or type in ('refund', 'payment_refund') then 'refund'
            when direct_charge_id is not null or type in ('charge', 'payment') then 'charge'
            when type like '%fee' then 'fee'
            else 'other'
        end as kind,
        coalesce(direct_charge_id, refunded_charge_id, disputed_charge_id) as charge_id
    from sourced

),

final as (

    select
        kinds.payout_id,
        kinds.balance_transaction_id,
        kinds.kind,
        coalesce(kinds.dispute_id, kinds.refund_id, kinds.direct_charge_id, kinds.source_id) as transaction_id,
        kinds.charge_id,
        charges.invoice_id,
        kinds.currency,
        kinds.amount,
        kinds.fee,
        kinds.net
    from kinds
    left join charges
        on charges.charge_id = kinds.charge_id

)

select * from final
