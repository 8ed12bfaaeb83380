{# Collections finding drafts: one per open past-due invoice, with its dunning stage, routed to the
   account owner; a payment suggested for the invoice that waits for review is named, as the
   customer may well have paid. #}
with dunning as (

    select * from {{ ref('int_invoices_dunning_staged') }}

),

final as (

    select
        {{ finding_draft(
            'account_id', 'customer_id', 'contract_id', 'invoice_id', 'period_start', 'period_end', 'currency', 'severity', 'stage',
            exception_type="'collections'",
            natural_key='invoice_id',
            amount_at_risk='open_amount',
            fx_date='cast(issued_at as date)',
            details=dbt.concat([
                "'Invoice '", "coalesce(invoice_number, invoice_id)",
                "' of '", "coalesce(customer_name, customer_id)",
                "' has '", format_money('open_amount', 'currency'), "' '", "currency",
                "' open of '", format_money('total', 'currency'), "' '", "currency",
                "', due '", "cast(due_date as " ~ dbt.type_string() ~ ")",
                "', '", "cast(days_past_due as " ~ dbt.type_string() ~ ")",
                "' days past due at '", "cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")",
                "': dunning stage '", "coalesce(stage, 'none (no policy row covers it)')",
                "', worked by '", "coalesce(route_to, 'nobody')",
                "' for account owner '", "coalesce(owner_email, 'unknown (customer not in CRM)')", "'.'",
                "case when payment_in_review is null then '' else "
                ~ dbt.concat(["' A payment of '", format_money('payment_in_review', 'currency'), "' '", "currency",
                              "' (bank line '", "payment_in_review_bank_txn_id",
                              "') is suggested for it and waits for review: confirm or reject it before chasing.'"])
                ~ " end"
            ]),
        ) }}
    from dunning

)

select * from final
