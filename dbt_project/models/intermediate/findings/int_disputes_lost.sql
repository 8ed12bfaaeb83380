{# dispute_lost: a chargeback the processor decided against us (a succeeded chargeback in
   payments.transactions: Stripe's dispute status lost), created by as_of. The disputed amount is
   the money lost. #}
with transactions as (

    select * from {{ ref('stg_payments__transactions') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

final as (

    select
        {{ finding_draft(
            exception_type="'dispute_lost'",
            natural_key='transactions.transaction_id',
            customer_id='coalesce(transactions.customer_id, invoices.customer_id)',
            invoice_id='transactions.invoice_id',
            transaction_id='transactions.transaction_id',
            period_start='cast(transactions.created_at as date)',
            period_end='cast(transactions.created_at as date)',
            amount_at_risk='transactions.amount',
            currency='transactions.currency',
            fx_date='cast(transactions.created_at as date)',
            details=dbt.concat([
                "'Dispute '", 'transactions.transaction_id', "' of '", money_text('transactions.amount', 'transactions.currency'),
                "' '", 'transactions.currency', "' on invoice '",
                "coalesce(invoices.invoice_number, transactions.invoice_id, 'none')",
                "' was lost on '", text('cast(transactions.created_at as date)'),
                "' ('", "coalesce(transactions.failure_code, 'no reason given')", "'): the money was taken back.'"
            ]),
        ) }}
    from transactions
    left join invoices
        on invoices.invoice_id = transactions.invoice_id
    where transactions.type = 'chargeback'
        and transactions.status = 'succeeded'
        and cast(transactions.created_at as date) <= {{ as_of_date() }}

)

select * from final
