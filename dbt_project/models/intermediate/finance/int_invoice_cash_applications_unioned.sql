{# Every piece of cash applied to a receivable invoice, with the day it was applied: processor
   transactions (signed) and the bank remittances the matcher auto-applied or an analyst confirmed.
   Suggestions that need review are not cash applied until someone confirms them. #}
{% set reporting_currency = "'" ~ var('reporting_currency') ~ "'" %}

with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

processor_payments as (

    select * from {{ ref('int_processor_payments_signed') }}

),

remittance_matches as (

    select * from {{ ref('int_remittances_matched') }}

),

applications as (

    select
        'processor' as source,
        transaction_id as source_id,
        invoice_id,
        currency,
        applied_on,
        signed_amount as amount
    from processor_payments

    union all

    select
        'remittance' as source,
        bank_txn_id as source_id,
        invoice_id,
        currency,
        value_date as applied_on,
        allocated_amount as amount
    from remittance_matches
    where status in ('auto_applied', 'confirmed')
        and invoice_id is not null

),

final as (

    select
        applications.invoice_id,
        applications.source,
        applications.source_id,
        applications.applied_on,
        applications.amount,
        {{ round_money('applications.amount * invoices.rate_to_reporting', reporting_currency) }} as amount_reporting
    from applications
    inner join invoices
        on invoices.invoice_id = applications.invoice_id
        and invoices.currency = applications.currency

)

select * from final
