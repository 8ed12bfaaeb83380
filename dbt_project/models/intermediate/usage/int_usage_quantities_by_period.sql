{# Usage per contract, usage product and usage period (the contract's billing period), from the
   daily usage aggregate. A day's usage belongs to a contract of its customer that has a usage line
   for the product and a period holding that day (the latest-starting contract when several do). #}

with daily_usage as (

    select * from {{ ref('int_usage_days_aggregated') }}

),

customer_contracts as (

    select * from {{ ref('int_customer_contracts_linked') }}

),

usage_lines as (

    select
        contract_id,
        product_code,
        max(coalesce(discount_pct, 0)) as discount_pct
    from {{ ref('stg_crm__contract_lines') }}
    where charge_type = 'usage'
    group by contract_id, product_code

),

periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}

),

daily_usage_in_periods as (

    select
        daily_usage.customer_id,
        daily_usage.product_code,
        daily_usage.quantity,
        periods.contract_id,
        periods.currency,
        periods.period_start,
        periods.period_end,
        usage_lines.discount_pct,
        row_number() over (
            partition by daily_usage.customer_id, daily_usage.product_code, daily_usage.usage_date
            order by periods.period_start desc, periods.contract_id
        ) as preference
    from daily_usage
    inner join customer_contracts
        on daily_usage.customer_id = customer_contracts.customer_id
    inner join usage_lines
        on customer_contracts.contract_id = usage_lines.contract_id
        and daily_usage.product_code = usage_lines.product_code
    inner join periods
        on customer_contracts.contract_id = periods.contract_id
        and daily_usage.usage_date between periods.period_start and periods.period_end

),

final as (

    select
        contract_id,
        product_code,
        period_start,
        period_end,
        currency,
        discount_pct,
        min(customer_id) as customer_id,
        sum(quantity) as quantity
    from daily_usage_in_periods
    where preference = 1
    group by contract_id, product_code, period_start, period_end, currency, discount_pct

)

select * from final
