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
        'failed_payment_not_retried' as exception_type,
        failed_charges.transaction_id as natural_key,
        {{ no_value() }} as account_id,
        coalesce(failed_charges.customer_id, invoices.customer_id) as customer_id,
        {{ no_value() }} as contract_id,
        failed_charges.invoice_id,
        {{ no_value() }} as erp_invoice_id,
        failed_charges.transaction_id,
        {{ no_value() }} as bank_txn_id,
        invoices.period_start,
        invoices.period_end,
        failed_charges.amount as amount_at_risk,
        failed_charges.currency,
        cast(invoices.issued_at as date) as fx_date,
        {{ no_value() }} as severity,
        {{ dbt.concat([
            "'Charge '", 'failed_charges.transaction_id', "' of '", money_text('failed_charges.amount', 'failed_charges.currency'),
            "' '", 'failed_charges.currency', "' for invoice '", 'coalesce(invoices.invoice_number, invoices.invoice_id)',
            "' failed on '", text('cast(failed_charges.created_at as date)'),
            "' (attempt '", text('failed_charges.attempt'), "', '", "coalesce(failed_charges.failure_code, 'no failure code')",
            "') and was not retried within '", text(var('payment_retry_window_days')),
            "' days; the invoice is still '", 'invoices.status', "'.'"
        ]) }} as details
    from failed_charges
    inner join invoices
        on failed_charges.invoice_id = invoices.invoice_id
    left join retried
        on failed_charges.transaction_id = retried.transaction_id
    where retried.transaction_id is null
        and invoices.status in ('open', 'uncollectible')

)

select * from final
