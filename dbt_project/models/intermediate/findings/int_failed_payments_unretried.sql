{# failed_payment_not_retried: a failed charge for an invoice, with no later charge attempt on the
   same invoice within the retry window, the window over by as_of, and the invoice still unpaid
   (not paid, not void, not draft). #}

with transactions as (

    select * from {{ ref('stg_payments__transactions') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

failed_charges as (

    select *
    from transactions
    where type = 'charge'
        and status = 'failed'
        and invoice_id is not null
        and {{ dbt.datediff('cast(created_at as date)', as_of_date(), 'day') }} > {{ var('payment_retry_window_days') }}

),

retried as (

    select distinct failed_charges.transaction_id
    from failed_charges
    inner join transactions as later_attempts
        on failed_charges.invoice_id = later_attempts.invoice_id
        and later_attempts.type = 'charge'
        and later_attempts.created_at > failed_charges.created_at
        and later_attempts.created_at <= {{ dbt.dateadd('day', var('payment_retry_window_days'), 'failed_charges.created_at') }}

),

final as (

    select
        {{ finding_draft(
            exception_type="'failed_payment_not_retried'",
            natural_key='failed_charges.transaction_id',
            customer_id='coalesce(failed_charges.customer_id, invoices.customer_id)',
            invoice_id='failed_charges.invoice_id',
            transaction_id='failed_charges.transaction_id',
            period_start='invoices.period_start',
            period_end='invoices.period_end',
            amount_at_risk='failed_charges.amount',
            currency='failed_charges.currency',
            fx_date='cast(invoices.issued_at as date)',
            details=dbt.concat([
                "'Charge '", 'failed_charges.transaction_id', "' of '", money_text('failed_charges.amount', 'failed_charges.currency'),
                "' '", 'failed_charges.currency', "' for invoice '", 'coalesce(invoices.invoice_number, invoices.invoice_id)',
                "' failed on '", text('cast(failed_charges.created_at as date)'),
                "' (attempt '", text('failed_charges.attempt'), "', '", "coalesce(failed_charges.failure_code, 'no failure code')",
                "') and was not retried within '", text(var('payment_retry_window_days')),
                "' days; the invoice is still '", 'invoices.status', "'.'"
            ]),
        ) }}
    from failed_charges
    inner join invoices
        on failed_charges.invoice_id = invoices.invoice_id
    left join retried
        on failed_charges.transaction_id = retried.transaction_id
    where retried.transaction_id is null
        and invoices.status in ('open', 'uncollectible')

)

select * from final
