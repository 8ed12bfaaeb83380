{# Opportunities with the custom fields the setting salesforce_fields names (as text). #}
with current_rows as (

    {{ connector_current_rows(source('salesforce', 'opportunity'), soft_delete=true) }}

),

final as (

    select
        id as opportunity_id,
        account_id,
        name as opportunity_name,
        type as opportunity_type,
        stage_name,
        {{ to_boolean('is_won') }} as is_won,
        {{ to_boolean('is_closed') }} as is_closed,
        currency_iso_code,
        owner_id,
        contract_id,
        cast({{ to_timestamp('close_date') }} as date) as close_date,
        {{ to_timestamp('created_date') }} as created_at,
        {{ crm_deal_field_columns('salesforce') }}
        _source_file,
        _line_number
    from current_rows

)

select * from final
