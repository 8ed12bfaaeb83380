{# Stripe charges, refunds and disputes as payments.transactions. Every charge is one attempt
   (a failed charge and its retry are two rows); attempt numbers the charges of an invoice in
   time order. The fee is the balance transaction's (a charge's, a refund's, a dispute's: Stripe's
   dispute fee); a failed charge has none and costs nothing (0). Method: the type of the charge's
   payment method (card, card_present → card; us_bank_account, ach_debit, ach_credit_transfer → ach;
   sepa_debit; customer_balance, a bank transfer → wire); without one a card charge is card, a
   bank-account charge ach, else empty. A refund is on its charge's invoice: succeeded; failed or
   canceled is failed; pending or requires_action is pending. A dispute is a chargeback that
   succeeded (took the money back for good) when lost; won, warning_closed and charge_refunded (the
   charge was refunded instead: the refund row counts) failed; while open it is pending, so the
   invoice stays paid until Stripe decides. #}
with charges as (

    select * from {{ ref('stg_stripe__charge') }}

),

balance_transactions as (

    select * from {{ ref('stg_stripe__balance_transaction') }}

),

payment_methods as (

    select * from {{ ref('stg_stripe__payment_method') }}

),

charge_rows as (

    select
        charges.charge_id as transaction_id,
        'charge' as type,
        charges.invoice_id,
        charges.customer_id,
        case
            when payment_methods.type in ('card', 'card_present') then 'card'
            when payment_methods.type in ('us_bank_account', 'ach_debit', 'ach_credit_transfer') then 'ach'
            when payment_methods.type = 'sepa_debit' then 'sepa_debit'
            when payment_methods.type = 'customer_balance' then 'wire'
            when charges.card_id is not null then 'card'
            when charges.bank_account_id is not null then 'ach'
        end as method,
        case when charges.status in ('succeeded', 'failed', 'pending') then charges.status end as status,
        charges.failure_code,
        charges.amount,
        coalesce(balance_transactions.fee, case when charges.status = 'failed' then 0 end) as fee,
        charges.currency,
        charges.created_at,
        case when charges.invoice_id is not null then cast(row_number() over (
            partition by charges.invoice_id order by charges.created_at, charges.charge_id
        ) as {{ dbt.type_int() }}) end as attempt,
        charges.description,
        charges._source_file,
        charges._line_number
    from charges
    left join balance_transactions
        on charges.balance_transaction_id = balance_transactions.balance_transaction_id
    left join payment_methods
        on charges.payment_method_id = payment_methods.payment_method_id

),

refund_rows as (

    select
        refunds.refund_id,
        'refund',
        charge_rows.invoice_id,
        charge_rows.customer_id,
        charge_rows.method,
        case
            when refunds.status = 'succeeded' then 'succeeded'
            when refunds.status in ('failed', 'canceled') then 'failed'
            when refunds.status in ('pending', 'requires_action') then 'pending'
        end,
        refunds.failure_reason,
        refunds.amount,
        refund_balances.fee,
        coalesce(refunds.currency, charge_rows.currency),
        refunds.created_at,
        cast(null as {{ dbt.type_int() }}),
        refunds.description,
        refunds._source_file,
        refunds._line_number
    from {{ ref('stg_stripe__refund') }} as refunds
    left join charge_rows
        on refunds.charge_id = charge_rows.transaction_id
    left join balance_transactions as refund_balances
        on refunds.balance_transaction_id = refund_balances.balance_transaction_id

),

dispute_rows as (

    select
        disputes.dispute_id,
        'chargeback',
        charge_rows.invoice_id,
        charge_rows.customer_id,
        charge_rows.method,
        case
            when disputes.status = 'lost' then 'succeeded'
            when disputes.status in ('won', 'warning_closed', 'charge_refunded') then 'failed'
            else 'pending'
        end,
        disputes.reason,
        disputes.amount,
        dispute_balances.fee,
        coalesce(disputes.currency, charge_rows.currency),
        disputes.created_at,
        cast(null as {{ dbt.type_int() }}),
        cast(null as {{ dbt.type_string() }}),
        disputes._source_file,
        disputes._line_number
    from {{ ref('stg_stripe__dispute') }} as disputes
    left join charge_rows
        on disputes.charge_id = charge_rows.transaction_id
    left join balance_transactions as dispute_balances
        on disputes.balance_transaction_id = dispute_balances.balance_transaction_id

),

final as (

    select * from charge_rows
    union all
    select * from refund_rows
    union all
    select * from dispute_rows

)

select * from final
