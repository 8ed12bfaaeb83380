{# Every receivable invoice (non-void, non-draft): with fct_invoice_cash_applications it gives open
   AR and aging at any date E (total less the cash applied on or before E, never below zero). #}
with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

final as (

    select
        invoice_id,
        invoice_number,
        customer_id,
        customer_name,
        account_id,
        account_name,
        segment,
        owner_email,
        contract_id,
        currency,
        total,
        rate_to_reporting,
        total_reporting,
        issued_at,
        issued_on,
        due_date,
        status
    from invoices

)

select * from final
