{# Countback DSO: from the period end, walk back one 30-day month at a time, taking each month's
   credit sales off the AR at the period end (open AR net of unapplied customer cash, as dso); a
   month whose sales the AR fully covers adds its 30 days, the month where the AR runs out adds
   the covered fraction. Months are 30 days,
   not calendar months, so every period end counts back the same way. Example: AR 212k, sales
   100k, 80k, 70k latest first: 30 + 30 + 32/70 x 30 = 73.7 days. #}
{% set days_per_month = 30 %}
{# Two years of months: AR older than that is counted as two years of sales outstanding. #}
{% set months_counted_back = 24 %}

with receivables as (

    select * from {{ ref('int_ar_balances_by_period_aggregated') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

scopes as (

    select * from {{ ref('int_kpi_segment_scopes_listed') }}

),

month_offsets as (

    {{ integer_spine(2) }}

),

blocks as (

    select
        receivables.period_kind,
        receivables.period_start,
        receivables.period_end,
        receivables.segment_scope,
        receivables.ar_end - receivables.unapplied_cash_end as ar_end,
        month_offsets.n as months_back,
        {{ add_days('receivables.period_end', '-' ~ days_per_month ~ ' * month_offsets.n - ' ~ (days_per_month - 1)) }}
            as block_start,
        {{ add_days('receivables.period_end', '-' ~ days_per_month ~ ' * month_offsets.n') }} as block_end
    from receivables
    cross join month_offsets
    where month_offsets.n < {{ months_counted_back }}

),

{# a day's sales per scope: the blocks' range join then reads a row per day, not per invoice #}
scoped_daily_sales as (

    select
        scopes.segment_scope,
        invoices.issued_on,
        sum(invoices.total_reporting) as total_reporting
    from invoices
    inner join scopes
        on scopes.fact_segment = coalesce(invoices.segment, 'unassigned')
    group by scopes.segment_scope, invoices.issued_on

),

block_sales as (

    select
        blocks.period_kind,
        blocks.period_start,
        blocks.period_end,
        blocks.segment_scope,
        blocks.ar_end,
        blocks.months_back,
        coalesce(sum(scoped_daily_sales.total_reporting), 0) as block_credit_sales
    from blocks
    left join scoped_daily_sales
        on scoped_daily_sales.segment_scope = blocks.segment_scope
        and scoped_daily_sales.issued_on between blocks.block_start and blocks.block_end
    group by
        blocks.period_kind, blocks.period_start, blocks.period_end, blocks.segment_scope,
        blocks.ar_end, blocks.months_back, blocks.block_start, blocks.block_end

),

ar_left_per_block as (

    select
        *,
        ar_end - coalesce(sum(block_credit_sales) over (
            partition by period_kind, period_start, segment_scope
            order by months_back
            rows between unbounded preceding and 1 preceding
        ), 0) as ar_left
    from block_sales

),

days_per_block as (

    select
        period_kind,
        period_start,
        period_end,
        segment_scope,
        case
            when ar_left <= 0 then 0
            when ar_left >= block_credit_sales then {{ days_per_month }}
            else {{ decimal_divide('ar_left * ' ~ days_per_month, 'block_credit_sales') }}
        end as days_counted
    from ar_left_per_block

),

final as (

    select
        'dso_countback' as kpi,
        period_kind,
        period_start,
        period_end,
        segment_scope,
        cast(round(sum(days_counted), 6) as decimal(28, 6)) as value,
        'days' as unit
    from days_per_block
    group by period_kind, period_start, period_end, segment_scope

)

select * from final
