{# Salesforce cases as crm.cases. Category from Case.Type, else Case.Reason: a value naming billing,
   an invoice or a payment -> billing; Other or empty -> other; any other value (Salesforce's
   standard Mechanical, Electrical, Electronic, Structural, Problem, ...) -> technical.
   contacts_to_resolve has no Salesforce field: empty. #}
with cases as (

    select * from {{ ref('stg_salesforce__case') }}

),

final as (

    select
        case_id,
        account_id,
        case
            when upper(coalesce(case_type, case_reason, '')) like '%BILL%'
                 or upper(coalesce(case_type, case_reason, '')) like '%INVOICE%'
                 or upper(coalesce(case_type, case_reason, '')) like '%PAYMENT%' then 'billing'
            when coalesce(upper(trim(coalesce(case_type, case_reason))), 'OTHER') = 'OTHER' then 'other'
            else 'technical'
        end as category,
        opened_at,
        closed_at,
        cast(null as {{ dbt.type_int() }}) as contacts_to_resolve,
        _source_file,
        _line_number
    from cases

)

select * from final
