with current_rows as (

    {{ connector_current_rows(source('hubspot', 'company'), soft_delete=true) }}

),

final as (

    select
        id as company_id,
        property_name as company_name,
        property_country as country,
        property_state as state,
        property_hubspot_owner_id as owner_id,
        {{ crm_segment(crm_field('hubspot', 'segment')) }} as segment,
        {{ to_timestamp('property_createdate') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
