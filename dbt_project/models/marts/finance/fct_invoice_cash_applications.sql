{# Cash applied to receivable invoices by day: processor transactions (refunds and chargebacks
   negative) and auto-applied bank remittances, converted at the invoice's issue-date rate. #}
with cash_applications as (

    select * from {{ ref('int_invoice_cash_applications_unioned') }}

),

final as (

    select
        invoice_id,
        applied_on,
        amount,
        amount_reporting,
        source,
        source_id
    from cash_applications

)

select * from final
