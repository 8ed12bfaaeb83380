{# Each receivable invoice issued on or before as_of with what it still owes at as_of, after
   processor payments and the auto-applied bank remittances. #}
with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

balances as (

    select * from {{ ref('int_invoice_balances_at_dates') }}

),

final as (

    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.customer_name,
        invoices.account_id,
        invoices.account_name,
        invoices.segment,
        invoices.owner_email,
        invoices.contract_id,
        invoices.currency,
        invoices.total,
        invoices.total_reporting,
        balances.cash_applied,
        balances.open_amount,
        balances.open_amount_reporting,
        invoices.issued_at,
        invoices.due_date,
        invoices.period_start,
        invoices.period_end,
        balances.days_past_due,
        balances.aging_bucket,
        invoices.status
    from invoices
    inner join balances
        on balances.invoice_id = invoices.invoice_id
        and balances.balance_date = {{ as_of_date() }}

)

select * from final
