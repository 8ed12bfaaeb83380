{# Each invoice with the contract it bills: the contract of its subscription (subscription_id ->
   crm_contract_id) when that contract exists, else the customer's linked contract whose term
   (tacit renewals included) holds the invoice's period start, the latest-starting one first. #}

with invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

customer_contracts as (

    select * from {{ ref('int_customer_contracts_linked') }}

),

contract_spans as (

    select contract_id, min(period_start) as first_day, max(period_end) as last_day
    from {{ ref('int_contract_periods_scheduled') }}
    group by contract_id

),

by_subscription as (

    select invoices.invoice_id, contracts.contract_id
    from invoices
    inner join subscriptions
        on invoices.subscription_id = subscriptions.subscription_id
    inner join contracts
        on subscriptions.crm_contract_id = contracts.contract_id

),

by_customer_period as (

    select
        invoices.invoice_id,
        customer_contracts.contract_id,
        row_number() over (
            partition by invoices.invoice_id
            order by contract_spans.first_day desc, customer_contracts.contract_id
        ) as preference
    from invoices
    inner join customer_contracts
        on invoices.customer_id = customer_contracts.customer_id
    inner join contract_spans
        on customer_contracts.contract_id = contract_spans.contract_id
        and coalesce(invoices.period_start, cast(invoices.issued_at as date))
            between contract_spans.first_day and contract_spans.last_day

),

final as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        coalesce(by_subscription.contract_id, by_customer_period.contract_id) as contract_id,
        case
            when by_subscription.contract_id is not null then 'subscription'
            when by_customer_period.contract_id is not null then 'customer_period'
        end as mapped_by
    from invoices
    left join by_subscription
        on invoices.invoice_id = by_subscription.invoice_id
    left join by_customer_period
        on invoices.invoice_id = by_customer_period.invoice_id
        and by_customer_period.preference = 1

)

select * from final
