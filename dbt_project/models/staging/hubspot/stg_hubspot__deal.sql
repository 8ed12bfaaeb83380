{# Deals with the custom properties the setting hubspot_fields names (as text). #}
with current_rows as (

    {{ connector_current_rows(source('hubspot', 'deal'), key=['deal_id'], soft_delete=true) }}

),

final as (

    select
        deal_id,
        deal_pipeline_id as pipeline_id,
        coalesce(deal_pipeline_stage_id, property_dealstage) as stage_id,
        {{ to_boolean('property_hs_is_closed_won') }} as is_closed_won,
        property_dealname as deal_name,
        property_dealtype as deal_type,
        property_deal_currency_code as currency,
        coalesce(owner_id, property_hubspot_owner_id) as owner_id,
        cast({{ to_timestamp('property_closedate') }} as date) as close_date,
        {{ crm_deal_field_columns('hubspot') }}
        _source_file,
        _line_number
    from current_rows

)

select * from final
