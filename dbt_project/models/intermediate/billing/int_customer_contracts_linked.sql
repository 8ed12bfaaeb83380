{# Which CRM contracts a billing customer can be billing for: those its subscriptions point to,
   and every contract of the CRM account it is linked to. Invoices without a subscription and
   usage events are attributed through this. #}

with customers as (

    select * from {{ ref('stg_billing__customers') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

via_subscription as (

    select distinct subscriptions.customer_id, contracts.contract_id
    from subscriptions
    inner join contracts
        on subscriptions.crm_contract_id = contracts.contract_id

),

via_account as (

    select customers.customer_id, contracts.contract_id
    from customers
    inner join contracts
        on customers.crm_account_id = contracts.account_id

),

final as (

    select customer_id, contract_id from via_subscription
    union
    select customer_id, contract_id from via_account

)

select * from final
