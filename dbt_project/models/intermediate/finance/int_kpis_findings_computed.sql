{# The KPIs made of this run's leakage and tax findings. They read the finding families directly,
   not marts.fct_findings, because fct_findings also unions the collections and cash-application
   findings built here: reading it would close a cycle. Every current finding is open (analysts'
   acknowledgements live in history, outside dbt). #}
{% set reporting_currency = var('reporting_currency') %}

with periods as (

    select * from {{ ref('int_kpi_periods_listed') }}

),

scopes as (

    select * from {{ ref('int_kpi_segment_scopes_listed') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

leakage_findings as (

    select * from {{ ref('int_findings_leakage') }}

),

tax_findings as (

    select * from {{ ref('int_findings_tax') }}

),

invoices_with_a_finding as (

    select distinct invoice_id from leakage_findings where invoice_id is not null
    union
    select distinct invoice_id from tax_findings where invoice_id is not null

),

accuracy_facts as (

    select
        invoices.issued_on as event_date,
        invoices.segment,
        case when invoices_with_a_finding.invoice_id is null then 1 else 0 end as accurate
    from invoices
    left join invoices_with_a_finding
        on invoices_with_a_finding.invoice_id = invoices.invoice_id

),

-- A leakage finding counts in the period its billing period starts in.
leakage_facts as (

    select
        coalesce(leakage_findings.period_start, leakage_findings.period_end) as event_date,
        accounts.segment,
        leakage_findings.amount_at_risk_reporting
    from leakage_findings
    left join accounts
        on accounts.account_id = leakage_findings.account_id

),

invoice_accuracy as (

    select
        'invoice_accuracy_rate' as kpi,
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        scopes.segment_scope,
        cast(round(cast(sum(accuracy_facts.accurate) as {{ dbt.type_float() }}) / count(*), 6) as decimal(28, 6))
            as value,
        'ratio' as unit
    from accuracy_facts
    inner join periods
        on accuracy_facts.event_date between periods.period_start and periods.period_end
    inner join scopes
        on scopes.fact_segment = coalesce(accuracy_facts.segment, 'unassigned')
    group by periods.period_kind, periods.period_start, periods.period_end, scopes.segment_scope

),

leakage_at_risk as (

    select
        'leakage_at_risk' as kpi,
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        scopes.segment_scope,
        cast(sum(leakage_facts.amount_at_risk_reporting) as decimal(28, 6)) as value,
        '{{ reporting_currency }}' as unit
    from leakage_facts
    inner join periods
        on leakage_facts.event_date between periods.period_start and periods.period_end
    inner join scopes
        on scopes.fact_segment = coalesce(leakage_facts.segment, 'unassigned')
    group by periods.period_kind, periods.period_start, periods.period_end, scopes.segment_scope

),

final as (

    select * from invoice_accuracy
    union all
    select * from leakage_at_risk

)

select * from final
