{# Open AR per invoice at every date a KPI or the worklist needs (as_of, each period end and the
   day before each period start): total less the cash applied on or before that date, never below
   zero, with days past due and the aging bucket at that date (the aging_buckets seed's day
   bounds). An invoice counts from its issue date; one without a due date is due when issued. #}
{% set reporting_currency = "'" ~ var('reporting_currency') ~ "'" %}

with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

cash_applications as (

    select * from {{ ref('int_invoice_cash_applications_unioned') }}

),

periods as (

    select * from {{ ref('int_kpi_periods_listed') }}

),

aging_buckets as (

    select * from {{ ref('aging_buckets') }}

),

balance_dates as (

    select period_end as balance_date from periods
    union
    select day_before_start as balance_date from periods
    union
    select {{ as_of_date() }} as balance_date

),

issued_by_date as (

    select
        balance_dates.balance_date,
        invoices.invoice_id,
        invoices.segment,
        invoices.currency,
        invoices.total,
        invoices.rate_to_reporting,
        coalesce(invoices.due_date, invoices.issued_on) as due_date
    from invoices
    inner join balance_dates
        on invoices.issued_on <= balance_dates.balance_date

),

applied_by_date as (

    select
        issued_by_date.balance_date,
        issued_by_date.invoice_id,
        sum(cash_applications.amount) as cash_applied
    from issued_by_date
    inner join cash_applications
        on cash_applications.invoice_id = issued_by_date.invoice_id
        and cash_applications.applied_on <= issued_by_date.balance_date
    group by issued_by_date.balance_date, issued_by_date.invoice_id

),

balances as (

    select
        issued_by_date.balance_date,
        issued_by_date.invoice_id,
        issued_by_date.segment,
        issued_by_date.currency,
        issued_by_date.total,
        coalesce(applied_by_date.cash_applied, 0) as cash_applied,
        greatest(issued_by_date.total - coalesce(applied_by_date.cash_applied, 0), 0) as open_amount,
        issued_by_date.rate_to_reporting,
        {{ dbt.datediff('issued_by_date.due_date', 'issued_by_date.balance_date', 'day') }} as days_past_due
    from issued_by_date
    left join applied_by_date
        on applied_by_date.invoice_id = issued_by_date.invoice_id
        and applied_by_date.balance_date = issued_by_date.balance_date

),

final as (

    select
        balances.balance_date,
        balances.invoice_id,
        balances.segment,
        balances.currency,
        balances.total,
        balances.cash_applied,
        balances.open_amount,
        {{ round_money('balances.open_amount * balances.rate_to_reporting', reporting_currency) }}
            as open_amount_reporting,
        balances.days_past_due,
        aging_buckets.aging_bucket
    from balances
    {# the seed's buckets cover every day exactly once (tests/aging_buckets_cover_every_day.sql) #}
    inner join aging_buckets
        on (aging_buckets.min_days_past_due is null or balances.days_past_due >= aging_buckets.min_days_past_due)
        and (aging_buckets.max_days_past_due is null or balances.days_past_due <= aging_buckets.max_days_past_due)

)

select * from final
