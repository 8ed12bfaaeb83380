{# The KPI periods: the trailing 90 days ending at as_of, and every calendar month from the first
   invoice's month to as_of's month (the current month ends at as_of: nothing after as_of is
   known). day_before_start is the date whose balance is "AR at start". #}

with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

-- 1,000 months from the first invoice: far more than any billing history.
month_offsets as (

    {{ integer_spine(3) }}

),

first_month as (

    select cast({{ dbt.date_trunc('month', 'min(issued_on)') }} as date) as month_start
    from invoices

),

month_starts as (

    select {{ add_months('first_month.month_start', 'month_offsets.n') }} as period_start
    from first_month
    cross join month_offsets

),

calendar_months as (

    select
        'month' as period_kind,
        period_start,
        least(cast({{ dbt.last_day('period_start', 'month') }} as date), {{ as_of_date() }}) as period_end
    from month_starts
    where period_start <= {{ as_of_date() }}

),

trailing_90_days as (

    select
        'trailing_90_days' as period_kind,
        {{ add_days(as_of_date(), -89) }} as period_start,
        {{ as_of_date() }} as period_end

),

periods as (

    select * from trailing_90_days
    union all
    select * from calendar_months

),

final as (

    select
        period_kind,
        period_start,
        period_end,
        {{ days_inclusive('period_start', 'period_end') }} as days_in_period,
        {{ add_days('period_start', -1) }} as day_before_start
    from periods

)

select * from final
