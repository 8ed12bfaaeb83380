{# The billing-operations KPIs of the contract, one row per KPI, period and segment scope. Each
   fact is one event on one date (an invoice issued, a charge attempted, a bank credit received,
   a case opened or closed) counted in the period holding that date: a rate is the sum of its
   numerators over the sum of its denominators. Adoption is a snapshot at the period end. #}
with periods as (

    select * from {{ ref('int_kpi_periods_listed') }}

),

scopes as (

    select * from {{ ref('int_kpi_segment_scopes_listed') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

transactions as (

    select * from {{ ref('stg_payments__transactions') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

bank_lines as (

    select * from {{ ref('stg_bank__statement_lines') }}

),

remittance_matches as (

    select * from {{ ref('int_remittances_matched') }}

),

cases as (

    select * from {{ ref('stg_crm__cases') }}

),

customer_segments as (

    select
        customers.customer_id,
        customers.portal_enabled,
        customers.autopay,
        accounts.segment
    from customers
    left join accounts
        on accounts.account_id = customers.crm_account_id

),

-- An invoice is on time when delivered no later than grace days after its period starts.
on_time_invoices as (

    select
        'on_time_invoice_rate' as kpi,
        issued_on as event_date,
        segment,
        case
            when delivered_at is not null
                and cast(delivered_at as date)
                    <= {{ add_days('coalesce(period_start, issued_on)', var('invoice_grace_days')) }}
            then 1 else 0
        end as numerator,
        1 as denominator
    from invoices

),

charge_attempts as (

    select
        transactions.method,
        cast(transactions.created_at as date) as event_date,
        customer_segments.segment,
        case when transactions.status = 'failed' then 1 else 0 end as failed
    from transactions
    left join customer_segments
        on customer_segments.customer_id = transactions.customer_id
    where transactions.type = 'charge'

),

payment_failures as (

    select 'payment_failure_rate' as kpi, event_date, segment, failed as numerator, 1 as denominator
    from charge_attempts

    union all

    select
        {{ dbt.concat(["'payment_failure_rate_'", "method"]) }} as kpi,
        event_date,
        segment,
        failed as numerator,
        1 as denominator
    from charge_attempts
    where method is not null

),

auto_applied_per_line as (

    select
        bank_txn_id,
        sum(allocated_amount) as applied_amount
    from remittance_matches
    where status = 'auto_applied'
    group by bank_txn_id

),

-- A credit line is auto-matched when its auto-applied allocations take all of it.
auto_matches as (

    select
        'auto_match_rate' as kpi,
        bank_lines.value_date as event_date,
        accounts.segment,
        case when coalesce(auto_applied_per_line.applied_amount, 0) >= bank_lines.amount then 1 else 0 end
            as numerator,
        1 as denominator
    from bank_lines
    left join auto_applied_per_line
        on auto_applied_per_line.bank_txn_id = bank_lines.bank_txn_id
    left join accounts
        on accounts.account_id = bank_lines.account_id
    where bank_lines.amount > 0

),

case_facts as (

    select
        'billing_ticket_share' as kpi,
        cast(cases.opened_at as date) as event_date,
        accounts.segment,
        case when cases.category = 'billing' then 1 else 0 end as numerator,
        1 as denominator
    from cases
    left join accounts
        on accounts.account_id = cases.account_id
    where cases.opened_at is not null

    union all

    select
        'first_contact_resolution' as kpi,
        cast(cases.closed_at as date) as event_date,
        accounts.segment,
        case when cases.contacts_to_resolve = 1 then 1 else 0 end as numerator,
        1 as denominator
    from cases
    left join accounts
        on accounts.account_id = cases.account_id
    where cases.closed_at is not null

),

event_facts as (

    select * from on_time_invoices
    union all
    select * from payment_failures
    union all
    select * from auto_matches
    union all
    select * from case_facts

),

event_rates as (

    select
        event_facts.kpi,
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        scopes.segment_scope,
        sum(event_facts.numerator) as numerator,
        sum(event_facts.denominator) as denominator
    from event_facts
    inner join periods
        on event_facts.event_date between periods.period_start and periods.period_end
    inner join scopes
        on scopes.fact_segment = coalesce(event_facts.segment, 'unassigned')
    group by event_facts.kpi, periods.period_kind, periods.period_start, periods.period_end, scopes.segment_scope

),

-- A canceled subscription with an end date counts as active until that date.
customers_active_at_period_end as (

    select distinct
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        customer_segments.customer_id,
        customer_segments.segment,
        customer_segments.portal_enabled,
        customer_segments.autopay
    from subscriptions
    inner join periods
        on subscriptions.start_date <= periods.period_end
        and (subscriptions.end_date is null or subscriptions.end_date >= periods.period_end)
    inner join customer_segments
        on customer_segments.customer_id = subscriptions.customer_id
    where subscriptions.status <> 'canceled' or subscriptions.end_date is not null

),

adoption_rates as (

    {% for kpi, flag in [('portal_adoption', 'portal_enabled'), ('autopay_adoption', 'autopay')] %}
    select
        '{{ kpi }}' as kpi,
        active.period_kind,
        active.period_start,
        active.period_end,
        scopes.segment_scope,
        sum(case when active.{{ flag }} then 1 else 0 end) as numerator,
        count(*) as denominator
    from customers_active_at_period_end as active
    inner join scopes
        on scopes.fact_segment = coalesce(active.segment, 'unassigned')
    group by active.period_kind, active.period_start, active.period_end, scopes.segment_scope
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rates as (

    select * from event_rates
    union all
    select * from adoption_rates

),

final as (

    select
        kpi,
        period_kind,
        period_start,
        period_end,
        segment_scope,
        cast(round(cast(numerator as {{ dbt.type_float() }}) / denominator, 6) as decimal(28, 6)) as value,
        'ratio' as unit
    from rates

)

select * from final
