{# The collections worklist at as_of: every open past-due invoice with its dunning stage, routed
   to the account owner. #}
with dunning as (

    select * from {{ ref('int_invoices_dunning_staged') }}

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
        currency,
        total,
        open_amount,
        open_amount_reporting,
        due_date,
        days_past_due,
        stage,
        route_to,
        severity
    from dunning

)

select * from final
