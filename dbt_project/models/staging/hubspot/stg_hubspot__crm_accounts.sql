{# HubSpot companies as crm.accounts. Country and region: the country and state properties when
   the country is a two-letter code (HubSpot's are free text: a country name is left empty). The
   account manager is the company owner's e-mail. Segment: the custom property
   hubspot_fields.segment, else empty. #}
with companies as (

    select * from {{ ref('stg_hubspot__company') }}

),

final as (

    select
        companies.company_id as account_id,
        companies.company_name as account_name,
        companies.segment,
        case when length(trim(companies.country)) = 2
                  and {{ alphanumeric_upper('companies.country') }} = upper(trim(companies.country))
             then upper(trim(companies.country)) end as billing_country,
        companies.state as billing_region,
        owners.email as owner_email,
        companies.created_at,
        companies._source_file,
        companies._line_number
    from companies
    left join {{ ref('stg_hubspot__owner') }} as owners
        on companies.owner_id = owners.owner_id

)

select * from final
