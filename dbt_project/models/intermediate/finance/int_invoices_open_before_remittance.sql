{# What each receivable invoice still owes after processor payments only: the input of the
   remittance matcher (int_remittances_matched). #}
with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

processor_payments as (

    select * from {{ ref('int_processor_payments_signed') }}

),

paid_per_invoice as (

    select
        invoices.invoice_id,
        sum(processor_payments.signed_amount) as processor_paid
    from invoices
    inner join processor_payments
        on processor_payments.invoice_id = invoices.invoice_id
        and processor_payments.currency = invoices.currency
    group by invoices.invoice_id

),

final as (

    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.customer_name,
        invoices.account_id,
        invoices.account_name,
        invoices.po_number,
        invoices.currency,
        invoices.total,
        invoices.tax_amount,
        invoices.tax_country,
        coalesce(paid_per_invoice.processor_paid, 0) as processor_paid,
        greatest(invoices.total - coalesce(paid_per_invoice.processor_paid, 0), 0) as open_amount,
        invoices.issued_at,
        invoices.due_date,
        invoices.status
    from invoices
    left join paid_per_invoice
        on paid_per_invoice.invoice_id = invoices.invoice_id

)

select * from final
