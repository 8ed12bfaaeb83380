{# QuickBooks invoices as erp.invoices (stg_erp__invoices unions them). external_ref: the billing
   invoice number (stg_quickbooks__invoice: the quickbooks_invoice_number_field setting, else
   doc_number). customer_ref: the customer's display name, else its fully qualified name, else its
   company name, else the QuickBooks customer id. posted_at: the transaction date (the day the
   invoice is in the books), else when it was entered (created_at). currency: currency_id, else the
   quickbooks_home_currency setting. amount: total_amount as QuickBooks states it (0 once voided).
   status: void when voided; else paid when nothing is left to pay (balance 0 or less; without a
   balance column, the total less what payment lines applied to it); else open. #}
with invoices as (

    select * from {{ ref('stg_quickbooks__invoice') }}

),

customers as (

    select * from {{ ref('stg_quickbooks__customer') }}

),

applied as (

    select lines.invoice_id, sum(lines.amount) as applied_amount
    from {{ ref('stg_quickbooks__payment_line') }} as lines
    inner join {{ ref('stg_quickbooks__payment') }} as payments
        on lines.payment_id = payments.payment_id
    where lines.invoice_id is not null
    group by lines.invoice_id

),

final as (

    select
        invoices.invoice_id as erp_invoice_id,
        invoices.invoice_number as external_ref,
        coalesce(customers.display_name, customers.fully_qualified_name, customers.company_name,
                 invoices.customer_id) as customer_ref,
        coalesce({{ to_timestamp('invoices.transaction_date') }}, invoices.created_at) as posted_at,
        invoices.currency,
        invoices.total_amount as amount,
        case
            when invoices.is_voided then 'void'
            when coalesce(invoices.balance, invoices.total_amount - coalesce(applied.applied_amount, 0)) <= 0
                then 'paid'
            else 'open'
        end as status,
        invoices._source_file,
        invoices._line_number
    from invoices
    left join customers
        on invoices.customer_id = customers.customer_id
    left join applied
        on invoices.invoice_id = applied.invoice_id

)

select * from final
