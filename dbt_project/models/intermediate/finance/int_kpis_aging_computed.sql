{# The aging KPIs: open AR at each KPI period's end in each bucket of the aging_buckets seed
   (kpi ar_aging_<aging_bucket>), per segment scope, in the reporting currency; an empty bucket is 0.
   The buckets come from the seed, so a bucket added there is a KPI here. #}
{% set reporting_currency = var('reporting_currency') %}

with periods as (

    select * from {{ ref('int_kpi_periods_listed') }}

),

balances as (

    select * from {{ ref('int_invoice_balances_at_dates') }}

),

scopes as (

    select * from {{ ref('int_kpi_segment_scopes_listed') }}

),

aging_buckets as (

    select * from {{ ref('aging_buckets') }}

),

period_buckets as (

    select
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        segment_scopes.segment_scope,
        aging_buckets.aging_bucket
    from periods
    cross join (select distinct segment_scope from scopes) as segment_scopes
    cross join aging_buckets

),

aged_at_end as (

    select
        periods.period_kind,
        periods.period_start,
        scopes.segment_scope,
        balances.aging_bucket,
        sum(balances.open_amount_reporting) as open_ar
    from periods
    inner join balances
        on balances.balance_date = periods.period_end
    inner join scopes
        on scopes.fact_segment = coalesce(balances.segment, 'unassigned')
    group by periods.period_kind, periods.period_start, scopes.segment_scope, balances.aging_bucket

),

final as (

    select
        {{ dbt.concat(["'ar_aging_'", "period_buckets.aging_bucket"]) }} as kpi,
        period_buckets.period_kind,
        period_buckets.period_start,
        period_buckets.period_end,
        period_buckets.segment_scope,
        cast(round(coalesce(aged_at_end.open_ar, 0), 6) as decimal(28, 6)) as value,
        '{{ reporting_currency }}' as unit
    from period_buckets
    left join aged_at_end
        on aged_at_end.period_kind = period_buckets.period_kind
        and aged_at_end.period_start = period_buckets.period_start
        and aged_at_end.segment_scope = period_buckets.segment_scope
        and aged_at_end.aging_bucket = period_buckets.aging_bucket

)

select * from final
