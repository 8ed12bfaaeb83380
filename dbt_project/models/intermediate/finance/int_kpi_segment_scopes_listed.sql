{# Which KPI rows a fact counts in: every fact counts in segment_scope 'all', and a fact of a known
   segment also counts in its own segment. Facts without a CRM segment (customer not in CRM) are
   fact_segment 'unassigned': they count in 'all' only. #}
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

segments as (

    select distinct segment from accounts
    where segment is not null

),

final as (

    select segment as fact_segment, segment as segment_scope from segments
    union all
    select segment as fact_segment, 'all' as segment_scope from segments
    union all
    select 'unassigned' as fact_segment, 'all' as segment_scope

)

select * from final
