{# HubSpot tickets as crm.cases. Category from hs_ticket_category's default options: BILLING_ISSUE
   -> billing; PRODUCT_ISSUE -> technical; GENERAL_INQUIRY, FEATURE_REQUEST or empty -> other.
   contacts_to_resolve has no HubSpot property: empty. #}
with tickets as (

    select * from {{ ref('stg_hubspot__ticket') }}

),

final as (

    select
        ticket_id as case_id,
        company_id as account_id,
        case {{ alphanumeric_upper('ticket_category') }}
            when 'BILLINGISSUE' then 'billing' when 'PRODUCTISSUE' then 'technical' else 'other'
        end as category,
        opened_at,
        closed_at,
        cast(null as {{ dbt.type_int() }}) as contacts_to_resolve,
        _source_file,
        _line_number
    from tickets

)

select * from final
