{# Per KPI period and segment scope, the receivables figures every AR KPI is made of, in the
   reporting currency: open AR at the day before the start and at the end, current AR (not past
   due) at the end, customer cash received by the end and not applied to an invoice
   (int_unapplied_cash_identified, in its lead invoice's segment), and credit sales and bad debt
   (invoices now uncollectible; the contract has no write-off date, so they count in the period
   they were issued) in the period. #}
with periods as (

    select * from {{ ref('int_kpi_periods_listed') }}

),

balances as (

    select * from {{ ref('int_invoice_balances_at_dates') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

unapplied_cash as (

    select * from {{ ref('int_unapplied_cash_identified') }}

),

scopes as (

    select * from {{ ref('int_kpi_segment_scopes_listed') }}

),

period_scopes as (

    select
        periods.*,
        segment_scopes.segment_scope
    from periods
    cross join (select distinct segment_scope from scopes) as segment_scopes

),

scoped_balances as (

    select
        balances.*,
        scopes.segment_scope
    from balances
    inner join scopes
        on scopes.fact_segment = coalesce(balances.segment, 'unassigned')

),

scoped_invoices as (

    select
        invoices.*,
        scopes.segment_scope
    from invoices
    inner join scopes
        on scopes.fact_segment = coalesce(invoices.segment, 'unassigned')

),

ar_at_end as (

    select
        periods.period_kind,
        periods.period_start,
        scoped_balances.segment_scope,
        sum(scoped_balances.open_amount_reporting) as ar_end,
        sum(case when scoped_balances.days_past_due <= 0
            then scoped_balances.open_amount_reporting else 0 end) as ar_current_end
    from periods
    inner join scoped_balances
        on scoped_balances.balance_date = periods.period_end
    group by periods.period_kind, periods.period_start, scoped_balances.segment_scope

),

unapplied_at_end as (

    select
        periods.period_kind,
        periods.period_start,
        scopes.segment_scope,
        sum(unapplied_cash.unapplied_amount_reporting) as unapplied_cash_end
    from periods
    inner join unapplied_cash
        on unapplied_cash.value_date <= periods.period_end
    inner join scopes
        on scopes.fact_segment = coalesce(unapplied_cash.segment, 'unassigned')
    group by periods.period_kind, periods.period_start, scopes.segment_scope

),

ar_at_start as (

    select
        periods.period_kind,
        periods.period_start,
        scoped_balances.segment_scope,
        sum(scoped_balances.open_amount_reporting) as ar_start
    from periods
    inner join scoped_balances
        on scoped_balances.balance_date = periods.day_before_start
    group by periods.period_kind, periods.period_start, scoped_balances.segment_scope

),

sales as (

    select
        periods.period_kind,
        periods.period_start,
        scoped_invoices.segment_scope,
        sum(scoped_invoices.total_reporting) as credit_sales,
        sum(case when scoped_invoices.status = 'uncollectible'
            then scoped_invoices.total_reporting else 0 end) as bad_debt_writeoffs
    from periods
    inner join scoped_invoices
        on scoped_invoices.issued_on between periods.period_start and periods.period_end
    group by periods.period_kind, periods.period_start, scoped_invoices.segment_scope

),

final as (

    select
        period_scopes.period_kind,
        period_scopes.period_start,
        period_scopes.period_end,
        period_scopes.days_in_period,
        period_scopes.segment_scope,
        coalesce(ar_at_start.ar_start, 0) as ar_start,
        coalesce(ar_at_end.ar_end, 0) as ar_end,
        coalesce(ar_at_end.ar_current_end, 0) as ar_current_end,
        coalesce(unapplied_at_end.unapplied_cash_end, 0) as unapplied_cash_end,
        coalesce(sales.credit_sales, 0) as credit_sales,
        coalesce(sales.bad_debt_writeoffs, 0) as bad_debt_writeoffs
    from period_scopes
    {% for aggregate in ['ar_at_start', 'ar_at_end', 'unapplied_at_end', 'sales'] %}
    left join {{ aggregate }}
        on {{ aggregate }}.period_kind = period_scopes.period_kind
        and {{ aggregate }}.period_start = period_scopes.period_start
        and {{ aggregate }}.segment_scope = period_scopes.segment_scope
    {% endfor %}

)

select * from final
