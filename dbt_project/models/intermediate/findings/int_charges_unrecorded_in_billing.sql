{# charge_not_on_invoice: a succeeded processor charge for an invoice that billing still shows open
   (open or uncollectible), while the invoice keeps processor cash after its refunds and
   chargebacks (int_processor_payments_signed, up to as_of). Billing would dun a customer who paid,
   and AR in billing is overstated by the money collected. #}
with transactions as (

    select * from {{ ref('stg_payments__transactions') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

kept as (

    select invoice_id, sum(signed_amount) as kept_amount
    from {{ ref('int_processor_payments_signed') }}
    group by invoice_id

),

final as (

    select
        {{ finding_draft(
            exception_type="'charge_not_on_invoice'",
            natural_key='transactions.transaction_id',
            customer_id='coalesce(transactions.customer_id, invoices.customer_id)',
            invoice_id='transactions.invoice_id',
            transaction_id='transactions.transaction_id',
            period_start='invoices.period_start',
            period_end='invoices.period_end',
            amount_at_risk='least(transactions.amount, kept.kept_amount)',
            currency='transactions.currency',
            fx_date='cast(invoices.issued_at as date)',
            details=dbt.concat([
                "'Charge '", 'transactions.transaction_id', "' of '", money_text('transactions.amount', 'transactions.currency'),
                "' '", 'transactions.currency', "' for invoice '", 'coalesce(invoices.invoice_number, invoices.invoice_id)',
                "' succeeded on '", text('cast(transactions.created_at as date)'),
                "' but billing still shows the invoice '", 'invoices.status', "'.'"
            ]),
        ) }}
    from transactions
    inner join invoices
        on invoices.invoice_id = transactions.invoice_id
    inner join kept
        on kept.invoice_id = transactions.invoice_id
    where transactions.type = 'charge'
        and transactions.status = 'succeeded'
        and cast(transactions.created_at as date) <= {{ as_of_date() }}
        and invoices.status in ('open', 'uncollectible')
        and kept.kept_amount > 0

)

select * from final
