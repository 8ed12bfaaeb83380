{# Every receivable invoice (non-void, non-draft) with its customer, CRM account, contract and the
   FX rate of its issue date: the invoice dimension that AR, collections and the KPIs share. #}
{% set reporting_currency = "'" ~ var('reporting_currency') ~ "'" %}

with invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_ranged') }}

),

receivables as (

    select
        *,
        cast(issued_at as date) as issued_on
    from invoices
    where status not in ('void', 'draft')

),

joined as (

    select
        receivables.invoice_id,
        receivables.invoice_number,
        receivables.customer_id,
        customers.name as customer_name,
        accounts.account_id,
        accounts.account_name,
        accounts.segment,
        accounts.owner_email,
        subscriptions.crm_contract_id as contract_id,
        receivables.po_number,
        receivables.currency,
        receivables.total,
        receivables.tax_amount,
        {# whose withholding rules the customer pays by (the matcher reads it): the billing system's tax
           country, else the CRM account's billing country #}
        coalesce(nullif(customers.tax_country, ''), nullif(accounts.billing_country, '')) as tax_country,
        fx_rates.rate_to_reporting,
        receivables.issued_at,
        receivables.issued_on,
        receivables.due_date,
        receivables.period_start,
        receivables.period_end,
        receivables.delivered_at,
        receivables.status
    from receivables
    left join customers
        on customers.customer_id = receivables.customer_id
    left join accounts
        on accounts.account_id = customers.crm_account_id
    left join subscriptions
        on subscriptions.subscription_id = receivables.subscription_id
    left join fx_rates
        on fx_rates.currency = receivables.currency
        and {{ fx_rate_applies('receivables.issued_on', 'fx_rates') }}

),

final as (

    select
        *,
        {{ round_money('total * rate_to_reporting', reporting_currency) }} as total_reporting
    from joined

)

select * from final
