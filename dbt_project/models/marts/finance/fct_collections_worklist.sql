{# The collections worklist at as_of: every open past-due invoice with its dunning stage, routed
   to the account owner, and the payment suggested for it that waits for review, if any. #}
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
        {# the contract's types on DuckDB and Spark alike (Spark sums to decimal(29,3), counts days in int) #}
        cast(open_amount as decimal(38, 3)) as open_amount,
        open_amount_reporting,
        due_date,
        cast(days_past_due as bigint) as days_past_due,
        stage,
        route_to,
        severity,
        cast(payment_in_review as decimal(18, 3)) as payment_in_review,
        payment_in_review_bank_txn_id
    from dunning

)

select * from final
