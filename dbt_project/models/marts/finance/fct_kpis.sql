{# Every KPI as written to kpis.csv: for the trailing 90 days ending at as_of and each calendar
   month, overall (segment null) and per CRM segment. KPIs that are undefined for a period (a zero
   denominator) are left out rather than written as empty. #}
with kpis as (

    select * from {{ ref('int_kpis_receivables_computed') }}
    union all
    select * from {{ ref('int_kpis_aging_computed') }}
    union all
    select * from {{ ref('int_kpis_dso_countback_computed') }}
    union all
    select * from {{ ref('int_kpis_operations_computed') }}
    union all
    select * from {{ ref('int_kpis_findings_computed') }}

),

final as (

    select
        kpi,
        period_start,
        period_end,
        case when segment_scope = 'all' then cast(null as {{ dbt.type_string() }}) else segment_scope end
            as segment,
        value,
        unit
    from kpis
    where value is not null

)

select * from final
