{# Stripe subscriptions as billing.subscriptions. The CRM contract is
   subscription.metadata[stripe_contract_key] (default contract_id). Status: active and trialing are
   active; past_due, unpaid and incomplete (first payment not made) are past_due; canceled and
   incomplete_expired are canceled; paused is active (the contract still expects its periods billed).
   The end is the instant it ended, else the scheduled cancellation (ended_at, else cancel_at), as
   Stripe means it: the instant the next period would start, so the inclusive end date is the day
   before. Billing frequency from the items' prices: every 1, 3, 6 or 12 months (a year = 12). #}
with subscriptions as (

    select * from {{ ref('stg_stripe__subscription') }}

),

frequencies as (

    select
        items.subscription_id,
        max(case
            when prices.recurring_interval = 'year' then 12 * prices.recurring_interval_count
            when prices.recurring_interval = 'month' then prices.recurring_interval_count
        end) as months
    from {{ ref('stg_stripe__subscription_item') }} as items
    inner join {{ ref('stg_stripe__price_plan') }} as prices
        on items.price_id = prices.price_id
    group by items.subscription_id

),

final as (

    select
        subscriptions.subscription_id,
        subscriptions.customer_id,
        {{ metadata_value('subscriptions.metadata', var('stripe_contract_key')) }} as crm_contract_id,
        case
            when subscriptions.status in ('active', 'trialing', 'paused') then 'active'
            when subscriptions.status in ('past_due', 'unpaid', 'incomplete') then 'past_due'
            when subscriptions.status in ('canceled', 'incomplete_expired') then 'canceled'
        end as status,
        cast(coalesce(subscriptions.start_date_at, subscriptions.created_at) as date) as start_date,
        {{ stripe_period_end('coalesce(subscriptions.start_date_at, subscriptions.created_at)',
                             'coalesce(subscriptions.ended_at, subscriptions.cancel_at)') }} as end_date,
        case frequencies.months
            when 1 then 'monthly' when 3 then 'quarterly' when 6 then 'semiannual' when 12 then 'annual'
        end as billing_frequency,
        subscriptions._source_file,
        subscriptions._line_number
    from subscriptions
    left join frequencies
        on subscriptions.subscription_id = frequencies.subscription_id

)

select * from final
