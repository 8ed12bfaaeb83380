{# The AR KPIs of the contract, one row per KPI, period and segment scope (the aging KPIs are
   int_kpis_aging_computed, one per bucket of the aging_buckets seed). A ratio whose
   denominator is zero (no credit sales in a period) is null and is left out of fct_kpis.
   DSO takes the AR a general ledger carries: open invoices less the customer cash received and
   not yet applied to one (unapplied_cash), so it does not depend on which invoice a payment is
   applied to, or when; best-possible DSO counts that cash as current, as aging reports show
   unapplied payments, so ADD (their difference) stays the invoices' past-due AR. open_ar,
   current_ar, the aging KPIs and CEI stay invoice-level. #}
{% set reporting_currency = var('reporting_currency') %}
{% set dso = '(ar_end - unapplied_cash_end) / nullif(credit_sales, 0) * days_in_period' %}
{% set best_possible_dso = '(ar_current_end - unapplied_cash_end) / nullif(credit_sales, 0) * days_in_period' %}
{% set kpis = [
    ('open_ar', 'ar_end', reporting_currency),
    ('current_ar', 'ar_current_end', reporting_currency),
    ('unapplied_cash', 'unapplied_cash_end', reporting_currency),
    ('credit_sales', 'credit_sales', reporting_currency),
    ('dso', dso, 'days'),
    ('best_possible_dso', best_possible_dso, 'days'),
    ('add', dso ~ ' - ' ~ best_possible_dso, 'days'),
    ('cei', '(ar_start + credit_sales - ar_end) / nullif(ar_start + credit_sales - ar_current_end, 0) * 100', 'percent'),
    ('bad_debt_writeoffs', 'bad_debt_writeoffs', reporting_currency),
    ('bad_debt_rate', 'bad_debt_writeoffs / nullif(credit_sales, 0)', 'ratio'),
] %}

with receivables as (

    select * from {{ ref('int_ar_balances_by_period_aggregated') }}

),

final as (

    {% for kpi, expression, unit in kpis %}
    select
        '{{ kpi }}' as kpi,
        period_kind,
        period_start,
        period_end,
        segment_scope,
        cast(round({{ expression }}, 6) as decimal(28, 6)) as value,
        '{{ unit }}' as unit
    from receivables
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
