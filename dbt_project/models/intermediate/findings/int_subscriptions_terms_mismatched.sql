{# subscription_terms_mismatch: a subscription whose start date, end date or billing frequency
   differs from the contract it points to. An empty value on the subscription is not compared
   (an open-ended subscription is how billing systems run an auto-renewing contract). No amount
   of its own: what it bills wrongly shows up as leakage findings. #}

with subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

compared as (

    select
        subscriptions.subscription_id,
        subscriptions.customer_id,
        contracts.contract_id,
        contracts.account_id,
        contracts.currency,
        contracts.start_date,
        contracts.end_date,
        contracts.billing_frequency,
        subscriptions.start_date as subscription_start_date,
        subscriptions.end_date as subscription_end_date,
        subscriptions.billing_frequency as subscription_billing_frequency,
        coalesce(subscriptions.start_date <> contracts.start_date, false) as start_differs,
        coalesce(subscriptions.end_date <> contracts.end_date, false) as end_differs,
        coalesce(subscriptions.billing_frequency <> contracts.billing_frequency, false) as frequency_differs
    from subscriptions
    inner join contracts
        on subscriptions.crm_contract_id = contracts.contract_id

),

final as (

    select
        {{ finding_draft(
            'account_id', 'customer_id', 'contract_id', 'currency',
            exception_type="'subscription_terms_mismatch'",
            natural_key=dbt.concat(['contract_id', "'|'", 'subscription_id']),
            period_start='start_date',
            period_end='end_date',
            amount_at_risk='cast(0 as decimal(18, 3))',
            fx_date='start_date',
            severity="'medium'",
            details=dbt.concat([
                "'Subscription '", 'subscription_id', "' differs from contract '", 'contract_id', "':'",
                "case when start_differs then ' starts ' || " ~ text('subscription_start_date') ~ " || ' vs ' || " ~ text('start_date') ~ " || ';' else '' end",
                "case when end_differs then ' ends ' || " ~ text('subscription_end_date') ~ " || ' vs ' || " ~ text('end_date') ~ " || ';' else '' end",
                "case when frequency_differs then ' billed ' || subscription_billing_frequency || ' vs ' || billing_frequency || ';' else '' end",
                "' (subscription vs contract).'"
            ]),
        ) }}
    from compared
    where start_differs or end_differs or frequency_differs

)

select * from final
